import { describe, expect, it } from 'vitest';
import { hostSched, vmSched } from '../common/sched.testkit';
import { advise } from './advise';
import { demoLsvmP50, observeDemo } from './demo-observation.testkit';
import { modelHost, runWhatIf } from './what-if';

describe('what-if', () => {
  it("predicts the demo's web-frontend as an LSVM within ±30 % of the engine's own run", () => {
    const seen = observeDemo(30);
    const { evidence } = advise('demo', seen);
    const web = seen.sched!.vms.find((v) => v.name === 'web-frontend')!;
    const w = runWhatIf({
      hostId: 'demo',
      sched: seen.sched!,
      evidence,
      guestPcpus: 1,
      domid: web.domid,
      microsliceMs: 5,
    });
    if (typeof w === 'string') throw new Error(w);
    const perSeed = demoLsvmP50('web-frontend', 5, [5, 6, 7, 8]);
    const truth = perSeed.reduce((a, b) => a + b, 0) / perSeed.length;
    expect(Math.abs(w.asLsvm.rttP50Ms.mean - truth) / truth).toBeLessThan(0.3);
    // As it is, it waits behind four 30 ms slices; as an LSVM its p99 stays within one slice.
    expect(w.now.rttP50Ms.mean).toBeGreaterThan(2 * w.asLsvm.rttP50Ms.mean);
    expect(w.asLsvm.rttP99Ms.max).toBeLessThan(35);
    expect(w.asLsvm.rttP50Ms.min).toBeLessThanOrEqual(w.asLsvm.rttP50Ms.max);
    // Fair shares are kept; microslices cost context switches.
    for (const s of w.asLsvm.shares) expect(s.share.mean).toBeCloseTo(0.2, 1);
    expect(w.asLsvm.contextSwitchesPerS.mean).toBeGreaterThan(w.now.contextSwitchesPerS.mean);
    expect(w.seeds).toHaveLength(4);
  });

  it('models a VM that blocks by its measured CPU, one that never blocks as CPU-bound', () => {
    const sched = hostSched([vmSched(1, 'io', { cap: 50 }), vmSched(2, 'hog'), vmSched(3, 'x')]);
    const ev = (vm: string, blockedRatio: number, share: number) => ({
      vm,
      domid: 0,
      vmClass: 'NLSVM' as const,
      microsliceMs: 0,
      samples: 10,
      share,
      fairShare: share,
      runningRatio: 0,
      blockedRatio,
      waitingRatio: 1 - blockedRatio,
      netKiBPerS: null,
      waits: null,
      rtt: null,
      rttMissing: 'none',
      lsvmWorstCaseMs: null,
      plannedMicrosliceMs: null,
    });
    const m = modelHost({
      hostId: 'xen1',
      sched,
      evidence: [ev('io', 0.8, 0.12), ev('hog', 0, 0.6)],
      guestPcpus: 1,
      domid: 1,
      microsliceMs: 5,
    });
    if (typeof m === 'string') throw new Error(m);
    expect(m.vms.map((v) => v.workloads)).toEqual([['lookbusy:12', 'ping'], ['cpu'], ['cpu']]);
    expect(m.vms[0]!.cap).toBe(50);
    expect(m.lines.join('\n')).toMatch(/x: .*no samples: assumed CPU-bound/);
  });

  it('says why it cannot run for an unknown VM', () => {
    const w = runWhatIf({
      hostId: 'xen1',
      sched: hostSched([vmSched(1, 'a')]),
      evidence: [],
      guestPcpus: 1,
      domid: 9,
      microsliceMs: 5,
    });
    expect(w).toMatch(/No VM with id 9/);
  });
});
