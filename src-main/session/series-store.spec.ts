import { describe, expect, it } from 'vitest';
import type { HostSample } from '../common/model';
import { SeriesStore } from './series-store';

const sample = (t: number): HostSample => ({
  hostId: 'demo',
  t,
  domains: [],
  rejected: [],
  gapBefore: false,
});

describe('SeriesStore', () => {
  it('keeps samples oldest first and drops the oldest beyond capacity', () => {
    const store = new SeriesStore(3);
    for (const t of [1, 2, 3, 4, 5]) store.append(sample(t));
    expect(store.history('demo').map((s) => s.t)).toEqual([3, 4, 5]);
    expect(store.latest('demo')?.t).toBe(5);
  });

  it('answers only samples after sinceMs, and nothing for an unknown host', () => {
    const store = new SeriesStore(10);
    for (const t of [10, 20, 30]) store.append(sample(t));
    expect(store.history('demo', 20).map((s) => s.t)).toEqual([30]);
    expect(store.history('demo', 30)).toEqual([]);
    expect(store.history('other')).toEqual([]);
  });
});
