import { describe, expect, it } from 'vitest';
import { domain, hostSample, hostSched, vmSched } from '../testing/fixtures';
import { FairnessMemo, fairnessSeries } from './fairness-series';

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

describe('FairnessMemo', () => {
  it('gives each sample’s index once per listing and pCPU count', () => {
    const samples = [shares(0.5, 0.5), { ...shares(0.9, 0.1), t: 2000 }];
    const memo = new FairnessMemo();
    const first = fairnessSeries(samples, null, 1, memo);
    expect(fairnessSeries(samples, null, 1, memo)).toEqual(first);
    expect(first.map((p) => p.y)).toEqual(fairnessSeries(samples, null, 1).map((p) => p.y));
    const listing = hostSched([vmSched(1, 'vm1', { weight: 512 }), vmSched(2, 'vm2')]);
    expect(fairnessSeries(samples, listing, 1, memo)).toEqual(fairnessSeries(samples, listing, 1));
    expect(fairnessSeries(samples, listing, 1, memo)[1]?.y).not.toBe(first[1]?.y);
  });
});
