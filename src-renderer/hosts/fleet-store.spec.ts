// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { domain, hostSample, hostSched, latencySample, vmSched } from '../testing/fixtures';
import type * as Fairness from '@common/metrics/fairness';
import { sampleFairness } from '@common/metrics/fairness';
import { LatencyAccumulator } from '@common/metrics/latency';
import { p99 } from './latency-tail';
import { SPARK_POINTS, useFleetStore } from './fleet-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
// Spies on the two costly sums of a pulse (fairness, p99), to see when a pulse is worked out.
vi.mock('@common/metrics/fairness', async (original) => {
  const actual = await original<typeof Fairness>();
  return { ...actual, sampleFairness: vi.fn(actual.sampleFairness) };
});
const quantile = vi.spyOn(LatencyAccumulator.prototype, 'quantile');
const fake = api as FakeApi;

const frame = (t: number, shares: number[], over = {}) =>
  hostSample(
    [
      domain('Domain-0', { share: null }),
      ...shares.map((share, i) => domain(`vm${i + 1}`, { share })),
    ],
    {
      t,
      ...over,
    },
  );

describe('fleet store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    vi.mocked(sampleFairness).mockClear();
    quantile.mockClear();
  });

  it('works nothing out while no one reads a pulse, and has the right figures when one does', () => {
    const fleet = useFleetStore();
    fake.emit('hostSched', hostSched([vmSched(1, 'vm1'), vmSched(2, 'vm2')]));
    for (let i = 1; i <= 30; i++) {
      fake.emit('hostSample', frame(i * 1000, [0.2 + (i % 2) * 0.1, 0.4]));
      fake.emit('latencySample', latencySample('vm1', i * 1000, [i, 2 * i]));
    }
    fake.emit('hostSample', frame(31_000, [0.6, 0.3], { hostId: 'xen2' }));
    expect(sampleFairness).not.toHaveBeenCalled();
    expect(quantile).not.toHaveBeenCalled();

    const pulse = fleet.pulseOf('xen1');
    expect(sampleFairness).toHaveBeenCalledTimes(1);
    expect(pulse.vmCount).toBe(2);
    expect(pulse.worstP99Ms).toBe(60);
    expect(pulse.spark).toHaveLength(30);
    expect(pulse.spark.at(-1)).toBeCloseTo(60, 6);
    expect(pulse.fairness).toBeCloseTo(0.9, 3);
    // Read again with nothing new: the same object, nothing worked out again.
    expect(fleet.pulseOf('xen1')).toBe(pulse);
    expect(sampleFairness).toHaveBeenCalledTimes(1);
    // The other host's pulse waited for its own read.
    expect(fleet.pulseOf('xen2').spark.map(Math.round)).toEqual([90]);
    expect(sampleFairness).toHaveBeenCalledTimes(2);
  });

  it('sums up each host from its events: VMs, LSVMs, fairness, worst p99, sparkline', () => {
    const fleet = useFleetStore();
    fake.emit(
      'hostSched',
      hostSched([
        vmSched(1, 'vm1', { vmClass: 'LSVM', microsliceMs: 5 }),
        vmSched(2, 'vm2'),
        vmSched(3, 'vm3'),
      ]),
    );
    fake.emit('hostSample', frame(1000, [0.3, 0.3, 0.3]));
    fake.emit('latencySample', latencySample('vm1', 1000, [1, 2, 3, null]));
    fake.emit('latencySample', latencySample('vm2', 1000, [20, 40]));
    fake.emit('hostSample', frame(2000, [0.5, 0.25, 0.25]));
    const pulse = fleet.pulseOf('xen1');
    expect(pulse.vmCount).toBe(3);
    expect(pulse.lsvmCount).toBe(1);
    expect(pulse.fairness).toBeCloseTo(0.889, 3);
    expect(pulse.worstP99Ms).toBe(40);
    expect(pulse.spark.map(Math.round)).toEqual([90, 100]);
    // Another host is untouched.
    expect(fleet.pulseOf('xen2')).toMatchObject({
      vmCount: 0,
      lsvmCount: null,
      worstP99Ms: null,
      spark: [],
    });
  });

  it('keeps the sparkline bounded and marks an outage', () => {
    const fleet = useFleetStore();
    for (let i = 0; i < SPARK_POINTS + 30; i++) fake.emit('hostSample', frame(i * 1000, [0.1]));
    fake.emit('hostSample', frame(999_000, [0.2], { gapBefore: true }));
    const spark = fleet.pulseOf('xen1').spark;
    expect(spark.length).toBe(SPARK_POINTS);
    expect(Number.isNaN(spark.at(-2))).toBe(true);
    expect(spark.at(-1)).toBe(20);
  });

  it('fills a card from the core on first look, history before live frames, and survives a missing method', async () => {
    const fleet = useFleetStore();
    fake.respond('getHistory', () => [frame(1000, [0.1]), frame(2000, [0.2]), frame(3000, [0.3])]);
    fake.respond('getLatency', () => [latencySample('vm1', 1000, [7])]);
    // getSched is not answered: the rest of the card still fills.
    fake.emit('hostSample', frame(3000, [0.3]));
    await fleet.ensure('xen1');
    const pulse = fleet.pulseOf('xen1');
    expect(pulse.spark.map(Math.round)).toEqual([10, 20, 30]);
    expect(pulse.worstP99Ms).toBe(7);
    expect(pulse.lsvmCount).toBeNull();
  });

  it('p99 by nearest rank', () => {
    expect(p99([])).toBeNull();
    expect(p99(Array.from({ length: 100 }, (_, i) => i + 1))).toBe(99);
    expect(p99([5])).toBe(5);
  });
});
