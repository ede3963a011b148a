import { describe, expect, it } from 'vitest';
import {
  addWaits,
  countWait,
  emptyWaits,
  summarizeWaits,
  waitBucket,
  waitsBetween,
  waitsOver,
  WAIT_BUCKETS,
} from './sched-waits';

describe('scheduling-wait histograms (the hypervisor’s log2 µs buckets)', () => {
  it('puts a wait in [2^k, 2^(k+1)) µs, [0, 2) in bucket 0 and 2^23 µs and up in the last', () => {
    expect([0, 1, 1.9, 2, 3, 4, 7, 8, 1023, 1024].map(waitBucket)).toEqual([
      0, 0, 0, 1, 1, 2, 2, 3, 9, 10,
    ]);
    expect(waitBucket(2 ** 23 - 1)).toBe(22);
    expect(waitBucket(2 ** 23)).toBe(WAIT_BUCKETS - 1);
    expect(waitBucket(1e12)).toBe(WAIT_BUCKETS - 1);
  });

  it('takes a window as the difference of two readings, and none when a counter went down', () => {
    const a = emptyWaits();
    for (const us of [5000, 5000, 30_000]) countWait(a, us);
    a.dispatches = 4;
    const b = structuredClone(a);
    for (const us of [4000, 6000]) countWait(b, us);
    b.dispatches = 7;
    const w = waitsBetween(a, b)!;
    expect(w).toMatchObject({ dispatches: 3, waits: 2, sumUs: 10_000 });
    // The cumulative maximum (30 ms) was reached before: the window's is bounded by its top
    // bucket [4096, 8192) µs.
    expect(w.maxUs).toBe(8192);
    expect(w.hist.reduce((x, y) => x + y, 0)).toBe(2);

    const moved = emptyWaits();
    countWait(moved, 100);
    expect(waitsBetween(b, moved)).toBeNull();
  });

  it('reads percentiles as bucket bounds, never above the exact maximum', () => {
    const w = emptyWaits();
    for (let i = 0; i < 98; i++) countWait(w, 3000); // [2048, 4096)
    countWait(w, 20_000); // [16384, 32768)
    countWait(w, 25_000);
    const s = summarizeWaits(w);
    expect(s.p50MaxMs).toBe(4.096);
    expect(s.p99MaxMs).toBe(25);
    expect(s.maxMs).toBe(25);
    expect(s.meanMs).toBeCloseTo((98 * 3000 + 45_000) / 100 / 1000, 9);
    expect(summarizeWaits(emptyWaits())).toMatchObject({ waits: 0, p50MaxMs: null, maxMs: null });

    const sum = emptyWaits();
    addWaits(sum, w);
    addWaits(sum, w);
    expect(summarizeWaits(sum)).toMatchObject({ waits: 200, p99MaxMs: 25, maxMs: 25 });
  });
});

describe('waitsOver', () => {
  it('sums one VM’s windows of the readings wholly inside a range', () => {
    const w = (n: number) => {
      const c = emptyWaits();
      for (let i = 0; i < n; i++) countWait(c, 5000);
      return c;
    };
    const readings = [
      { sinceT: 0, t: 5000, vms: [{ vm: 'a', window: w(1) }] },
      {
        sinceT: 5000,
        t: 10_000,
        vms: [
          { vm: 'a', window: w(2) },
          { vm: 'b', window: w(9) },
        ],
      },
      // A switch started at 12 s: this reading straddles it.
      { sinceT: 10_000, t: 15_000, vms: [{ vm: 'a', window: w(4) }] },
      { sinceT: 15_000, t: 20_000, vms: [{ vm: 'a', window: w(8) }] },
    ];
    expect(waitsOver(readings, 'a').waits.waits).toBe(15);
    const before = waitsOver(readings, 'a', { from: -Infinity, to: 12_000 });
    const after = waitsOver(readings, 'a', { from: 12_001, to: Infinity });
    expect([before.waits.waits, before.coveredMs]).toEqual([3, 10_000]);
    expect([after.waits.waits, after.coveredMs]).toEqual([8, 5000]);
    expect(waitsOver(readings, 'a', { from: 15_001, to: Infinity }).waits.waits).toBe(0);
    expect(waitsOver(readings, 'c').coveredMs).toBe(0);
  });
});
