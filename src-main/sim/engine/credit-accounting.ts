/**
 * Xen 3.4.2's credit accounting (csched_acct), run every 30 ms for each pCPU: the pCPU's 30 ms of
 * CPU is handed out as credits to its active VMs in proportion to weight, limited by cap; a VM
 * with credit left is UNDER, one in debt is OVER. Both schedulers use it (vSlicer extends credit,
 * Section 4). Credits are µs of CPU time; they are burnt by the exact time run (Algorithm 1 line 1,
 * burn_credit(schedule_time, now)) rather than by 10 ms tick samples.
 */
import { type Vm, PRI_OVER, PRI_UNDER } from './state';

/**
 * Where a new VM's credit starts: half-way up the ±one-period range. Xen starts at 0, but with
 * exact burning a fresh LSVM would then be in debt after its first microslice and Algorithm 1
 * (line 12) would send it to the tail — a start-up artefact, not the paper's behaviour.
 */
export function initialCredit(acctUs: number): number {
  return acctUs / 2;
}

export function accountPcpu(vms: readonly Vm[], acctUs: number): void {
  let totalWeight = 0;
  for (const vm of vms) if (vm.active) totalWeight += vm.weight;
  if (totalWeight === 0) return;
  // Bounds as CSCHED_CREDITS_PER_TSLICE: one accounting period's worth either way.
  const bound = acctUs;
  for (const vm of vms) {
    if (!vm.active) continue;
    let grant = (acctUs * vm.weight) / totalWeight;
    if (vm.cap > 0) grant = Math.min(grant, (acctUs * vm.cap) / 100);
    vm.credit += grant;
    if (vm.credit < 0) {
      vm.pri = PRI_OVER;
      if (vm.credit < -bound) vm.credit = -bound;
    } else {
      vm.pri = PRI_UNDER;
      if (vm.credit > bound) {
        // An idle VM stops earning (leaves the active list) instead of hoarding credits.
        vm.credit = bound;
        vm.active = false;
      }
    }
  }
}
