import { describe, expect, it } from 'vitest';
import { domain, hostSample } from '../testing/fixtures';
import { fairnessSeries } from './fairness-series';

const shares = (...s: number[]) =>
  hostSample([
    domain('Domain-0', { share: null }),
    ...s.map((share, i) => domain(`vm${i + 1}`, { share })),
  ]);

describe('fairness series', () => {
  it('breaks the series at an outage', () => {
    const series = fairnessSeries(
      [shares(0.5, 0.5), { ...shares(0.9, 0.1), t: 5000, gapBefore: true }].map((s, i) => ({
        ...s,
        t: s.t + i,
      })),
      null,
      1,
    );
    expect(series.map((p) => p.x)).toEqual([1000, 5000, 5001]);
    expect(series[1]?.y).toBeNull();
    expect(series[0]?.y).toBe(1);
  });
});
