import { describe, expect, it } from 'vitest';
import type { LatencySample } from '../common/sched';
import { HostHistory } from './host-history';

const round = (t: number, hostId = 'demo') => ({
  hostId,
  vm: 'web',
  address: '192.0.2.11',
  t,
  rttMs: [1, null],
});

describe('HostHistory', () => {
  it('keeps at most its capacity of the newest rounds per host, oldest first', () => {
    const store = new HostHistory<LatencySample>(10);
    for (let t = 1; t <= 25; t++) store.append(round(t));
    store.append(round(100, 'other'));
    expect(store.history('demo').map((s) => s.t)).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 24, 25]);
    expect(store.history('demo', 23).map((s) => s.t)).toEqual([24, 25]);
    expect(store.history('other')).toHaveLength(1);
    expect(store.history('none')).toEqual([]);
  });
});
