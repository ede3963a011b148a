import { describe, expect, it } from 'vitest';
import { EXACT_VALUES, LatencyAccumulator, summarizeLatency } from './latency';

describe('latency statistics', () => {
  it('2 ms histogram buckets, overflow and loss', () => {
    const acc = new LatencyAccumulator();
    acc.addRound([0.5, 1.9, 2, 119.9, 120, 500, null]);
    const h = acc.histogram();
    expect(h.counts[0]).toBe(2);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[59]).toBe(1);
    expect(h.overflow).toBe(2);
    expect(acc.stats()).toMatchObject({ sent: 7, count: 6, lost: 1, minMs: 0.5, maxMs: 500 });
  });

  it('nearest-rank percentiles, exact while the values are few', () => {
    const acc = new LatencyAccumulator();
    acc.addRound([10, 20]);
    expect(acc.quantile(0.5)).toBe(10);
    expect(acc.quantile(0.99)).toBe(20);
    const hundred = new LatencyAccumulator();
    hundred.addRound(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(hundred.quantile(0.5)).toBe(50);
    expect(hundred.quantile(0.95)).toBe(95);
    expect(hundred.quantile(0.99)).toBe(99);
    expect(new LatencyAccumulator().quantile(0.5)).toBeNull();
  });

  it('merging keeps exact values while they fit, and the histogram beyond', () => {
    const a = new LatencyAccumulator();
    const b = new LatencyAccumulator();
    a.addRound([3, 1]);
    b.addRound([2]);
    a.merge(b);
    expect(a.quantile(0.5)).toBe(2);
    const big = new LatencyAccumulator();
    big.addRound(Array.from({ length: EXACT_VALUES + 1 }, (_, i) => 1 + i / 1000));
    // Past EXACT_VALUES the histogram answers: within 1 %, not exact.
    const p50 = big.quantile(0.5)!;
    expect(Math.abs(p50 - (1 + 2048 / 1000)) / p50).toBeLessThan(0.01);
  });

  it('percentiles within 1 % of the exact ones, and merging adds up', () => {
    const a = new LatencyAccumulator();
    const b = new LatencyAccumulator();
    const values = Array.from({ length: 10_000 }, (_, i) => 0.5 + (i * 99.5) / 9999);
    a.addRound(values.slice(0, 5000));
    b.addRound(values.slice(5000));
    a.merge(b);
    const exact = (q: number) => values[Math.ceil(q * values.length) - 1]!;
    for (const q of [0.5, 0.95, 0.99])
      expect(Math.abs(a.quantile(q)! - exact(q)) / exact(q)).toBeLessThan(0.01);
    expect(a.count).toBe(10_000);
  });

  it('summarizes a list of values with lost ones, the same way the accumulator does', () => {
    expect(summarizeLatency([3, 1, null, 2])).toMatchObject({
      sent: 4,
      count: 3,
      lost: 1,
      lossPct: 25,
      minMs: 1,
      p50Ms: 2,
      maxMs: 3,
    });
    expect(summarizeLatency([])).toMatchObject({ count: 0, p50Ms: null, meanMs: null });
  });
});
