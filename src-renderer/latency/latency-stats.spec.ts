import { describe, expect, it } from 'vitest';
import { latencySample } from '../testing/fixtures';
import {
  cdf,
  changePct,
  collectRtts,
  histogram,
  percentileSorted,
  recentPercentiles,
  splitAt,
  summarize,
} from './latency-stats';

describe('percentiles', () => {
  it('interpolates between closest ranks and is null for no data', () => {
    expect(percentileSorted([], 50)).toBeNull();
    expect(percentileSorted([7], 99)).toBe(7);
    expect(percentileSorted([10, 20], 50)).toBe(15);
    const hundred = Array.from({ length: 101 }, (_, i) => i);
    expect(percentileSorted(hundred, 50)).toBe(50);
    expect(percentileSorted(hundred, 95)).toBe(95);
    expect(percentileSorted(hundred, 99)).toBe(99);
    expect(percentileSorted(hundred, 0)).toBe(0);
    expect(percentileSorted(hundred, 100)).toBe(100);
  });

  it('summarizes answered and lost echo requests of several rounds', () => {
    const set = collectRtts([latencySample('a', 1, [30, null, 10]), latencySample('a', 2, [20, null])]);
    expect(set).toEqual({ rtts: [30, 10, 20], lost: 2 });
    const s = summarize(set);
    expect(s).toMatchObject({ count: 3, lost: 2, lossRatio: 0.4, p50: 20, mean: 20, max: 30 });
    expect(summarize({ rtts: [], lost: 0 })).toMatchObject({ count: 0, lossRatio: null, p50: null, mean: null });
  });
});

describe('histogram', () => {
  it('puts RTTs in 2 ms buckets up to 120 ms, and the rest in the overflow bucket', () => {
    const h = histogram([0, 0.4, 1.99, 2, 5, 119.9, 120, 250]);
    expect(h.edges).toHaveLength(60);
    expect(h.edges[1]).toBe(2);
    expect(h.counts[0]).toBe(3);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[2]).toBe(1);
    expect(h.counts[59]).toBe(1);
    expect(h.overflow).toBe(2);
    expect(h.total).toBe(8);
    expect(h.counts.reduce((a, b) => a + b, 0) + h.overflow).toBe(h.total);
  });

  it('honours another bucket width', () => {
    const h = histogram([3, 7, 12], { widthMs: 5, maxMs: 10 });
    expect(h.counts).toEqual([1, 1]);
    expect(h.overflow).toBe(1);
  });
});

describe('cdf', () => {
  it('rises to 100 % at the largest RTT and stays within the point budget', () => {
    expect(cdf([])).toEqual([]);
    expect(cdf([30, 10, 20])).toEqual([
      { x: 10, y: (1 / 3) * 100 },
      { x: 20, y: (2 / 3) * 100 },
      { x: 30, y: 100 },
    ]);
    const many = cdf(Array.from({ length: 1001 }, (_, i) => i), 100);
    expect(many.length).toBeLessThanOrEqual(101);
    expect(many.at(-1)).toEqual({ x: 1000, y: 100 });
    for (let i = 1; i < many.length; i++) expect(many[i]!.x).toBeGreaterThanOrEqual(many[i - 1]!.x);
  });
});

describe('before/after split', () => {
  const rounds = [1000, 2000, 3000, 4000, 5000, 6000].map((t) => latencySample('web', t, [t / 100]));

  it('leaves out rounds taken while the switch ran', () => {
    const { before, after } = splitAt(rounds, 3000, 4500);
    expect(before.map((s) => s.t)).toEqual([1000, 2000]);
    expect(after.map((s) => s.t)).toEqual([5000, 6000]);
  });

  it('starts "before" no earlier than `since` (the end of the previous switch)', () => {
    const { before } = splitAt(rounds, 4000, 4000, 2000);
    expect(before.map((s) => s.t)).toEqual([2000, 3000]);
  });

  it('gives the change in %', () => {
    expect(changePct(100, 38)).toBeCloseTo(-62);
    expect(changePct(10, 15)).toBeCloseTo(50);
    expect(changePct(null, 5)).toBeNull();
    expect(changePct(0, 5)).toBeNull();
  });

  it('takes the table’s p50/p99 from recent rounds only', () => {
    expect(recentPercentiles(rounds, 5000)).toEqual({ p50: 55, p99: 59.9 });
    expect(recentPercentiles(rounds, 9000)).toEqual({ p50: null, p99: null });
  });
});
