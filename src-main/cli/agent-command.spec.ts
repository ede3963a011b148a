import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JournalRecord } from '../session/journal/record';
import { emptySummary } from '../session/journal/reader';
import { SessionManager } from '../session/session-manager';

const MAIN = resolve(__dirname, 'main.ts');
const TOKEN = 'agent-test-token-0123456789';

/** `vslicer agent` as a process: /metrics behind the token, and SIGTERM loses no journal data. */
describe('vslicer agent', () => {
  let dir: string;
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('serves /metrics with the bearer token and, on SIGTERM, has every counted frame in its journal', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vslicer-agent-'));
    const tokenFile = join(dir, 'metrics.token');
    await writeFile(tokenFile, `${TOKEN}\n`, { mode: 0o600 });
    const dataDir = join(dir, 'data');
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        MAIN,
        'agent',
        '--demo',
        '--metrics-listen',
        '127.0.0.1:0',
        '--metrics-token-file',
        tokenFile,
      ],
      { env: { ...process.env, VSLICER_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const url = await new Promise<string>((ready, fail) => {
      child.stdout.on('data', (d: Buffer) => {
        const m = /Metrics for Prometheus at (\S+) \(bearer token from /.exec(d.toString());
        if (m) ready(m[1]!);
      });
      child.on('exit', () => fail(new Error('the agent exited before serving')));
    });
    expect((await fetch(url)).status).toBe(401);
    const frames = async () => {
      const text = await (
        await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })
      ).text();
      return Number(
        /^vslicer_host_xentop_frames_total\{host="demo"\} (\d+)$/m.exec(text)?.[1] ?? 0,
      );
    };
    let counted = 0;
    for (let i = 0; i < 100 && counted < 3; i++) {
      await new Promise((r) => setTimeout(r, 200));
      counted = await frames();
    }
    expect(counted).toBeGreaterThanOrEqual(3);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    const manager = await SessionManager.open(dataDir);
    const [session, ...others] = manager.list();
    expect(others).toEqual([]);
    expect(session).toMatchObject({ interrupted: false, recording: false, hosts: ['Demo host'] });
    const summary = emptySummary();
    const records: JournalRecord[] = [];
    for await (const r of (await manager.reader(session!.id)).records(summary)) records.push(r);
    expect(records.filter((r) => r.kind === 'sample').length).toBeGreaterThanOrEqual(counted);
    expect(summary.badLines).toBe(0);
  }, 40_000);
});
