/**
 * Figure 6 (Section 3.1): scheduling sequences of four CPU-bound VMs on one core.
 * 6a — credit: every VM waits (4−1)·30 = 90 ms between runs; vSlicer with one LSVM: it waits 30 ms.
 * 6b — two LSVMs, two NLSVMs, T_m = 5 ms: best case 5 ms, worst case 35 ms.
 */
import { describe, expect, it } from 'vitest';
import { oneCoreHost, stats } from './spec-helpers';

const RUN_US = 3_000_000;

describe('Figure 6a: four CPU-bound VMs', () => {
  it('credit: every VM waits 90 ms between runs', () => {
    const host = oneCoreHost('credit', [0, 0, 0, 0]);
    host.runFor(RUN_US);
    for (const s of host.allVmStats()) {
      expect(s.schedLatencyMs.p50).toBeGreaterThanOrEqual(88);
      expect(s.schedLatencyMs.p50).toBeLessThanOrEqual(92);
      expect(s.schedLatencyMs.max).toBeLessThanOrEqual(92);
    }
  });

  it.each([10, 5])(
    'vSlicer, vm1 an LSVM with T_m = %i ms: it waits 30 ms, the NLSVMs still 90 ms',
    (tm) => {
      const host = oneCoreHost('vslicer', [tm, 0, 0, 0]);
      host.runFor(RUN_US);
      const l = stats(host, 'vm1').schedLatencyMs;
      expect(l.p50).toBeGreaterThanOrEqual(28);
      expect(l.max).toBeLessThanOrEqual(32);
      expect(l.mean).toBeGreaterThan(27);
      for (const name of ['vm2', 'vm3', 'vm4']) {
        const n = stats(host, name).schedLatencyMs;
        expect(n.p50).toBeGreaterThanOrEqual(88);
        expect(n.max).toBeLessThanOrEqual(92);
      }
    },
  );
});

describe('Figure 6b: two LSVMs, two NLSVMs, T_m = 5 ms', () => {
  it('LSVMs wait 5 ms inside T_S and 35 ms across an NLSVM slice', () => {
    const host = oneCoreHost('vslicer', [5, 5, 0, 0]);
    host.runFor(RUN_US);
    for (const name of ['vm1', 'vm2']) {
      const l = stats(host, name).schedLatencyMs;
      expect(l.p50).toBeGreaterThanOrEqual(4.5);
      expect(l.p50).toBeLessThanOrEqual(5.5);
      expect(l.max).toBeGreaterThanOrEqual(34);
      expect(l.max).toBeLessThanOrEqual(36);
      expect(l.mean).toBeGreaterThan(13);
      expect(l.mean).toBeLessThan(17); // the paper's 15 ms average latency
    }
  });
});
