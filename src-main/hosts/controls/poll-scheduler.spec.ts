import { afterEach, describe, expect, it, vi } from 'vitest';
import { PollScheduler } from './poll-scheduler';

describe('PollScheduler', () => {
  afterEach(() => vi.useRealTimers());

  it('never runs an action twice at once: ticks during a slow run are counted, and one run follows it', async () => {
    vi.useFakeTimers();
    const skips: number[] = [];
    const s = new PollScheduler((_action, n) => skips.push(n));
    let release: () => void = () => undefined;
    let running = 0;
    let maxRunning = 0;
    s.every(
      'sched-list',
      () => 1000,
      () =>
        new Promise<void>((resolve) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          release = () => {
            running--;
            resolve();
          };
        }),
    );
    await vi.advanceTimersByTimeAsync(0); // first run starts
    await vi.advanceTimersByTimeAsync(3500); // three ticks while it hangs
    expect(maxRunning).toBe(1);
    expect(skips).toEqual([1, 2, 3]);
    release();
    await vi.advanceTimersByTimeAsync(0); // the missed ticks owe one run, at once
    expect(s.stats()).toMatchObject([
      { action: 'sched-list', runs: 1, skips: 3, intervalMs: 1000 },
    ]);
    expect(running).toBe(1);
    expect(maxRunning).toBe(1);
    s.stopAll();
  });

  it('reads the interval at every tick, goes on after a failed run, and stops', async () => {
    vi.useFakeTimers();
    const s = new PollScheduler();
    let interval = 1000;
    const at: number[] = [];
    s.every(
      'probe',
      () => interval,
      async () => {
        at.push(Date.now());
        throw new Error('ping failed');
      },
      500,
    );
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(1600);
    interval = 3000;
    await vi.advanceTimersByTimeAsync(5000);
    // The tick at 1500 ms had already armed the next for 2500 ms; the new interval follows it.
    expect(at.map((t) => t - t0)).toEqual([500, 1500, 2500, 5500]);
    s.stop('probe');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(at).toHaveLength(4);
    expect(s.stats()).toEqual([]);
  });

  it('puts the second tick a phase later and keeps that phase; no phase keeps the plain cadence', async () => {
    vi.useFakeTimers();
    const s = new PollScheduler();
    const at: Record<string, number[]> = { phased: [], plain: [] };
    for (const [action, phaseMs] of [
      ['phased', 300],
      ['plain', 0],
    ] as const)
      s.every(
        action,
        () => 1000,
        async () => void at[action]!.push(Date.now() - t0),
        0,
        phaseMs,
      );
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(3500);
    expect(at.phased).toEqual([0, 1300, 2300, 3300]);
    expect(at.plain).toEqual([0, 1000, 2000, 3000]);
    s.stopAll();
  });
});
