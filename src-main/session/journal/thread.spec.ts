import { readdirSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemRecords, type JournalItem } from './columns';
import { emptySummary, JournalFormatError, JournalReader, type JournalSummary } from './reader';
import type { JournalRecord } from './record';
import { readOnThread, type ThreadOptions } from './thread';
import { JournalWriter } from './writer';
import { smallSession, syntheticJournal } from '../report/report.testkit';

/** JournalReader.items on a worker thread (journal/thread.ts): the same pass, on another core. */
describe('reading a journal on a thread', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'journal-thread-'));
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes: 256 * 1024 });
    for (const r of syntheticJournal(smallSession({ jitter: true }))) w.append(r);
    await w.close();
    // What a crash and a hand edit leave: a bad line in the middle, a torn one at the end.
    await appendFile(join(dir, 'journal-000001.ndjson'), '{"kind":"note","t":1,"data":{}}\n');
    const last = readdirSync(dir)
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .at(-1)!;
    await appendFile(join(dir, last), '["sample",1,"a');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function read(items: AsyncIterable<JournalItem[]>): Promise<JournalRecord[]> {
    const out: JournalRecord[] = [];
    for await (const batch of items) for (const x of batch) itemRecords(x, out);
    return out;
  }

  async function here(): Promise<{ records: JournalRecord[]; summary: JournalSummary }> {
    const summary = emptySummary();
    const records = await read((await JournalReader.open(dir)).items(summary));
    return { records, summary };
  }

  it('yields what the reader yields here, with the same summary and hash — on a thread', async () => {
    const expected = await here();
    expect(expected.summary.badLines).toBe(1);
    expect(expected.summary.tornBytes).toBe(14);
    const fallbacks: string[] = [];
    const summary = emptySummary();
    const records = await read(
      readOnThread(dir, summary, { onFallback: (why) => fallbacks.push(why) }),
    );
    expect(fallbacks).toEqual([]);
    expect(records).toEqual(expected.records);
    expect(summary).toEqual(expected.summary);
  });

  it('falls back to this thread when none can start, or it dies before its first word, and says why', async () => {
    const expected = await here();
    const cases: [string, ThreadOptions['start'], RegExp][] = [
      ['no worker', () => null, /no worker file/],
      [
        'cannot load',
        () => new Worker('throw new Error("cannot load the module")', { eval: true }),
        /cannot load the module/,
      ],
    ];
    for (const [, start, why] of cases) {
      const fallbacks: string[] = [];
      const summary = emptySummary();
      const records = await read(
        readOnThread(dir, summary, { start, onFallback: (w) => fallbacks.push(w) }),
      );
      expect(fallbacks).toEqual([expect.stringMatching(why)]);
      expect(records).toEqual(expected.records);
      expect(summary).toEqual(expected.summary);
    }
  });

  it('stops the thread when the reading stops early, leaving no file open', async () => {
    const fds = () => readdirSync('/proc/self/fd').length;
    const before = fds();
    let batches = 0;
    for await (const _ of readOnThread(dir, emptySummary())) if (++batches === 2) break;
    expect(batches).toBe(2);
    // The thread's files close as it is torn down.
    for (let i = 0; i < 50 && fds() > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fds()).toBeLessThanOrEqual(before);
  });

  it('passes the reader’s typed errors on', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'journal-thread-empty-'));
    try {
      await expect(read(readOnThread(empty))).rejects.toMatchObject({
        name: 'JournalFormatError',
        code: 'no-journal',
      });
      await writeFile(join(empty, 'journal-000001.ndjson'), '{"kind":"header","format":"other"}\n');
      const e = await read(readOnThread(empty)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(JournalFormatError);
      expect(e).toMatchObject({ code: 'unknown-format' });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });
});
