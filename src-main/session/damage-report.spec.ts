import { readFile, readdir, rm, stat, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExportJob } from '../common/session';
import { sampleRecord } from './journal/journal.testkit';
import type { Report } from './report/report-schema';
import { createExportJobs } from './session-exports';
import { SessionManager } from './session-manager';

/** A journal with damaged lines: the report and the session list say where, how many, why. */
describe('damage in a journal is reported, not only skipped', () => {
  let dataDir = '';
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('names the six damaged lines and the torn end in every report and in the session list', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vslicer-damage-'));
    const sessions = await SessionManager.open(dataDir, { app: 'test' });
    const info = await sessions.start('damaged');
    for (let t = 1; t <= 60; t++) sessions.record(sampleRecord(t));
    await sessions.stop();
    const dir = join(dataDir, 'sessions', info.id);
    const [segment] = (await readdir(dir)).filter((f) => f.endsWith('.ndjson'));
    const file = join(dir, segment!);
    const lines = (await readFile(file, 'utf8')).split('\n');
    for (const i of [5, 10, 15, 20, 25, 30]) lines[i] = `{"kind":"sample","t":${i},"data":`; // cut short
    await writeFile(file, `${lines.join('\n')}{"torn":`); // and a torn last write
    const jobs = new Map<string, ExportJob>();
    const exports = createExportJobs(sessions, join(dataDir, 'exports'), (j) =>
      jobs.set(j.jobId, j),
    );
    const settle = async (format: 'json' | 'html') => {
      const job = exports.start(info.id, format);
      const done = await exports.settled(job.jobId);
      expect(done?.state).toBe('done');
      return done!.files[0]!;
    };
    const report = JSON.parse(await readFile(await settle('json'), 'utf8')) as Report;
    expect(report.integrity.damage).toMatchObject({ badLines: 6, tornBytes: '{"torn":'.length });
    expect(report.integrity.damage!.samples.map((b) => b.line)).toEqual([6, 11, 16, 21, 26, 31]);
    expect(report.integrity.damage!.samples[0]!.reason).toMatch(/JSON/i);
    const html = await readFile(await settle('html'), 'utf8');
    expect(html).toContain('6 unreadable lines skipped');
    expect(html).toContain('8 bytes of a torn last write dropped');
    expect(sessions.list()[0]!.damage).toMatchObject({ badLines: 6, tornBytes: 8 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
