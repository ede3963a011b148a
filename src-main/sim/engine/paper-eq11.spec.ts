/**
 * Eq. (10)–(11), Section 3.1: per scheduling period T_P = (m+n)·T_NLSVM an LSVM gets the same CPU
 * time as an NLSVM (T_LSVM = n·T_n = T_NLSVM), so microslicing costs nobody their share.
 */
import { describe, expect, it } from 'vitest';
import { oneCoreHost } from './spec-helpers';

const cases: [number, number, number][] = [
  [1, 3, 10],
  [1, 3, 5],
  [2, 2, 5],
  [2, 3, 5],
  [3, 2, 5],
  [2, 2, 3],
  [3, 4, 1],
];

describe('Eq. (11): CPU time per scheduling period', () => {
  it.each(cases)('m = %i, n = %i, T_m = %i ms: every VM runs T_NLSVM per T_P', (m, n, tm) => {
    const T = 30;
    const periodUs = (m + n) * T * 1000;
    const host = oneCoreHost('vslicer', [
      ...Array<number>(m).fill(tm),
      ...Array<number>(n).fill(0),
    ]);
    host.runFor(3 * periodUs); // past start-up
    const before = host.allVmStats().map((s) => s.cpuUs);
    const periods = 20;
    host.runFor(periods * periodUs);
    const after = host.allVmStats();
    after.forEach((s, i) => {
      const perPeriodMs = (s.cpuUs - before[i]!) / periods / 1000;
      expect(
        Math.abs(perPeriodMs - T),
        `${s.name} (${s.class}) ${perPeriodMs} ms per T_P`,
      ).toBeLessThanOrEqual(T * 0.02);
    });
    // Eq. (10): an NLSVM waits T_P − T_NLSVM between its slices.
    const nl = after.find((s) => s.class === 'NLSVM')!;
    expect(nl.schedLatencyMs.p50).toBeCloseTo((m + n - 1) * T, 0);
  });
});
