import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../session/journal/record';
import { emptySummary } from '../session/journal/reader';
import { SessionManager } from '../session/session-manager';

/**
 * The whole core on the demo host records from the start; kill -9 it and the
 * next start lists the session as interrupted and reads it back up to the last flushed second.
 */
const APP = resolve(__dirname, 'app.ts');
const CHILD = `
import { createAppCore } from ${JSON.stringify(APP)};
const core = await createAppCore({ mode: 'web', version: 'test', dataDir: process.env.VSLICER_DATA_DIR, log: () => {} });
core.start();
process.stdout.write('recording\\n');
setInterval(() => {}, 1000);
`;

describe('recovery after kill -9', () => {
  let dataDir: string;
  afterEach(() => rm(dataDir, { recursive: true, force: true }));

  it('lists the killed session as interrupted and reads it up to the last flushed second', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vslicer-kill-'));
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      env: { ...process.env, VSLICER_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((done) =>
      child.on('exit', (_code, signal) => done(signal)),
    );
    await new Promise<void>((ready, fail) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('recording') && ready());
      child.on('exit', () => fail(new Error('the app exited before recording')));
    });
    const startedAt = Date.now();
    await new Promise((r) => setTimeout(r, 3000));
    const killedAt = Date.now();
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const manager = await SessionManager.open(dataDir);
    const [session, ...others] = manager.list();
    expect(others).toEqual([]);
    expect(session).toMatchObject({
      interrupted: true,
      recording: false,
      endedAt: null,
      hosts: ['Demo host'],
    });

    const summary = emptySummary();
    const records: JournalRecord[] = [];
    for await (const r of (await manager.reader(session!.id)).records(summary)) records.push(r);
    const samples = records.filter((r) => r.kind === 'sample');
    const runtimeSec = Math.floor((killedAt - startedAt) / 1000);
    expect(samples.length).toBeGreaterThanOrEqual(runtimeSec - 1);
    // The last second before the kill may be lost, no more (flushes every 0.5 s; samples at 1 Hz).
    expect(killedAt - samples.at(-1)!.t).toBeLessThan(2000);
    expect(records.some((r) => r.kind === 'host')).toBe(true);
    expect(summary.badLines).toBe(0);
    expect(session!.records).toBe(records.length);
  }, 20_000);
});
