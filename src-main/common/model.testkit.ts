import type { HostStatus } from './model';

/** A host's status for unit tests and benchmarks: ready since 0, nothing to report. */
export const hostStatus = (over: Partial<HostStatus> = {}): HostStatus => ({
  hostId: 'xen1',
  state: 'ready',
  message: null,
  since: 0,
  retryAt: null,
  errorCode: null,
  keyChange: null,
  ...over,
});
