import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountTinyTmpfs, type TinyTmpfs } from './disk-full.testkit';
import { sampleRecord } from './journal.testkit';
import { JournalReader } from './reader';
import type { JournalRecord } from './record';
import { JournalWriter, type JournalPause, type JournalResume } from './writer';

// Room for the records that wait while it is full, once the filler is gone.
const tmpfs = mountTinyTmpfs(256);
const why = typeof tmpfs === 'string' ? tmpfs : '';

/** A full disk while recording: nothing written past a failed write, nothing lost silently. */
describe.skipIf(typeof tmpfs === 'string')(
  `a journal on a disk that fills up${why ? ` (skipped: ${why})` : ''}`,
  () => {
    const fs = tmpfs as TinyTmpfs;
    let filler: string | null = null;
    afterEach(async () => {
      if (filler) await rm(filler, { force: true });
      filler = null;
      for (const f of await readdir(fs.dir))
        await rm(join(fs.dir, f), { recursive: true, force: true });
    });
    if (typeof tmpfs !== 'string') process.once('exit', () => fs.unmount());

    async function record(opts: { bufferLimitBytes: number; whileFull: number }) {
      const dir = join(fs.dir, 'session');
      const pauses: JournalPause[] = [];
      const resumes: JournalResume[] = [];
      const w = new JournalWriter({
        dir,
        sessionId: 's',
        app: 'test',
        flushIntervalMs: 20,
        retryMs: 50,
        bufferLimitBytes: opts.bufferLimitBytes,
        onPause: (p) => pauses.push(p),
        onResume: (r) => resumes.push(r),
      });
      let t = 0;
      const sent: JournalRecord[] = [];
      const append = (n: number) => {
        for (let i = 0; i < n; i++) {
          const r = sampleRecord(++t, 5);
          sent.push(r);
          w.append(r);
        }
      };
      append(20);
      await w.flush();
      filler = await fs.fill();
      append(opts.whileFull);
      await expect.poll(() => pauses.length, { timeout: 5000 }).toBe(1);
      append(opts.whileFull);
      await new Promise((r) => setTimeout(r, 200));
      await rm(filler);
      filler = null;
      await expect.poll(() => resumes.length, { timeout: 5000 }).toBe(1);
      append(20);
      await w.close();
      const raw = Buffer.concat(
        await Promise.all((await readdir(dir)).sort().map((f) => readFile(join(dir, f)))),
      );
      const reader = await JournalReader.open(dir);
      const summary = await reader.summarize();
      const got: JournalRecord[] = [];
      for await (const r of reader.records()) got.push(r);
      return { pauses, resumes, sent, got, raw, summary, writer: w };
    }

    it('pauses, keeps what did not land and writes it when space returns: no hole, no record lost', async () => {
      const r = await record({ bufferLimitBytes: 8 * 1024 * 1024, whileFull: 100 });
      expect(r.pauses[0]!.reason).toMatch(/ENOSPC|no space/i);
      expect(r.resumes[0]!.droppedRecords).toBe(0);
      expect(r.raw.includes(0)).toBe(false);
      expect(r.summary).toMatchObject({ badLines: 0, tornBytes: 0 });
      // Every record, and the pause itself as a gap that lost nothing.
      expect(r.got.filter((x) => x.kind !== 'gap')).toEqual(r.sent);
      const gaps = r.got.filter((x) => x.kind === 'gap');
      expect(gaps).toHaveLength(1);
      expect(gaps[0]).toMatchObject({
        data: { records: 0, reason: expect.stringMatching(/ENOSPC/) },
      });
      expect(r.writer.recordsOnDisk).toBe(r.sent.length + 1);
    });

    it('past its buffer drops the oldest and writes a gap record with their count and time range', async () => {
      const r = await record({ bufferLimitBytes: 16 * 1024, whileFull: 400 });
      const dropped = r.resumes[0]!.droppedRecords;
      expect(dropped).toBeGreaterThan(0);
      expect(r.raw.includes(0)).toBe(false);
      expect(r.summary).toMatchObject({ badLines: 0, tornBytes: 0 });
      const gaps = r.got.filter((x) => x.kind === 'gap');
      expect(gaps).toHaveLength(1);
      const gap = gaps[0]!;
      if (gap.kind !== 'gap') throw new Error('not a gap');
      expect(gap.data.records).toBe(dropped);
      expect(gap.data.reason).toMatch(/ENOSPC|no space/i);
      const samples = r.got.filter((x) => x.kind === 'sample');
      expect(samples.length + dropped).toBe(r.sent.length);
      // What was kept is in order, and the dropped ones are exactly the records the gap's range covers.
      const times = samples.map((x) => x.t);
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const missing = r.sent.map((x) => x.t).filter((t) => !times.includes(t));
      expect(missing).toHaveLength(dropped);
      expect(Math.min(...missing)).toBe(gap.data.from);
      expect(Math.max(...missing)).toBe(gap.data.to);
    });
  },
);
