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
const at = (t: number, domains: DomainSample[]): HostSample => ({ hostId: 'demo', t, domains, rejected: [] });

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
});
