/**
 * The engine's public vocabulary: how a host and its VMs are described, what the engine tells an
 * operator when the paper's preconditions fail, and the timing constants of the model.
 */
import type { SchedulerKind } from '../../common/vslicer/notices';

export interface VmSpec {
  name: string;
  /** Assigned in creation order (1, 2, …) when omitted; never reused, as in Xen. */
  domid?: number;
  /** Credit weight, 1–65535 (default 256). */
  weight?: number;
  /** Credit cap in % of one pCPU; 0 = none. */
  cap?: number;
  /** vSlicer microslice T_m in ms; 0 makes the VM an NLSVM (Section 4). */
  microsliceMs?: number;
  /** Guest pCPU the single vCPU is pinned to, 0-based (Domain-0's core is not counted). */
  pcpu?: number;
  /** Combinable workload tokens, see workload.ts: cpu, lookbusy:PCT, idle, ping, rr:RATE[:BURST_US]. */
  workloads?: readonly string[];
  mac?: string;
  ip?: string;
  memKiB?: number;
}

/** Model constants; all times in µs. Defaults in DEFAULT_TIMING. */
export interface EngineTiming {
  /** Credit scheduler tick (Xen 3.4.2: 10 ms). */
  tickUs: number;
  /** Credit accounting period (Xen 3.4.2: 30 ms). */
  acctUs: number;
  /** CPU time a VM switched in spends refilling caches before doing useful work (Fig. 4, 11). */
  switchPenaltyUs: number;
  /** One-way dom0 ↔ guest network delay and its uniform ± jitter. */
  netOneWayUs: number;
  netJitterUs: number;
  /** CPU burst a guest needs to answer one ping. */
  pingBurstUs: number;
  /** lookbusy's control period: it aims for PCT % of CPU time in each period. */
  lookbusyPeriodUs: number;
  /** Domain-0's steady CPU use on its own core, fraction of one core. */
  dom0CpuFraction: number;
}

export const DEFAULT_TIMING: EngineTiming = {
  tickUs: 10_000,
  acctUs: 30_000,
  switchPenaltyUs: 200,
  netOneWayUs: 60,
  netJitterUs: 20,
  pingBurstUs: 30,
  lookbusyPeriodUs: 100_000,
  dom0CpuFraction: 0.015,
};

export interface HostSpec {
  /** Guest pCPUs (Domain-0 sits on one more core of its own, not simulated). */
  pcpus: number;
  vms: readonly VmSpec[];
  scheduler: SchedulerKind;
  /** Credit time slice = vSlicer's T_NLSVM, 1–1000 ms (default 30). */
  tsliceMs?: number;
  /** Minimum run before a wake-up may preempt, µs; 0 disables (default 1000, as `xl` lists). */
  ratelimitUs?: number;
  seed?: number;
  hostname?: string;
  timing?: Partial<EngineTiming>;
}

/** Ping probe options, as `ping -c COUNT -i INTERVAL -W TIMEOUT`. */
export interface PingOptions {
  count: number;
  intervalMs?: number;
  timeoutMs?: number;
}
