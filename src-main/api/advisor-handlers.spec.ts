import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Advice, PredictionCheck, WhatIf } from '../common/advice';
import type { ApiEventEnvelope } from '../common/api';
import type { ClassSwitch, HostSched } from '../common/sched';
import type { AppCore } from './app';
import { startDemoCore } from './core.testkit';

/** The advisor through the contract, on the demo host: advice, a what-if, then the switch. */
describe('the advisor on the demo host', () => {
  let core: AppCore;
  let events: ApiEventEnvelope[];
  let call: <T>(method: string, payload: unknown) => Promise<T>;
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  beforeAll(async () => {
    ({ core, events, call } = await startDemoCore());
  });
  afterAll(() => core.stop());

  it('ranks an I/O-bound VM first and a CPU-bound one last, predicts, and checks the prediction', async () => {
    await sleep(8000);
    const advice = await call<Advice>('getAdvice', { hostId: 'demo', windowSec: 60 });
    expect(advice.ranking).toHaveLength(5);
    expect(['web-frontend', 'voip-gw']).toContain(advice.ranking[0]!.vm);
    expect(advice.ranking[0]!.verdict).toBe('candidate');
    expect(advice.ranking.at(-1)!.verdict).toBe('cpu-bound');
    expect(advice.ranking.filter((r) => r.verdict === 'cpu-bound').map((r) => r.vm)).toContain(
      'batch-worker',
    );

    const sched = (await call<HostSched>('getSched', { hostId: 'demo' }))!;
    const web = sched.vms.find((v) => v.name === 'web-frontend')!;
    const w = await call<WhatIf>('predictSwitch', {
      hostId: 'demo',
      domid: web.domid,
      microsliceMs: 5,
    });
    expect(w.asLsvm.rttP50Ms.mean).toBeLessThan(w.now.rttP50Ms.mean / 2);
    await expect(
      core.dispatch('predictSwitch', { hostId: 'demo', domid: web.domid, microsliceMs: 0 }),
    ).resolves.toMatchObject({ ok: false, error: { code: 'invalid-argument' } });

    const done = await call<ClassSwitch>('switchClass', {
      hostId: 'demo',
      domid: web.domid,
      microsliceMs: 5,
    });
    expect(done.state).toBe('done');
    await sleep(5000);
    const [check] = await call<PredictionCheck[]>('listPredictionChecks', { hostId: 'demo' });
    expect(check).toMatchObject({ switchId: done.id, vm: 'web-frontend', microsliceMs: 5 });
    expect(check!.predictedP50Ms).toBeCloseTo(w.asLsvm.rttP50Ms.mean, 6);
    expect(check!.observedCount).toBeGreaterThan(0);
    expect(events.some((e) => e.name === 'predictionCheck')).toBe(true);
  }, 60_000);
});
