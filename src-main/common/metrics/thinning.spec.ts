import { describe, expect, it } from 'vitest';
import type { HostSample } from '../model';
import { mergeSamples } from './sample-merge';
import { MergingSeries, MinMaxSeries, ThinnedSeries } from './thinning';

const frame = (t: number, share: number, gapBefore = false): HostSample => ({
  hostId: 'xen1',
  t,
  rejected: [],
  gapBefore,
  domains: [
    { name: 'a', state: '-----r', cpuPct: share * 100, share, memKiB: 1, maxMemKiB: 1, vcpus: 1 },
  ],
});

describe('MergingSeries (the dashboard’s session tier)', () => {
  it('merges frames into one per step, averaging each VM’s share', () => {
    const tier = new MergingSeries(100, 10_000, mergeSamples);
    for (let i = 0; i < 25; i++) tier.push(frame(i * 1000, i % 2 ? 0.2 : 0.4));
    const items = tier.items();
    expect(items.map((s) => s.t)).toEqual([9000, 19_000]);
    expect(items[0]?.domains[0]?.share).toBeCloseTo(0.3, 12);
  });

  it('stays within its capacity however long the session, by doubling the step', () => {
    const tier = new MergingSeries(50, 1000, mergeSamples);
    for (let i = 0; i < 20_000; i++) tier.push(frame(i * 1000, 0.5));
    expect(tier.items().length).toBeLessThanOrEqual(51);
    expect(tier.widthMs).toBeGreaterThanOrEqual(256_000);
    // Still covers the whole session.
    expect(tier.items()[0]!.t).toBeLessThan(1_000_000);
  });

  it('keeps an outage marker through merging', () => {
    const tier = new MergingSeries(100, 10_000, mergeSamples);
    for (let i = 0; i < 30; i++) tier.push(frame(i * 1000, 0.5, i === 14));
    expect(tier.items().map((s) => s.gapBefore)).toEqual([false, true]);
  });

  it('keeps the same array until something changes', () => {
    const tier = new MergingSeries(100, 10_000, mergeSamples);
    for (let i = 0; i < 12; i++) tier.push(frame(i * 1000, 0.5));
    const a = tier.items();
    tier.push(frame(12_000, 0.5));
    expect(tier.items()).toBe(a);
    tier.push(frame(20_000, 0.5));
    expect(tier.items()).not.toBe(a);
  });
});

describe('MinMaxSeries (the report’s charts)', () => {
  it('downsamples to at most 1,000 points without hiding a spike', () => {
    const s = new MinMaxSeries();
    for (let i = 0; i < 86_400; i++) s.add(i * 1000, i === 50_000 ? 9 : 1, i === 60_000);
    const out = s.toSeries();
    expect(out.points.length).toBeLessThanOrEqual(1000);
    expect(out.points.length).toBeGreaterThan(500);
    expect(Math.max(...out.points.map((p) => p.max))).toBe(9);
    expect(out.points.filter((p) => p.gapBefore)).toHaveLength(1);
    expect(out.bucketMs).toBe(128_000);
  });

  it('marks the point whose slot holds an outage', () => {
    const s = new MinMaxSeries(10, 1000);
    for (let t = 0; t < 40; t++) s.add(t * 1000, 0.5, t === 17);
    const gaps = s.toSeries().points.filter((p) => p.gapBefore);
    expect(gaps).toHaveLength(1);
    // Ten slots for 40 s: 4 s wide by the end, so t = 17 s is in the slot 16–20 s.
    expect(gaps[0]!.t).toBe(18_000);
  });
});

describe('ThinnedSeries (a reopened session’s history)', () => {
  it('keeps every other item of a long series evenly, and at most twice the limit', () => {
    const s = new ThinnedSeries<{ t: number }>(100);
    for (let t = 0; t < 1000; t++) s.push({ t });
    const ts = s.items().map((x) => x.t);
    expect(ts.length).toBeLessThanOrEqual(200);
    expect(ts.length).toBeGreaterThan(100);
    const steps = new Set(ts.slice(1).map((t, i) => t - ts[i]!));
    expect([...steps]).toEqual([8]);
  });

  it('moves the outage mark of a dropped item to the next kept one', () => {
    const s = new ThinnedSeries<{ t: number; gapBefore: boolean }>(2);
    for (let t = 0; t < 8; t++) s.push({ t, gapBefore: t === 5 });
    // Four slots of two: 0, 2, 4, 6 kept; 5 dropped, so 6 carries its outage.
    expect(s.items()).toEqual([
      { t: 0, gapBefore: false },
      { t: 2, gapBefore: false },
      { t: 4, gapBefore: false },
      { t: 6, gapBefore: true },
    ]);
  });

  it('makes objects only for kept items (next, then keep)', () => {
    const s = new ThinnedSeries<{ t: number }>(1);
    const kept = [0, 1, 2, 3, 4].filter((t) => (s.next(false) ? (s.keep({ t }), true) : false));
    expect(kept).toEqual([0, 1, 2, 4]);
    expect(s.items().map((x) => x.t)).toEqual([0, 4]);
  });
});
