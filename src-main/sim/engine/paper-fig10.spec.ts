/**
 * Figure 10 (Section 5.1): under vSlicer, LSVMs and NLSVMs get equal CPU shares. Every VM's share
 * over 30 s stays within ±2 points of 1/N, for 3–5 VMs at lookbusy 40 % with one or two LSVMs.
 */
import { describe, expect, it } from 'vitest';
import { oneCoreHost } from './spec-helpers';

const cases: [number, number][] = [
  [3, 1],
  [4, 1],
  [5, 1],
  [4, 2],
  [5, 2],
];

describe('Figure 10: CPU-share fairness under vSlicer', () => {
  it.each(cases)('%i VMs, %i LSVM(s), T_m 5 ms: each share within 1/N ± 0.02 over 30 s', (n, k) => {
    const host = oneCoreHost(
      'vslicer',
      Array.from({ length: n }, (_, i) => (i < k ? 5 : 0)),
      ['lookbusy:40'],
    );
    host.runFor(30_000_000);
    for (const s of host.allVmStats()) {
      const share = s.cpuUs / 30_000_000;
      expect(Math.abs(share - 1 / n), `${s.name} (${s.class}) share ${share}`).toBeLessThanOrEqual(
        0.02,
      );
    }
  });
});
