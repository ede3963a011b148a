import type { Worker } from 'node:worker_threads';
import { startThread } from '../thread-start';
import type { JournalItem } from './columns';
import { ItemDecoder, type ItemBatch } from './items-codec';
import {
  JournalFormatError,
  JournalReader,
  type JournalErrorCode,
  type JournalSummary,
} from './reader';

/**
 * JournalReader.items on a worker thread: the thread reads, parses and checks the journal while
 * this one uses the items (a report export). Parsing is the biggest single cost of an export —
 * 2.6 s of a 24-hour, 100-VM journal's CSV export — and the machine has a second core. Items
 * cross as numbers (journal/items-codec.ts); the thread keeps at most IN_FLIGHT batches ahead, so
 * a slow consumer never makes it read the whole journal into memory. Stopping the iteration
 * early (a cancelled export) stops the thread. Where no thread can start, the same pass runs here.
 */
export interface ThreadRequest {
  ack: true;
}

export type SerializedError = { message: string; code?: JournalErrorCode; file?: string | null };

export type ThreadReply =
  | { ready: true }
  | { batch: ItemBatch }
  | { end: JournalSummary | null }
  | { error: SerializedError };

/** Batches the thread may send before this side has taken them. */
export const IN_FLIGHT = 4;
/** The thread's bundle entry when built (electron.config.ts), and its source beside this file. */
const WORKER_ENTRY = 'journal-thread-worker';
const WORKER_SOURCE = 'thread-worker.ts';

export interface ThreadData {
  dir: string;
  /** Whether to fill a summary (and hash the journal) for the caller. */
  summary: boolean;
}

type Inbound = ThreadReply | { stopped: string };

export interface ThreadOptions {
  /** Told why the pass runs in this thread after all (slower: the log should say so). */
  onFallback?(why: string): void;
  /** Starts the thread (tests); null: there is none. */
  start?(data: ThreadData): Worker | null;
}

export async function* readOnThread(
  dir: string,
  summary?: JournalSummary,
  opts: ThreadOptions = {},
): AsyncGenerator<JournalItem[]> {
  let worker: Worker | null;
  let why = 'no worker file was found';
  try {
    worker = (opts.start ?? startWorker)({ dir, summary: summary !== undefined });
  } catch (e) {
    worker = null;
    why = e instanceof Error ? e.message : String(e);
  }
  if (!worker) {
    opts.onFallback?.(why);
    yield* (await JournalReader.open(dir)).items(summary);
    return;
  }
  const inbox: Inbound[] = [];
  let wake: (() => void) | null = null;
  const deliver = (m: Inbound) => {
    inbox.push(m);
    wake?.();
    wake = null;
  };
  worker.on('message', deliver);
  worker.on('error', (e) => deliver({ stopped: e.message }));
  worker.on('exit', (code) => deliver({ stopped: `it exited (${code})` }));
  const decoder = new ItemDecoder();
  let ready = false;
  try {
    for (;;) {
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const m = inbox.shift()!;
      if ('ready' in m) ready = true;
      else if ('batch' in m) {
        const items = decoder.decode(m.batch);
        worker.postMessage({ ack: true } satisfies ThreadRequest);
        yield items;
      } else if ('end' in m) {
        if (summary && m.end) Object.assign(summary, m.end);
        return;
      } else if ('error' in m) {
        const e = m.error;
        throw e.code
          ? new JournalFormatError(e.code, e.message, e.file ?? null)
          : new Error(e.message);
      } else if (!ready) {
        // The thread could not even load (its file missing, a packaged app that cannot run it).
        opts.onFallback?.(m.stopped);
        yield* (await JournalReader.open(dir)).items(summary);
        return;
      } else throw new Error(`The journal reading thread stopped: ${m.stopped}`);
    }
  } finally {
    void worker.terminate();
  }
}

const startWorker = (workerData: ThreadData): Worker | null =>
  startThread(import.meta.url, { entry: WORKER_ENTRY, source: WORKER_SOURCE }, workerData);
