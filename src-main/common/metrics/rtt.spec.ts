import { describe, expect, it } from 'vitest';
import type { LatencySample } from '../sched';
import { LatencyAccumulator } from './latency';
import { cdf, collectRtts, recentPercentiles, roundFigures, splitAt, summarize } from './rtt';
import { comparisonWindows } from './switch-windows';

const latencySample = (vm: string, t: number, rttMs: Array<number | null>): LatencySample => ({
  hostId: 'xen1',
  vm,
  address: '192.0.2.11',
  t,
  rttMs,
});

describe('percentiles', () => {
  it('summarizes answered and lost echo requests of several rounds', () => {
    const set = collectRtts([
      latencySample('a', 1, [30, null, 10]),
      latencySample('a', 2, [20, null]),
    ]);
    expect(set).toEqual({ rtts: [30, 10, 20], lost: 2 });
    const s = summarize(set);
    expect(s).toMatchObject({ count: 3, lost: 2, lossRatio: 0.4, p50: 20, mean: 20, max: 30 });
    expect(summarize({ rtts: [], lost: 0 })).toMatchObject({
      count: 0,
      lossRatio: null,
      p50: null,
      mean: null,
    });
  });
});

describe('histogram', () => {
  it('puts RTTs in 2 ms buckets up to 120 ms, and the rest in the overflow bucket', () => {
    const h = summarize({ rtts: [0, 0.4, 1.99, 2, 5, 119.9, 120, 250], lost: 0 }).histogram;
    expect(h.counts).toHaveLength(60);
    expect(h.bucketMs).toBe(2);
    expect(h.counts[0]).toBe(3);
    expect(h.counts[1]).toBe(1);
    expect(h.counts[2]).toBe(1);
    expect(h.counts[59]).toBe(1);
    expect(h.overflow).toBe(2);
    expect(h.counts.reduce((a, b) => a + b, 0) + h.overflow).toBe(8);
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
    const many = cdf(
      Array.from({ length: 1001 }, (_, i) => i),
      100,
    );
    expect(many.length).toBeLessThanOrEqual(101);
    expect(many.at(-1)).toEqual({ x: 1000, y: 100 });
    for (let i = 1; i < many.length; i++) expect(many[i]!.x).toBeGreaterThanOrEqual(many[i - 1]!.x);
  });
});

describe('before/after split', () => {
  const rounds = [1000, 2000, 3000, 4000, 5000, 6000].map((t) =>
    latencySample('web', t, [t / 100]),
  );

  const sw = (id: string, startedAt: number, finishedAt: number) => ({ id, startedAt, finishedAt });

  it('leaves out rounds taken while the switch ran', () => {
    const s = sw('s1', 3000, 4500);
    const { before, after } = splitAt(rounds, comparisonWindows([s], s));
    expect(before.map((r) => r.t)).toEqual([1000, 2000]);
    expect(after.map((r) => r.t)).toEqual([5000, 6000]);
  });

  it('starts "before" at the end of the host’s previous switch and ends "after" at the next', () => {
    const [a, b, c] = [sw('a', 1500, 1900), sw('b', 4000, 4000), sw('c', 5500, 5600)];
    const { before, after } = splitAt(rounds, comparisonWindows([a, b, c], b));
    expect(before.map((r) => r.t)).toEqual([2000, 3000]);
    expect(after.map((r) => r.t)).toEqual([5000]);
  });

  it('takes the table’s p50/p99 from recent rounds only', () => {
    // Nearest rank, as the reports: of 50 and 60 ms the median is 50 ms.
    expect(recentPercentiles(rounds, 5000)).toEqual({ p50: 50, p99: 60 });
    expect(recentPercentiles(rounds, 9000)).toEqual({ p50: null, p99: null });
  });

  it('gives the figures of summarize (p50, p99, loss), with or without a reused accumulator', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      latencySample('vm', i * 1000, [i % 7, i % 13 === 0 ? null : 40 + (i % 50), 0.25 * i]),
    );
    const full = summarize(collectRtts(many.filter((r) => r.t >= 20_000)));
    const acc = new LatencyAccumulator();
    roundFigures(many, 0, acc);
    for (const figures of [roundFigures(many, 20_000), roundFigures(many, 20_000, acc)]) {
      expect(figures).toEqual({ p50: full.p50, p99: full.p99, lossRatio: full.lossRatio });
    }
    expect(full.lossRatio).toBeGreaterThan(0);
  });
});
