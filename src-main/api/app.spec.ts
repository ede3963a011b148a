import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEventEnvelope } from '../common/api';
import type { ClassSwitch, HostSched, LatencySample } from '../common/sched';
import type { AppCore } from './app';
import { startDemoCore } from './core.testkit';

/** The whole core on the demo host, as a window sees it: calls in, events out. */
describe('the core on the demo host', () => {
  let core: AppCore;
  let events: ApiEventEnvelope[];
  let call: <T>(method: string, payload: unknown) => Promise<T>;
  const until = async <T>(find: () => T | undefined, ms: number): Promise<T> => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = find();
      if (hit !== undefined) return hit;
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rtts = (vm: string, from: number, to = Infinity) =>
    events
      .filter((e) => e.name === 'latencySample')
      .map((e) => e.payload as LatencySample)
      .filter((s) => s.vm === vm && s.t > from && s.t <= to)
      .flatMap((s) => s.rttMs.filter((r): r is number => r !== null));

  beforeAll(async () => {
    ({ core, events, call } = await startDemoCore());
  });
  afterAll(() => core.stop());

  it('lists every guest as an NLSVM at start, with discovered probe addresses', async () => {
    const sched = await until(
      () => events.find((e) => e.name === 'hostSched')?.payload as HostSched | undefined,
      8000,
    );
    expect(sched.switchable).toBe(true);
    expect(sched.tsliceMs).toBe(30);
    expect(sched.vms.map((v) => v.name).sort()).toEqual([
      'batch-worker',
      'db-report',
      'video-encode',
      'voip-gw',
      'web-frontend',
    ]);
    expect(sched.vms.every((v) => v.vmClass === 'NLSVM')).toBe(true);
    // Host facts from `xl info`, for the record and the reports.
    const [demo] = await call<Array<{ xenVersion: string | null; scheduler: string | null }>>(
      'listHosts',
      {},
    );
    expect(demo?.xenVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(demo?.scheduler).toBe('vslicer');
    const web = await until(() => {
      const t = events.filter((e) => e.name === 'probeTargets').at(-1)?.payload as
        { targets: Array<{ vm: string; address: string | null }> } | undefined;
      return t?.targets.find((x) => x.vm === 'web-frontend' && x.address);
    }, 8000);
    expect(web.address).toMatch(/^192\.0\.2\.\d+$/);
  });

  it('proposes a microslice, switches web-frontend to LSVM, verifies it, and its latency drops', async () => {
    const sched = (await call<HostSched>('getSched', { hostId: 'demo' }))!;
    const web = sched.vms.find((v) => v.name === 'web-frontend')!;
    const plan = await call<{ proposedMs: number; options: Array<{ microsliceMs: number }> }>(
      'planMicroslice',
      { hostId: 'demo', domid: web.domid },
    );
    expect(plan.options.length).toBeGreaterThan(0);
    expect(plan.proposedMs).toBeGreaterThan(0);
    const preview = await call<{ command: string }>('previewClassSwitch', {
      hostId: 'demo',
      domid: web.domid,
      microsliceMs: plan.proposedMs,
    });
    expect(preview.command).toBe(`xl sched-vslicer -d ${web.domid} -m ${plan.proposedMs}`);

    await until(() => (rtts('web-frontend', 0).length >= 25 ? true : undefined), 15_000);
    const before = median(rtts('web-frontend', 0));
    const sw = await call<ClassSwitch>('switchClass', {
      hostId: 'demo',
      domid: web.domid,
      microsliceMs: plan.proposedMs,
    });
    expect(sw).toMatchObject({
      state: 'done',
      readBackMs: plan.proposedMs,
      to: { vmClass: 'LSVM' },
    });
    await until(
      () => (rtts('web-frontend', sw.finishedAt!).length >= 25 ? true : undefined),
      15_000,
    );
    const after = median(rtts('web-frontend', sw.finishedAt!));
    expect(after).toBeLessThan(before * 0.5);

    const undone = await call<ClassSwitch>('undoClassSwitch', { switchId: sw.id });
    expect(undone).toMatchObject({
      state: 'done',
      undoOf: sw.id,
      to: { vmClass: 'NLSVM', microsliceMs: 0 },
    });
  }, 45_000);

  it('shows the host’s error and keeps the class when the host refuses a switch', async () => {
    await call('setDemoBehaviour', { rejectSwitches: true });
    const sched = (await call<HostSched>('getSched', { hostId: 'demo' }))!;
    const voip = sched.vms.find((v) => v.name === 'voip-gw')!;
    const sw = await call<ClassSwitch>('switchClass', {
      hostId: 'demo',
      domid: voip.domid,
      microsliceMs: 5,
    });
    expect(sw.state).toBe('failed');
    expect(sw.exitCode).toBe(1);
    expect(sw.hostReply).toMatch(/reject class switches/);
    const after = (await call<HostSched>('getSched', { hostId: 'demo' }))!;
    expect(after.vms.find((v) => v.domid === voip.domid)?.vmClass).toBe('NLSVM');
    await call('setDemoBehaviour', { rejectSwitches: false });
  });

  it('refuses an out-of-range microslice before anything runs', async () => {
    const r = await core.dispatch('switchClass', { hostId: 'demo', domid: 1, microsliceMs: 31 });
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error.message).toMatch(/microslice/i);
  });
});
