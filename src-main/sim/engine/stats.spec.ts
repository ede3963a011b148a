import { describe, expect, it } from 'vitest';
import { LatencyAccumulator } from '../../common/metrics/latency';
import { summarize, summaryMs } from './stats';

describe('engine latency figures', () => {
  it('keep exact min/max/mean and nearest-rank percentiles', () => {
    const acc = new LatencyAccumulator();
    for (let i = 1; i <= 100; i++) acc.add(i);
    const s = summaryMs(acc);
    expect(s.min).toBe(1);
    expect(s.max).toBe(100);
    expect(s.mean).toBeCloseTo(50.5, 6);
    expect(s.p50).toBe(50);
    expect(s.p99).toBe(99);
  });

  it('summarize picks nearest-rank percentiles, zeros without data', () => {
    expect(summarize([3, 1, 2])).toEqual({ min: 1, mean: 2, p50: 2, p99: 3, max: 3 });
    expect(summarize([])).toEqual({ min: 0, mean: 0, p50: 0, p99: 0, max: 0 });
  });
});
