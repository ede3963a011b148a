import type { HostKeyPrompt } from '@common/host-config';
import type { HostStatus, HostSummary } from '@common/model';

/** Contract-shaped values for unit tests; override only what a test is about. */
export const status = (over: Partial<HostStatus> = {}): HostStatus => ({
  hostId: 'xen1',
  state: 'ready',
  message: null,
  since: 0,
  retryAt: null,
  errorCode: null,
  keyChange: null,
  ...over,
});

export const host = (id: string, over: Partial<HostSummary> = {}): HostSummary => ({
  id,
  name: id,
  kind: 'ssh',
  target: `root@${id}.example.org:22`,
  profile: 'vslicer',
  group: '',
  guestPcpus: 2,
  status: status({ hostId: id }),
  ...over,
});

export const hostKeyPrompt = (promptId: string, over: Partial<HostKeyPrompt> = {}): HostKeyPrompt => ({
  promptId,
  hostId: 'xen1',
  host: 'xen1.example.org',
  port: 22,
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
  otherKnownTypes: [],
  ...over,
});
