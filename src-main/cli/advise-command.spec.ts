import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NET_ACTIVE_KIB_PER_S } from '../advisor/ranking';
import { createAppCore } from '../api/app';
import { AdviseOutputSchema, adviseJsonSchema, type WhatIf } from '../common/advice';
import { HostConfigSchema } from '../common/host-config';
import { HostConfigStore } from '../hosts/config/host-config-store';
import type { ClassSwitch, HostSched } from '../common/sched';
import { JournalReader } from '../session/journal/reader';
import { renderHtml } from '../session/report/export-html';
import { ReportBuilder } from '../session/report/report-model';
import { adviseCommand } from './advise-command';

const DOC = resolve(__dirname, '../../docs/advice-schema.json');

/** The one session recorded in a data directory. */
function sessionDir(dataDir: string): string {
  const sessions = join(dataDir, 'sessions');
  return join(sessions, readdirSync(sessions)[0]!);
}

/** The command's io, its standard output kept. */
function captured() {
  let out = '';
  const io = {
    stdout: (t: string) => void (out += t),
    stderr: () => {},
    readStdin: async () => '',
  };
  return { io, stdout: () => out, reset: () => void (out = '') };
}

describe('vslicer advise', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-advise-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('docs/advice-schema.json is the generated JSON Schema (UPDATE_ADVICE_SCHEMA=1 rewrites it)', async () => {
    const generated = adviseJsonSchema();
    if (process.env.UPDATE_ADVICE_SCHEMA === '1') await writeFile(DOC, generated);
    expect(await readFile(DOC, 'utf8')).toBe(generated);
  });

  it('advises on a recorded session, with the prediction it checked kept in the journal and the report', async () => {
    // Record a session of the demo host: a what-if, then the switch it predicted.
    const core = await createAppCore({ mode: 'web', version: 'test', dataDir, log: () => {} });
    const call = async <T>(method: string, payload: unknown): Promise<T> => {
      const r = await core.dispatch(method, payload);
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as T;
    };
    core.start();
    await call('setProbeSettings', { hostId: 'demo', settings: { intervalSec: 1, count: 5 } });
    await new Promise((r) => setTimeout(r, 6000));
    const sched = (await call<HostSched | null>('getSched', { hostId: 'demo' }))!;
    const web = sched.vms.find((v) => v.name === 'web-frontend')!;
    const w = await call<WhatIf>('predictSwitch', {
      hostId: 'demo',
      domid: web.domid,
      microsliceMs: 5,
    });
    await call<ClassSwitch>('switchClass', { hostId: 'demo', domid: web.domid, microsliceMs: 5 });
    await new Promise((r) => setTimeout(r, 4000));
    core.stop();
    const dir = sessionDir(dataDir);
    const { io, stdout, reset } = captured();
    expect(await adviseCommand.run([dir, '--window', '60', '--json'], io)).toBe(0);
    const out = AdviseOutputSchema.parse(JSON.parse(stdout()));
    expect(out.source).toEqual({ kind: 'journal', path: dir });
    const [demo] = out.hosts;
    expect(demo!.advice.ranking).toHaveLength(5);
    expect(demo!.advice.ranking.find((r) => r.vm === 'web-frontend')?.verdict).toBe('lsvm');
    expect(demo!.advice.ranking.at(-1)?.verdict).toBe('cpu-bound');
    expect(demo!.checks).toHaveLength(1);
    expect(demo!.checks[0]).toMatchObject({ vm: 'web-frontend', microsliceMs: 5 });
    expect(demo!.checks[0]!.predictedP50Ms).toBeCloseTo(w.asLsvm.rttP50Ms.mean, 6);
    expect(demo!.checks[0]!.observedCount).toBeGreaterThan(0);

    const b = new ReportBuilder({ charts: false });
    for await (const batch of (await JournalReader.open(dir)).items())
      for (const x of batch) b.add(x);
    const report = b.finish({ sessionId: 'x', journalSha256: 'a'.repeat(64) });
    expect(report.predictions).toEqual(demo!.checks);
    expect(renderHtml(report)).toContain('Advisor predictions against observations');

    // Reopened in the app, the recorded host shows the check again.
    const again = await createAppCore({ mode: 'web', version: 'test', dataDir, log: () => {} });
    try {
      const id = basename(dir);
      const [rec] = await again.handlers.openSession({ id });
      const checks = await again.handlers.listPredictionChecks({ hostId: rec!.id });
      expect(checks).toEqual(demo!.checks.map((c) => ({ ...c, hostId: rec!.id })));
    } finally {
      again.stop();
    }

    reset();
    expect(await adviseCommand.run([dir, '--window', '60'], io)).toBe(0);
    expect(stdout()).toMatch(/checked: web-frontend at 5 ms, predicted median/);
  }, 60_000);

  it("judges the demo host's I/O-bound guests from its journal as it does live: the network counters are recorded", async () => {
    const own = mkdtempSync(join(tmpdir(), 'vslicer-advise-net-'));
    try {
      const core = await createAppCore({
        mode: 'web',
        version: 'test',
        dataDir: own,
        log: () => {},
      });
      core.start();
      const r = await core.dispatch('setProbeSettings', {
        hostId: 'demo',
        settings: { intervalSec: 1, count: 5 },
      });
      expect(r.ok).toBe(true);
      await new Promise((done) => setTimeout(done, 8000));
      const live = await core.handlers.getAdvice({ hostId: 'demo', windowSec: 60 });
      core.stop();
      const { io, stdout } = captured();
      expect(await adviseCommand.run([sessionDir(own), '--window', '60', '--json'], io)).toBe(0);
      const recorded = AdviseOutputSchema.parse(JSON.parse(stdout())).hosts[0]!.advice;
      const verdicts = (a: typeof live) =>
        Object.fromEntries(a.ranking.map((x) => [x.vm, x.verdict]));
      for (const vm of ['web-frontend', 'voip-gw']) {
        const e = recorded.evidence.find((x) => x.vm === vm)!;
        expect(e.netKiBPerS).toBeGreaterThanOrEqual(NET_ACTIVE_KIB_PER_S);
        expect(verdicts(recorded)[vm]).toBe('candidate');
      }
      expect(verdicts(recorded)['batch-worker']).toBe('cpu-bound');
      expect(verdicts(recorded)).toEqual(verdicts(live));
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  }, 60_000);

  it('--live on a saved host reads the data directory but records nothing there', async () => {
    const own = mkdtempSync(join(tmpdir(), 'vslicer-advise-live-'));
    const before = process.env.VSLICER_DATA_DIR;
    process.env.VSLICER_DATA_DIR = own;
    try {
      // A saved host that refuses connections: the run watches it, advises on nothing, and ends.
      await new HostConfigStore(own).save([
        HostConfigSchema.parse({
          id: 'gone',
          name: 'Gone',
          address: '127.0.0.1',
          port: 1,
          user: 'root',
        }),
      ]);
      const { io, stdout } = captured();
      const status = await adviseCommand.run(
        ['--live', '--host', 'gone', '--watch', '1', '--json'],
        io,
      );
      expect(status).toBe(0);
      const out = AdviseOutputSchema.parse(JSON.parse(stdout()));
      expect(out.hosts.map((h) => [h.hostId, h.name])).toEqual([['gone', 'Gone']]);
      expect(out.hosts[0]!.advice.ranking).toEqual([]);
      // No session (the app recording beside it keeps the only one), and the saved hosts untouched.
      expect(existsSync(join(own, 'sessions'))).toBe(false);
      expect(readdirSync(own).sort()).toEqual(['hosts.json']);
    } finally {
      if (before === undefined) delete process.env.VSLICER_DATA_DIR;
      else process.env.VSLICER_DATA_DIR = before;
      rmSync(own, { recursive: true, force: true });
    }
  }, 30_000);

  it('says how to use it', async () => {
    let stderr = '';
    const io = {
      stdout: () => {},
      stderr: (t: string) => void (stderr += t),
      readStdin: async () => '',
    };
    expect(await adviseCommand.run([], io)).toBe(2);
    expect(stderr).toMatch(/usage: vslicer advise <JOURNAL_DIR>/);
  });
});
