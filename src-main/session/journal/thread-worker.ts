import { parentPort, workerData } from 'node:worker_threads';
import { ItemEncoder } from './items-codec';
import { emptySummary, JournalFormatError, JournalReader } from './reader';
import { IN_FLIGHT, type ThreadData, type ThreadReply, type ThreadRequest } from './thread';

/**
 * The journal reading thread (journal/thread.ts): JournalReader.items, encoded in batches of
 * about BATCH_ITEMS items (the reader's own batch size: what the other side holds at once).
 */
const BATCH_ITEMS = 256;
const BATCH_VALUES = 60_000;

const port = parentPort!;
const { dir, summary: wantSummary } = workerData as ThreadData;
const send = (m: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let credit = IN_FLIGHT;
let waiting: (() => void) | null = null;
port.on('message', (m: ThreadRequest) => {
  if (!m.ack) return;
  credit++;
  waiting?.();
  waiting = null;
});

const encoder = new ItemEncoder();
async function flush(): Promise<void> {
  const batch = encoder.take();
  if (!batch) return;
  while (credit === 0) await new Promise<void>((resolve) => (waiting = resolve));
  credit--;
  send({ batch }, [batch.values.buffer as ArrayBuffer]);
}

send({ ready: true });
try {
  const reader = await JournalReader.open(dir);
  const summary = wantSummary ? emptySummary() : undefined;
  for await (const items of reader.items(summary)) {
    for (const x of items) {
      encoder.add(x);
      const { items: n, values } = encoder.size;
      if (n >= BATCH_ITEMS || values >= BATCH_VALUES) await flush();
    }
  }
  await flush();
  send({ end: summary ?? null });
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  send({
    error: e instanceof JournalFormatError ? { message, code: e.code, file: e.file } : { message },
  });
}
port.close();
