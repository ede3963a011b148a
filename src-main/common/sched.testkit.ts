import type { HostSched, VmSched } from './sched';

/** Scheduler listings for unit tests: an NLSVM at the default weight, a switchable host. */
export const vmSched = (domid: number, name: string, over: Partial<VmSched> = {}): VmSched => ({
  domid,
  name,
  weight: 256,
  cap: 0,
  microsliceMs: 0,
  vmClass: 'NLSVM',
  ...over,
});

export const hostSched = (vms: VmSched[], over: Partial<HostSched> = {}): HostSched => ({
  hostId: 'xen1',
  t: 1000,
  tsliceMs: 30,
  ratelimitUs: 1000,
  switchable: true,
  readOnlyReason: null,
  vms,
  ...over,
});
