import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ExportJob } from '../../common/session';
import type { JournalRecord } from '../journal/record';
import { ExportJobs, type ExportJobsOptions } from './export-jobs';
import { NO_PDF_PRINTER } from './export-pdf';
import { asAsync, SESSION_ID, SHA, smallSession, syntheticJournal } from './report.testkit';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

async function setup(
  extra: Partial<ExportJobsOptions> = {},
  records: () => AsyncIterable<JournalRecord> = () =>
    asAsync(syntheticJournal(smallSession({ seconds: 3600 }))),
) {
  const outDir = await mkdtemp(join(tmpdir(), 'report-jobs-'));
  dirs.push(outDir);
  const events: (ExportJob & { at: number })[] = [];
  const jobs = new ExportJobs({
    outDir,
    publish: (job) => events.push({ ...job, at: performance.now() }),
    open: async () => ({ records: records(), sha256: async () => SHA }),
    ...extra,
  });
  return { jobs, events, outDir };
}

describe('export jobs', () => {
  it('runs in the background, reports monotonic progress to 1 and fills files', async () => {
    let total = 0;
    for (const _ of syntheticJournal(smallSession({ seconds: 3600 }))) total++;
    const { jobs, events, outDir } = await setup({ recordCount: async () => total });
    const started = jobs.start(SESSION_ID, 'csv');
    expect(started).toMatchObject({ state: 'running', progress: 0, files: [], downloads: [] });
    const done = await jobs.settled(started.jobId);
    expect(done).toMatchObject({ state: 'done', progress: 1, error: null, downloads: [] });
    const progress = events.map((e) => e.progress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(new Set(progress).size).toBeGreaterThan(2); // it moved on the way
    // At most ~10 events a second.
    const span = (events.at(-1)!.at - events[0]!.at) / 1000;
    expect(events.length).toBeLessThanOrEqual(Math.ceil(span * 10) + 3);
    const [dir] = await readdir(outDir);
    expect(dir).toMatch(new RegExp(`^${SESSION_ID}-csv-\\d{8}T\\d{9}Z$`));
    // Per host (2): cpu-share, rtt and loss tables; vm-facts; 10 summary tables (the predictions
    // too); alerts.
    expect(done!.files.length).toBe(2 * 3 + 1 + 10 + 1);
    expect(done!.files.every((f) => f.startsWith(join(outDir, dir!)))).toBe(true);
  });

  it('stops a cancelled job between chunks and removes its partial output', async () => {
    async function* endless(): AsyncGenerator<JournalRecord> {
      for (let i = 0; ; i++)
        yield* syntheticJournal(
          smallSession({ seconds: 600, t0: Date.UTC(2024, 0, 1) + i * 600_000 }),
        );
    }
    const { jobs, events, outDir } = await setup({}, endless);
    const job = jobs.start(SESSION_ID, 'html');
    while (!events.some((e) => e.progress > 0)) await new Promise((r) => setTimeout(r, 5));
    expect(jobs.cancel(job.jobId)).toBe(true);
    const end = await jobs.settled(job.jobId);
    expect(end).toMatchObject({ state: 'cancelled', files: [], error: null });
    expect(events.at(-1)!.state).toBe('cancelled');
    expect(await readdir(outDir)).toEqual([]);
    expect(jobs.cancel(job.jobId)).toBe(false);
  });

  it('keeps the event loop turning while it works', async () => {
    const { jobs } = await setup();
    const job = jobs.start(SESSION_ID, 'json');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const done = await jobs.settled(job.jobId);
    clearInterval(timer);
    expect(done!.state).toBe('done');
    expect(ticks).toBeGreaterThan(2);
    expect(existsSync(done!.files[0]!)).toBe(true);
  });

  it('fails a PDF job with advice when there is no printer (web mode)', async () => {
    const { jobs, outDir } = await setup();
    const job = jobs.start(SESSION_ID, 'pdf');
    const done = await jobs.settled(job.jobId);
    expect(done).toMatchObject({ state: 'failed', error: NO_PDF_PRINTER, files: [] });
    expect(NO_PDF_PRINTER).toBe(
      'PDF export needs the desktop app; in web mode open the HTML report and print it',
    );
    expect(await readdir(outDir)).toEqual([]);
  });

  it('fails, with the reason, when the journal cannot be read', async () => {
    async function* broken(): AsyncGenerator<JournalRecord> {
      throw new Error('journal segment 2: unsupported version 9');
    }
    const { jobs } = await setup({}, broken);
    const done = await jobs.settled(jobs.start(SESSION_ID, 'json').jobId);
    expect(done).toMatchObject({
      state: 'failed',
      error: 'journal segment 2: unsupported version 9',
    });
  });
});
