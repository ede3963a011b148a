import { describe, expect, it } from 'vitest';
import { LatencyHistogram, jainFairness, summarize } from './stats';

describe('stats', () => {
  it('histogram keeps exact min/max/mean and 0.1 ms percentiles', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.add(i * 1000);
    const s = h.summaryMs();
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
    expect(s.mean).toBeCloseTo(50.5, 6);
    expect(s.p50).toBeCloseTo(50, 0);
    expect(s.p99).toBeCloseTo(99, 0);
  });

  it('summarize sorts and picks nearest-rank percentiles', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, mean: 2, p50: 2, p99: 3, max: 3 });
    expect(summarize([])).toEqual({ min: 0, mean: 0, p50: 0, p99: 0, max: 0 });
  });

  it('Jain index is 1 for equal shares and 1/n for one hog', () => {
    expect(jainFairness([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(1, 9);
    expect(jainFairness([1, 0, 0, 0])).toBeCloseTo(0.25, 9);
  });
});
