import { describe, expect, it } from 'vitest';
import type { VmEvidence } from '../common/advice';
import { hostSched, vmSched } from '../common/sched.testkit';
import { whatIfOnThread } from './what-if-thread';
import type { WhatIfInput } from './what-if';

/** Ten busy VMs on one pCPU, one of them probed: the size the window must stay responsive for. */
function tenVmHost(): WhatIfInput {
  const names = Array.from({ length: 10 }, (_, i) => `vm${i + 1}`);
  const evidence: VmEvidence[] = names.map((vm, i) => ({
    vm,
    domid: i + 1,
    vmClass: 'NLSVM',
    microsliceMs: 0,
    samples: 30,
    share: i === 0 ? 0.05 : 0.1,
    fairShare: 0.1,
    runningRatio: 0.1,
    blockedRatio: i === 0 ? 0.8 : 0,
    waitingRatio: 0.1,
    netKiBPerS: null,
    waits: null,
    rtt: { count: 50, p50Ms: 100, p99Ms: 250 },
    rttMissing: null,
    lsvmWorstCaseMs: 30,
    plannedMicrosliceMs: 3,
  }));
  return {
    hostId: 'xen1',
    sched: hostSched(names.map((n, i) => vmSched(i + 1, n))),
    evidence,
    guestPcpus: 1,
    domid: 1,
    microsliceMs: 3,
  };
}

describe('whatIfOnThread', () => {
  it('runs a 10-VM host on a worker thread within 2 s, and the main thread stays free', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const started = performance.now();
    let fellBack: string | null = null;
    const w = await whatIfOnThread(tenVmHost(), { onFallback: (why) => (fellBack = why) });
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
    const w = await whatIfOnThread(tenVmHost(), {
      start: () => null,
      onFallback: (m) => (why = m),
    });
    expect(typeof w).toBe('object');
    expect(why).toMatch(/no worker file/);
  }, 30_000);
});
