/**
 * Where VMs go in a pCPU's run queue: Xen 3.4.2's credit scheduler (the baseline) and vSlicer's
 * Algorithm 1. The queue's head always runs next (Algorithm 1 line 16, get_first_elem); the core
 * (core.ts) does the mechanics of stopping, picking and timing.
 */
import { type Pcpu, type Vm, PRI_BOOST, PRI_UNDER, insertAt } from './state';

export interface SchedPolicy {
  /** The running VM stops but is still runnable (slice expired or preempted). */
  requeue(p: Pcpu, vm: Vm, ranUs: number): void;
  /** The running VM stops because it blocked or was parked. */
  stopped(p: Pcpu, vm: Vm, ranUs: number): void;
  /** A blocked VM becomes runnable; true when it should preempt the running VM. */
  wake(p: Pcpu, vm: Vm): boolean;
  /** Run time granted to the VM just picked. */
  sliceUs(p: Pcpu, vm: Vm): number;
  /** After credit accounting changed priorities. */
  afterAccounting(p: Pcpu): void;
}

/** Tail of the VM's priority class (Xen __runq_insert): round-robin within a priority. */
function insertByPriority(q: Vm[], vm: Vm): void {
  let i = 0;
  while (i < q.length && q[i]!.pri >= vm.pri) i++;
  insertAt(q, i, vm);
}

/** Xen credit wake-up (csched_vcpu_wake): an UNDER VM woken by an event is BOOSTed. */
function boostOnWake(vm: Vm): boolean {
  if (vm.pri !== PRI_UNDER) return false;
  vm.pri = PRI_BOOST;
  return true;
}

export const creditPolicy: SchedPolicy = {
  requeue(p, vm) {
    insertByPriority(p.runq, vm);
  },
  stopped() {},
  wake(p, vm) {
    boostOnWake(vm);
    insertByPriority(p.runq, vm);
    // csched_runq_tickle: preempt when the woken VM outranks the running one.
    return p.cur !== null && vm.pri > p.cur.pri;
  },
  sliceUs(p) {
    return p.params.tsliceUs;
  },
  afterAccounting(p) {
    // csched_runq_sort: stable re-sort by the new priorities.
    p.runq.sort((a, b) => b.pri - a.pri);
  },
};

function firstAfterBoosted(q: Vm[]): number {
  let i = 0;
  while (i < q.length && q[i]!.pri === PRI_BOOST) i++;
  return i;
}

/** Share of this T_S's micro credits already used: orders LSVMs within T_S (Section 6). */
function used(vm: Vm): number {
  return vm.tnUs > 0 ? (vm.tnUs - vm.microCredit) / vm.tnUs : 0;
}

/**
 * insert_before_nlsvm: run again within this T_S. Among the LSVMs queued ahead of the first NLSVM
 * the one that has used the smallest share of T_n goes first; with equal microslices that is plain
 * round-robin (Section 3.1), with different ones it is the Section 6 frequency policy.
 */
export function insertBeforeNlsvm(q: Vm[], vm: Vm): void {
  const key = used(vm);
  let i = firstAfterBoosted(q);
  while (i < q.length && q[i]!.microUs > 0 && used(q[i]!) <= key) i++;
  insertAt(q, i, vm);
}

/** insert_after_nlsvm: run in the next T_S, i.e. after the next NLSVM (and the LSVMs already there). */
export function insertAfterNlsvm(q: Vm[], vm: Vm): void {
  let i = firstAfterBoosted(q);
  while (i < q.length && q[i]!.microUs > 0) i++;
  if (i < q.length) {
    i++;
    while (i < q.length && q[i]!.microUs > 0) i++;
  }
  insertAt(q, i, vm);
}

function insertAfterBoosted(q: Vm[], vm: Vm): void {
  insertAt(q, firstAfterBoosted(q), vm);
}

/** Algorithm 1 (Section 4), lines 1–15, plus the credit scheduler's BOOST kept on the wake path. */
export const vslicerPolicy: SchedPolicy = {
  requeue(p, vm, ranUs) {
    // Line 1, burn_credit, happened as the VM ran (vm-work.ts settle).
    if (vm.microUs === 0) {
      p.runq.push(vm); // line 3: insert_tail
      return;
    }
    vm.microCredit -= ranUs; // line 5: burn_micro (the time actually run; = T_m on expiry)
    if (vm.credit > 0) {
      if (vm.microCredit > 0) {
        insertBeforeNlsvm(p.runq, vm); // line 8
      } else {
        vm.microCredit = vm.tnUs; // spent its T_n for this T_S: refilled for the next one
        insertAfterNlsvm(p.runq, vm); // line 10
      }
    } else {
      if (vm.microCredit <= 0) vm.microCredit = vm.tnUs;
      p.runq.push(vm); // line 13: out of credits, wait for the next scheduling period
    }
  },
  stopped(_p, vm, ranUs) {
    if (vm.microUs > 0) vm.microCredit -= ranUs;
  },
  wake(p, vm) {
    if (boostOnWake(vm)) {
      insertAfterBoosted(p.runq, vm);
      return p.cur !== null && p.cur.pri !== PRI_BOOST;
    }
    if (vm.microUs === 0 || vm.credit <= 0) {
      p.runq.push(vm);
    } else if (vm.microCredit > 0) {
      insertBeforeNlsvm(p.runq, vm);
    } else {
      vm.microCredit = vm.tnUs;
      insertAfterNlsvm(p.runq, vm);
    }
    return false;
  },
  sliceUs(p, vm) {
    // Lines 17–21: an NLSVM gets time_slice = T_NLSVM, an LSVM micro_slice = T_m.
    return vm.microUs > 0 ? vm.microUs : p.params.tsliceUs;
  },
  afterAccounting() {},
};

/** No NLSVM on the pCPU (Algorithm 1's num_nlsvm ≥ 1 fails): LSVMs round-robin in microslices. */
export const roundRobinMicroPolicy: SchedPolicy = {
  requeue(p, vm) {
    p.runq.push(vm);
  },
  stopped() {},
  wake(p, vm) {
    if (boostOnWake(vm)) {
      insertAfterBoosted(p.runq, vm);
      return p.cur !== null && p.cur.pri !== PRI_BOOST;
    }
    p.runq.push(vm);
    return false;
  },
  sliceUs(p, vm) {
    return vm.microUs > 0 ? vm.microUs : p.params.tsliceUs;
  },
  afterAccounting() {},
};
