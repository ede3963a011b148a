/**
 * The mutable state of simulated VMs and pCPUs. Plain objects with fixed shapes (the hot path reads
 * them millions of times a second); behaviour lives in vm-work.ts, the policies and core.ts.
 */
import type { LatencyAccumulator } from '../../common/metrics/latency';
import type { WaitCounters } from '../../common/metrics/sched-waits';
import type { PcpuParams } from '../../common/vslicer/params';
import type { SchedPolicy } from './sched-policy';
import type { WorkloadSpec } from './workload';

export const BLOCKED = 0;
export const QUEUED = 1;
export const RUNNING = 2;
/** Capped out: wants the CPU but may not run until accounting restores its credit. */
export const PARKED = 3;

/** Credit priorities, higher runs first (Xen: BOOST 0 > UNDER −1 > OVER −2). */
export const PRI_OVER = 0;
export const PRI_UNDER = 1;
export const PRI_BOOST = 2;

export interface Vm {
  slot: number;
  /** Bumped on removal so that the VM's pending events are ignored. */
  gen: number;
  removed: boolean;
  domid: number;
  name: string;
  uuid: string;
  mac: string;
  ip: string | undefined;
  memKiB: number;
  pcpu: number;
  weight: number;
  cap: number;
  microsliceMs: number;
  work: WorkloadSpec;

  // scheduling state
  state: number;
  pri: number;
  /** Credits in µs of CPU time. */
  credit: number;
  /** Earning credits at accounting (Xen's active list). */
  active: boolean;
  /** Remaining micro credits in this T_S, µs (Algorithm 1). */
  microCredit: number;
  /** Effective microslice on its pCPU; 0 when scheduled as an NLSVM. */
  microUs: number;
  /** Micro credits granted per T_S (r·T_m). */
  tnUs: number;
  lastSettleUs: number;
  sliceStartUs: number;
  runnableSinceUs: number;
  /** Has run before: its first dispatch waited for nothing and is not a scheduling wait. */
  dispatched: boolean;
  penaltyLeftUs: number;

  // workload state
  lbPeriodIdx: number;
  lbGotUs: number;
  lbPhaseUs: number;
  /** Pending packets (pool slots), FIFO from pktHead. */
  pkts: number[];
  pktHead: number;
  headLeftUs: number;

  // counters
  cpuUs: number;
  usefulUs: number;
  switches: number;
  /** Scheduling waits (runnable → running), ms. */
  latency: LatencyAccumulator;
  /** The same waits as the vSlicer hypervisor counts them (µs, log2 histogram), for `vslicer-ctl -w`. */
  waits: WaitCounters;
  rxPackets: number;
  rxBytes: number;
  txPackets: number;
  txBytes: number;
  requestsServed: number;
}

export interface Pcpu {
  index: number;
  /** Algorithm 1's single run queue (credit: kept sorted by priority). */
  runq: Vm[];
  cur: Vm | null;
  /** Last VM that ran here: switching back to it costs no cache refill. */
  lastVm: Vm | null;
  sliceEndUs: number;
  /** Bumped to cancel the pending timer event. */
  timerGen: number;
  /** VMs pinned here, in creation order. */
  vms: Vm[];
  params: PcpuParams;
  policy: SchedPolicy;
  switches: number;
}

export function insertAt(arr: Vm[], i: number, v: Vm): void {
  arr.push(v);
  for (let j = arr.length - 1; j > i; j--) arr[j] = arr[j - 1]!;
  arr[i] = v;
}

export function removeFrom(arr: Vm[], v: Vm): boolean {
  const i = arr.indexOf(v);
  if (i < 0) return false;
  for (let j = i; j < arr.length - 1; j++) arr[j] = arr[j + 1]!;
  arr.pop();
  return true;
}
