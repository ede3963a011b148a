// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useTimeRangeStore } from './time-range-store';

const MIN = 60_000;

describe('time-range store', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('live shows the last five minutes and follows new data', () => {
    const time = useTimeRangeStore();
    expect(time.preset).toBe('live');
    expect(time.following).toBe(true);
    expect(time.rangeFor(0, 10 * MIN)).toEqual({ min: 5 * MIN, max: 10 * MIN });
    expect(time.rangeFor(0, 11 * MIN)).toEqual({ min: 6 * MIN, max: 11 * MIN });
  });

  it('a preset picks its span; the session spans from the oldest sample, at least five minutes', () => {
    const time = useTimeRangeStore();
    time.setPreset('15m');
    expect(time.rangeFor(0, 60 * MIN)).toEqual({ min: 45 * MIN, max: 60 * MIN });
    time.setPreset('session');
    expect(time.rangeFor(2 * MIN, 90 * MIN)).toEqual({ min: 2 * MIN, max: 90 * MIN });
    expect(time.rangeFor(MIN, 2 * MIN)).toEqual({ min: -3 * MIN, max: 2 * MIN });
  });

  it('zooming pauses following until reset', () => {
    const time = useTimeRangeStore();
    time.zoomTo(7 * MIN, 8 * MIN);
    expect(time.following).toBe(false);
    expect(time.rangeFor(0, 10 * MIN)).toEqual({ min: 7 * MIN, max: 8 * MIN });
    // New data arrives: the zoomed range stands still.
    expect(time.rangeFor(0, 20 * MIN)).toEqual({ min: 7 * MIN, max: 8 * MIN });
    time.reset();
    expect(time.following).toBe(true);
    expect(time.rangeFor(0, 20 * MIN)).toEqual({ min: 15 * MIN, max: 20 * MIN });
  });

  it('picking a preset also ends a zoom, and an empty zoom is ignored', () => {
    const time = useTimeRangeStore();
    time.zoomTo(5, 5);
    expect(time.following).toBe(true);
    time.zoomTo(1, 2);
    time.setPreset('1h');
    expect(time.following).toBe(true);
    expect(time.rangeFor(0, 120 * MIN)).toEqual({ min: 60 * MIN, max: 120 * MIN });
  });
});
