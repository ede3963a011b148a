/**
 * What a simulated Xen host looks like from dom0 at one instant: the state the command emulation
 * (sim/emulation) prints as `xentop`, `xl list`, `xl sched-vslicer`, `xl info` … text, and that the
 * scheduling engine (sim/engine) produces. The two halves meet only here.
 *
 * Units follow Xen's own: CPU time in nanoseconds (bigint, as Xen's 64-bit counters), memory in
 * KiB, time slices in ms, ratelimit in µs.
 */
import type { WaitCounters } from '../common/metrics/sched-waits';

export type SimSchedulerName = 'vslicer' | 'credit' | 'credit2';

export interface SimNet {
  rxBytes: bigint;
  rxPackets: bigint;
  rxErrors: bigint;
  rxDrops: bigint;
  txBytes: bigint;
  txPackets: bigint;
  txErrors: bigint;
  txDrops: bigint;
  /** Guest MAC, as `xl network-list` prints it. */
  mac: string;
  /** Guest IPv4 address, if the demo host gives it one. */
  ip?: string;
}

export interface SimVbd {
  /** Xen virtual-device id, e.g. 51712 for xvda. */
  devId: number;
  oo: bigint;
  rd: bigint;
  wr: bigint;
  rsect: bigint;
  wsect: bigint;
}

export interface SimDomain {
  domid: number;
  name: string;
  uuid: string;
  /** xentop's STATE flags `dsbcpr` (docs/host-formats.md §1.5). */
  flags: {
    dying: boolean;
    shutdown: boolean;
    blocked: boolean;
    crashed: boolean;
    paused: boolean;
    running: boolean;
  };
  /** Cumulative CPU time of all vCPUs, ns. */
  cpuNs: bigint;
  /** Per-vCPU cumulative time, ns; length = number of vCPUs. */
  vcpuNs: bigint[];
  /** pCPU each vCPU is pinned to / currently on. */
  vcpuPcpu: number[];
  memKiB: bigint;
  /** null = no limit (xentop prints `no limit` / `n/a`). */
  maxMemKiB: bigint | null;
  nets: SimNet[];
  vbds: SimVbd[];
  ssid: number;
  /** Scheduler parameters (credit's weight and cap, vSlicer's microslice; 0 = NLSVM). */
  weight: number;
  cap: number;
  microsliceMs: number;
  /** Scheduling waits as the vSlicer hypervisor counts them (cumulative); none for Domain-0. */
  waits?: WaitCounters;
}

export interface SimHostSnapshot {
  /** Simulated time since host boot, ns. */
  nowNs: bigint;
  hostname: string;
  xenVersion: string;
  scheduler: SimSchedulerName;
  tsliceMs: number;
  ratelimitUs: number;
  nrCpus: number;
  cpuMhz: number;
  totalMemKiB: bigint;
  freeMemKiB: bigint;
  /** Domain-0 first, then guests in creation order. */
  domains: SimDomain[];
}
