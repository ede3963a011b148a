/**
 * Every action the app performs on a host. A host profile (xen/profiles/) maps each to argv from
 * validated values; domains are always addressed by id.
 */
export type HostAction =
  /** Long-lived `xentop -b -d N` stream (or `-i N` one-shot). */
  | {
      kind: 'xentop';
      delaySec: number;
      iterations?: number;
      networks?: boolean;
      vbds?: boolean;
      vcpus?: boolean;
    }
  | { kind: 'list-domains'; verbose?: boolean }
  | { kind: 'host-info' }
  | { kind: 'sched-list' }
  | { kind: 'sched-domain'; domid: number }
  /** Switch class: microslice 0 = NLSVM, 1…tslice = LSVM. */
  | { kind: 'set-class'; domid: number; microsliceMs: number; tsliceMs: number }
  | { kind: 'set-share'; domid: number; weight?: number; cap?: number }
  | { kind: 'pool-params' }
  | { kind: 'set-pool'; tsliceMs?: number; ratelimitUs?: number }
  | { kind: 'ping'; address: string; count: number; intervalSec: number; timeoutSec: number }
  | { kind: 'network-list'; domid: number }
  /** Where every vCPU runs and may run (hard affinity). */
  | { kind: 'vcpu-list' }
  /** The cpupools and their pCPUs (`-c`). */
  | { kind: 'cpupool-list' }
  /** Cumulative scheduling-wait statistics per domain (the vSlicer hypervisor's `vslicer-ctl -w`). */
  | { kind: 'wait-stats' }
  | { kind: 'neighbours' };
