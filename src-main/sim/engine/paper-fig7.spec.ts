/**
 * Figure 7b (Section 5.1): four VMs at lookbusy 40 %, 100 pings to vm1. Paper: credit 35 ms mean
 * RTT; vSlicer with vm1 the only LSVM 10 ms (−71 %). Bands: 20–50 ms, 4–16 ms, at least 55 % lower.
 */
import { describe, expect, it } from 'vitest';
import { EXPERIMENT_DEFAULTS, runExperiment } from './experiment';

function meanRtt(scheduler: 'credit' | 'vslicer', lsvm: number, seed: number): number {
  const r = runExperiment({
    ...EXPERIMENT_DEFAULTS,
    scheduler,
    vms: 4,
    lsvm,
    microsliceMs: 10,
    workload: 'lookbusy:40',
    ping: 'vm1',
    pingCount: 100,
    pingIntervalMs: 1000,
    seed,
  });
  if (!r.ok) throw new Error(r.error.message);
  expect(r.value.ping!.lost).toBe(0);
  return r.value.ping!.rttMs.mean;
}

describe('Figure 7b: ping RTT to vm1, four VMs at lookbusy 40 %', () => {
  it.each([1, 2, 3])(
    'seed %i: credit 20–50 ms, vSlicer 4–16 ms and at least 55 percent lower',
    (seed) => {
      const credit = meanRtt('credit', 0, seed);
      const vslicer = meanRtt('vslicer', 1, seed);
      expect(credit).toBeGreaterThanOrEqual(20);
      expect(credit).toBeLessThanOrEqual(50);
      expect(vslicer).toBeGreaterThanOrEqual(4);
      expect(vslicer).toBeLessThanOrEqual(16);
      expect(vslicer).toBeLessThanOrEqual(credit * 0.45);
    },
  );
});
