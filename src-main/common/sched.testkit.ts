import type { ClassSwitch, HostSched, VmSched } from './sched';

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

/** A class switch of web-frontend to a 5 ms LSVM, done and read back. */
export const classSwitch = (id: string, over: Partial<ClassSwitch> = {}): ClassSwitch => ({
  id,
  hostId: 'xen1',
  domid: 1,
  vm: 'web-frontend',
  from: { vmClass: 'NLSVM', microsliceMs: 0 },
  to: { vmClass: 'LSVM', microsliceMs: 5 },
  argv: ['xl', 'sched-vslicer', '-d', 'web-frontend', '-m', '5'],
  command: 'xl sched-vslicer -d web-frontend -m 5',
  state: 'done',
  startedAt: 10_000,
  finishedAt: 10_500,
  hostReply: '',
  exitCode: 0,
  readBackMs: 5,
  error: null,
  undoOf: null,
  ...over,
});
