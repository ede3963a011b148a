import { describe, expect, it } from 'vitest';
import type { DomainSample, HostSample } from '@common/model';
import { shareSeries } from './share-datasets';

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
    const samples = [at(0, [dom('a', 0.1)]), at(10_000, [dom('a', 0.2)], true), at(11_000, [dom('a', 0.3)])];
    expect(shareSeries(samples, 1000)[0]?.points).toEqual([
      { x: 10_000, y: 20 },
      { x: 11_000, y: 30 },
    ]);
  });
});
