import { describe, expect, it } from 'vitest';
import type { DomainSample, HostSample } from '@common/model';
import { shareSeries, shareSeriesInRange } from './share-datasets';

const dom = (name: string, share: number | null): DomainSample => ({
  name,
  state: '------',
  cpuPct: share === null ? null : share * 100,
  share,
  memKiB: 1024,
  maxMemKiB: null,
  vcpus: 1,
});
const at = (t: number, domains: DomainSample[], gapBefore = false): HostSample => ({
  hostId: 'demo',
  t,
  domains,
  rejected: [],
  gapBefore,
});

describe('shareSeries', () => {
  it('keeps guests only, sorted by name, within the window, without unmeasured points', () => {
    const samples = [
      at(0, [dom('b', 0.5), dom('a', 0.5)]),
      at(1000, [dom('Domain-0', null), dom('b', null), dom('a', 0.2)]),
      at(2000, [dom('b', 0.3), dom('a', 0.7)]),
    ];
    const series = shareSeries(samples, 1500);
    expect(series.map((s) => s.name)).toEqual(['a', 'b']);
    expect(series[0]?.points).toEqual([
      { x: 1000, y: 20 },
      { x: 2000, y: 70 },
    ]);
    expect(series[1]?.points).toEqual([{ x: 2000, y: 30 }]);
  });

  it('breaks every series just before a sample marked gapBefore, keeping every sample', () => {
    const samples = [
      at(0, [dom('a', 0.4), dom('b', 0.6)]),
      at(1000, [dom('a', 0.5), dom('b', 0.5)]),
      // The link dropped for 30 s; the first frame after the reconnect is unmeasured for b.
      at(31_000, [dom('a', 0.3), dom('b', null)], true),
      at(32_000, [dom('a', 0.2), dom('b', 0.8)]),
    ];
    const [a, b] = shareSeries(samples, 60_000);
    expect(a?.points).toEqual([
      { x: 0, y: 40 },
      { x: 1000, y: 50 },
      { x: 30_999, y: null },
      { x: 31_000, y: 30 },
      { x: 32_000, y: 20 },
    ]);
    // b has no point at 31 000, yet its line must not join 1000 and 32 000.
    expect(b?.points).toEqual([
      { x: 0, y: 60 },
      { x: 1000, y: 50 },
      { x: 30_999, y: null },
      { x: 32_000, y: 80 },
    ]);
  });

  it('does not start a series with a break, nor break twice for back-to-back gaps', () => {
    const samples = [
      at(0, [dom('a', 0.4)], true),
      at(5000, [dom('a', null), dom('c', 0.1)], true),
      at(9000, [dom('a', 0.5), dom('c', 0.2)], true),
    ];
    const [a, c] = shareSeries(samples, 60_000);
    expect(a?.points).toEqual([
      { x: 0, y: 40 },
      { x: 4999, y: null },
      { x: 9000, y: 50 },
    ]);
    expect(c?.points).toEqual([
      { x: 5000, y: 10 },
      { x: 8999, y: null },
      { x: 9000, y: 20 },
    ]);
  });

  it('ignores a gap that lies before the window', () => {
    const samples = [
      at(0, [dom('a', 0.1)]),
      at(10_000, [dom('a', 0.2)], true),
      at(11_000, [dom('a', 0.3)]),
    ];
    expect(shareSeries(samples, 1000)[0]?.points).toEqual([
      { x: 10_000, y: 20 },
      { x: 11_000, y: 30 },
    ]);
  });
});

describe('shareSeriesInRange', () => {
  it('averages long ranges into aligned buckets, so the stack still sums to the total', () => {
    const samples = Array.from({ length: 100 }, (_, i) => {
      const a = i % 3 ? 0.2 : 0.5;
      return at(i * 1000, [dom('a', a), dom('b', 0.8 - a)]);
    });
    const [a, b] = shareSeriesInRange(samples, { min: 0, max: 99_000 }, 10);
    expect(a?.points.length).toBeLessThanOrEqual(11);
    expect(a?.points.map((p) => p.x)).toEqual(b?.points.map((p) => p.x));
    a?.points.forEach((p, i) => expect((p.y ?? 0) + (b?.points[i]?.y ?? 0)).toBeCloseTo(80, 9));
    // Averaged, not picked: no bucket shows a's extremes.
    for (const p of a?.points ?? []) expect(p.y).toBeGreaterThan(20);
  });

  it('keeps an outage inside a bucket as a break', () => {
    const samples = [
      ...Array.from({ length: 20 }, (_, i) => at(i * 1000, [dom('a', 0.5)])),
      ...Array.from({ length: 20 }, (_, i) => at(60_000 + i * 1000, [dom('a', 0.5)], i === 0)),
    ];
    const [a] = shareSeriesInRange(samples, { min: 0, max: 79_000 }, 8);
    expect(a?.points.some((p) => p.y === null)).toBe(true);
  });
});
