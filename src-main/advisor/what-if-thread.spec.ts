import { describe, expect, it } from 'vitest';
import { whatIfOnThread } from './what-if-thread';
import { tenVmHost } from './what-if.testkit';

describe('whatIfOnThread', () => {
  it('runs a 10-VM host on a worker thread within 2 s, and the main thread stays free', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = performance.now();
    let fellBack: string | null = null;
    const w = await whatIfOnThread(tenVmHost(true), { onFallback: (why) => (fellBack = why) });
    const ms = performance.now() - started;
    clearInterval(timer);
    if (typeof w === 'string') throw new Error(w);
    expect(fellBack).toBeNull();
    expect(w.asLsvm.shares).toHaveLength(10);
    // vm1 sleeps most of the time: BOOST wakes it at once, NLSVM or LSVM.
    expect(w.asLsvm.rttP50Ms.mean).toBeGreaterThan(0);
    expect(w.asLsvm.rttP99Ms.max).toBeLessThan(35);
    // The engine itself; the thread's start (tsx compiling the source in tests) comes on top.
    expect(w.elapsedMs).toBeLessThan(2000);
    expect(ticks).toBeGreaterThan(ms / 20 / 4);
  }, 30_000);

  it('runs in this thread when no thread starts, and says why', async () => {
    let why = '';
    const w = await whatIfOnThread(tenVmHost(true), {
      start: () => null,
      onFallback: (m) => (why = m),
    });
    expect(typeof w).toBe('object');
    expect(why).toMatch(/no worker file/);
  }, 30_000);
});
