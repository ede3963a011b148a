import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertList } from '../common/alerts';
import { sampleAlert } from '../common/alerts.testkit';
import type { HostSample, HostSummary } from '../common/model';
import type { HostSched } from '../common/sched';
import type { SessionInfo } from '../common/session';
import { smallSession, syntheticJournal, T0 } from '../session/report/report.testkit';
import { SessionManager } from '../session/session-manager';
import { createAppCore, type AppCore } from './app';

/** Reopening a recorded session read-only: its hosts, from the journal. */
describe('openSession', () => {
  let core: AppCore;
  let dir: string;
  const call = async <T>(method: string, payload: unknown): Promise<T> => {
    const r = await core.dispatch(method, payload);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vslicer-open-'));
    core = await createAppCore({ mode: 'web', version: 'test', dataDir: dir, log: () => {} });
    core.start();
    await new Promise((r) => setTimeout(r, 4500));
    await call('stopRecording', {});
  }, 20_000);
  afterAll(() => {
    core.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the recorded hosts read-only, with their samples and last listing', async () => {
    const [session] = await call<SessionInfo[]>('listSessions', {});
    expect(session?.recording).toBe(false);
    const hosts = await call<HostSummary[]>('openSession', { id: session!.id });
    expect(hosts).toHaveLength(1);
    const rec = hosts[0]!;
    expect(rec).toMatchObject({
      kind: 'recorded',
      name: 'Demo host',
      group: `Recorded: ${session!.name}`,
      sessionId: session!.id,
    });
    const listed = await call<HostSummary[]>('listHosts', {});
    expect(listed.find((h) => h.id === rec.id)?.sessionId).toBe(session!.id);
    // Live hosts belong to no session.
    expect(
      listed.filter((h) => h.kind !== 'recorded').every((h) => h.sessionId === undefined),
    ).toBe(true);

    const history = await call<HostSample[]>('getHistory', { hostId: rec.id });
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history.every((s) => s.hostId === rec.id)).toBe(true);
    expect(history.at(-1)?.domains.map((d) => d.name)).toContain('web-frontend');

    const sched = await call<HostSched>('getSched', { hostId: rec.id });
    expect(sched).toMatchObject({
      switchable: false,
      readOnlyReason: 'a recorded session is read-only',
    });
    const web = sched.vms.find((v) => v.name === 'web-frontend')!;
    const refused = await core.dispatch('switchClass', {
      hostId: rec.id,
      domid: web.domid,
      microsliceMs: 5,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read-only' } });
    const settings = await core.dispatch('setProbeSettings', {
      hostId: rec.id,
      settings: { intervalSec: 5, count: 3 },
    });
    expect(settings).toMatchObject({ ok: false, error: { code: 'read-only' } });
    const target = await core.dispatch('setProbeTarget', {
      hostId: rec.id,
      vm: 'web-frontend',
      address: '10.0.0.9',
    });
    expect(target).toMatchObject({ ok: false, error: { code: 'read-only' } });

    await call('closeSession', { id: session!.id });
    expect((await call<HostSummary[]>('listHosts', {})).map((h) => h.id)).not.toContain(rec.id);
  });
});

/** A long session is thinned evenly to what the views keep, outages still marked (open-session.ts). */
describe('openSession of a long recording', () => {
  let core: AppCore;
  let dir: string;
  let id: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vslicer-open-long-'));
    const manager = await SessionManager.open(dir);
    id = (await manager.start('long')).id;
    const opts = smallSession({
      seconds: 10_000,
      switches: [],
      outage: { hostId: 'lab-b', atSec: 5001, seconds: 21 },
    });
    let n = 0;
    for (const r of syntheticJournal(opts)) {
      manager.record(r);
      if (++n % 5000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await manager.stop();
    core = await createAppCore({ mode: 'web', version: 'test', dataDir: dir, log: () => {} });
  }, 60_000);
  afterAll(async () => {
    // Opening publishes host changes, which start a recording (auto-start): end it before removing its directory.
    await core.dispatch('stopRecording', {});
    core.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps every other sample of 10,000 s, evenly, with the outage marked on the first sample after it', async () => {
    const r = await core.dispatch('openSession', { id });
    if (!r.ok) throw new Error(r.error.message);
    const hosts = r.value as HostSummary[];
    const b = hosts.find((h) => h.name === 'lab, "b"')!;
    const a = hosts.find((h) => h.name === 'lab-a')!;
    const history = async (hostId: string) => {
      const h = await core.dispatch('getHistory', { hostId });
      if (!h.ok) throw new Error(h.error.message);
      return h.value as HostSample[];
    };
    const ha = await history(a.id);
    // 10,000 samples thinned 1:2 past 7,200; the view's ring keeps the last 3,600 of them.
    expect(ha).toHaveLength(3600);
    const steps = new Set(ha.slice(1).map((s, i) => s.t - ha[i]!.t));
    expect([...steps]).toEqual([2000]);
    expect(ha.some((s) => s.gapBefore)).toBe(false);
    expect(ha.at(-1)!.domains.map((d) => d.name)).toEqual(['Domain-0', 'vm1', 'vm2', 'vm3']);
    const hb = await history(b.id);
    const gaps = hb.filter((s) => s.gapBefore);
    expect(gaps).toHaveLength(1);
    // The first sample after the outage (5,022 s) is the 5,002nd: dropped when the series was
    // halved at 7,200, its mark moved to the next one kept.
    expect((gaps[0]!.t - T0) / 1000).toBe(5023);
  });
});

/** A reopened session lists the alerts it recorded on its hosts, and nothing raised now. */
describe('openSession with recorded alerts', () => {
  let core: AppCore;
  let dir: string;
  let id: string;
  const alert = (state: 'raised' | 'cleared', at: number) =>
    sampleAlert('a-1', state, {
      hostId: 'lab-a',
      vm: 'vm1',
      raisedAt: T0 + 10_000,
      clearedAt: state === 'cleared' ? at : null,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vslicer-open-alerts-'));
    const manager = await SessionManager.open(dir);
    id = (await manager.start('alerts')).id;
    for (const r of syntheticJournal(smallSession({ seconds: 60, switches: [] })))
      manager.record(r);
    manager.record({ kind: 'alert', t: T0 + 10_000, data: alert('raised', T0 + 10_000) });
    manager.record({ kind: 'alert', t: T0 + 40_000, data: alert('cleared', T0 + 40_000) });
    await manager.stop();
    core = await createAppCore({ mode: 'web', version: 'test', dataDir: dir, log: () => {} });
  }, 30_000);
  afterAll(async () => {
    await core.dispatch('stopRecording', {});
    core.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the raise and the clear on the recorded host, newest first, and forgets them when it closes', async () => {
    const list = async (hostId?: string) => {
      const r = await core.dispatch('listAlerts', hostId ? { hostId } : {});
      if (!r.ok) throw new Error(r.error.message);
      return r.value as AlertList;
    };
    const r = await core.dispatch('openSession', { id });
    if (!r.ok) throw new Error(r.error.message);
    const rec = (r.value as HostSummary[]).find((h) => h.name === 'lab-a')!;
    const recorded = await list(rec.id);
    expect(recorded.active).toEqual([]);
    expect(recorded.history.map((a) => [a.state, a.hostId, a.vm])).toEqual([
      ['cleared', rec.id, 'vm1'],
      ['raised', rec.id, 'vm1'],
    ]);
    // The other recorded host and the live hosts do not list them.
    const other = (r.value as HostSummary[]).find((h) => h.name !== 'lab-a')!;
    expect((await list(other.id)).history).toEqual([]);
    expect((await list()).history.some((a) => a.hostId === rec.id)).toBe(false);

    const closed = await core.dispatch('closeSession', { id });
    expect(closed.ok).toBe(true);
    expect((await list(rec.id)).history).toEqual([]);
  });
});
