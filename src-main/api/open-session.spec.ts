import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSample, HostSummary } from '../common/model';
import type { HostSched } from '../common/sched';
import type { SessionInfo } from '../common/session';
import { createAppCore, type AppCore } from './app';

/** Reopening a recorded session read-only (issue 7 item 3): its hosts, from the journal. */
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
    expect(rec).toMatchObject({ kind: 'recorded', name: 'Demo host', group: `Recorded: ${session!.name}`, sessionId: session!.id });
    const listed = await call<HostSummary[]>('listHosts', {});
    expect(listed.find((h) => h.id === rec.id)?.sessionId).toBe(session!.id);
    // Live hosts belong to no session.
    expect(listed.filter((h) => h.kind !== 'recorded').every((h) => h.sessionId === undefined)).toBe(true);

    const history = await call<HostSample[]>('getHistory', { hostId: rec.id });
    expect(history.length).toBeGreaterThanOrEqual(3);
    expect(history.every((s) => s.hostId === rec.id)).toBe(true);
    expect(history.at(-1)?.domains.map((d) => d.name)).toContain('web-frontend');

    const sched = await call<HostSched>('getSched', { hostId: rec.id });
    expect(sched).toMatchObject({ switchable: false, readOnlyReason: 'a recorded session is read-only' });
    const web = sched.vms.find((v) => v.name === 'web-frontend')!;
    const refused = await core.dispatch('switchClass', { hostId: rec.id, domid: web.domid, microsliceMs: 5 });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read-only' } });
    const settings = await core.dispatch('setProbeSettings', { hostId: rec.id, settings: { intervalSec: 5, count: 3 } });
    expect(settings).toMatchObject({ ok: false, error: { code: 'read-only' } });
    const target = await core.dispatch('setProbeTarget', { hostId: rec.id, vm: 'web-frontend', address: '10.0.0.9' });
    expect(target).toMatchObject({ ok: false, error: { code: 'read-only' } });

    await call('closeSession', { id: session!.id });
    expect((await call<HostSummary[]>('listHosts', {})).map((h) => h.id)).not.toContain(rec.id);
  });
});
