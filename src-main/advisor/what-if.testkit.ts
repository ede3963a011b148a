import { vmEvidence } from '../common/advice.testkit';
import { hostSched, vmSched } from '../common/sched.testkit';
import type { WhatIfInput } from './what-if';

/**
 * Ten busy VMs on one pCPU, vm1 the candidate: the size the window must stay responsive for.
 * `firstSleeps`: vm1 is blocked most of the time at 5 % CPU (else CPU-bound like the others).
 */
export function tenVmHost(firstSleeps: boolean): WhatIfInput {
  const names = Array.from({ length: 10 }, (_, i) => `vm${i + 1}`);
  return {
    hostId: 'xen1',
    sched: hostSched(names.map((n, i) => vmSched(i + 1, n))),
    evidence: names.map((vm, i) =>
      vmEvidence(vm, i + 1, {
        share: i === 0 && firstSleeps ? 0.05 : 0.1,
        fairShare: 0.1,
        blockedRatio: i === 0 && firstSleeps ? 0.8 : 0,
        netKiBPerS: null,
        rtt: { count: 50, p50Ms: 100, p99Ms: 250 },
        plannedMicrosliceMs: 3,
      }),
    ),
    guestPcpus: 1,
    domid: 1,
    microsliceMs: 3,
  };
}
