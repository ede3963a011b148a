import type { HostKeyPrompt } from '@common/host-config';
import { hostStatus } from '@common/model.testkit';
import type { ProfileInfo } from '@common/profile';
import type { DomainSample, HostSample, HostSummary } from '@common/model';
import type { LatencySample, MicroslicePlan } from '@common/sched';
import type { ExportJob, SessionInfo } from '@common/session';

/** Contract-shaped values for unit tests; override only what a test is about. */
export const status = hostStatus;

export const host = (id: string, over: Partial<HostSummary> = {}): HostSummary => ({
  id,
  name: id,
  kind: 'ssh',
  target: `root@${id}.example.org:22`,
  profile: 'vslicer',
  capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
  polls: [],
  group: '',
  guestPcpus: 2,
  xenVersion: null,
  scheduler: null,
  status: status({ hostId: id }),
  ...over,
});

export const hostKeyPrompt = (
  promptId: string,
  over: Partial<HostKeyPrompt> = {},
): HostKeyPrompt => ({
  promptId,
  hostId: 'xen1',
  host: 'xen1.example.org',
  port: 22,
  keyType: 'ssh-ed25519',
  fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s',
  otherKnownTypes: [],
  ...over,
});

export const domain = (name: string, over: Partial<DomainSample> = {}): DomainSample => ({
  name,
  state: '-----r',
  cpuPct: 20,
  share: 0.2,
  memKiB: 524288,
  maxMemKiB: 524288,
  vcpus: 1,
  ...over,
});

export const hostSample = (
  domains: DomainSample[],
  over: Partial<HostSample> = {},
): HostSample => ({
  hostId: 'xen1',
  t: 1000,
  domains,
  rejected: [],
  gapBefore: false,
  ...over,
});

export { classSwitch, hostSched, vmSched } from '@common/sched.testkit';
export { advice, predictionCheck, vmEvidence, whatIf } from '@common/advice.testkit';

export const latencySample = (
  vm: string,
  t: number,
  rttMs: Array<number | null>,
  over: Partial<LatencySample> = {},
): LatencySample => ({
  hostId: 'xen1',
  vm,
  address: '192.0.2.11',
  t,
  rttMs,
  ...over,
});

export const microslicePlan = (over: Partial<MicroslicePlan> = {}): MicroslicePlan => ({
  tsliceMs: 30,
  lsvmCount: 1,
  nlsvmCount: 4,
  proposedMs: 5,
  options: [1, 2, 3, 5, 6].map((ms) => ({
    microsliceMs: ms,
    worstCaseLatencyMs: 30 + ms,
    bestCaseLatencyMs: ms,
    meanLatencyMs: 15 + ms,
    contextSwitchRatio: 7.5 / ms,
    divides: 15 % ms === 0,
  })),
  errors: [],
  note: null,
  ...over,
});

export const sessionInfo = (id: string, over: Partial<SessionInfo> = {}): SessionInfo => ({
  id,
  name: `Session ${id.slice(0, 8)}`,
  startedAt: Date.UTC(2025, 0, 1, 12, 0, 0),
  endedAt: Date.UTC(2025, 0, 1, 12, 5, 0),
  recording: false,
  interrupted: false,
  paused: null,
  damage: null,
  hosts: ['Demo host'],
  records: 1200,
  bytes: 345_678,
  ...over,
});

export const exportJob = (jobId: string, over: Partial<ExportJob> = {}): ExportJob => ({
  jobId,
  sessionId: '20250101T120000Z-aaaaaa',
  format: 'html',
  state: 'running',
  progress: 0,
  files: [],
  downloads: [],
  error: null,
  ...over,
});

/** The profiles as the core lists them (listProfiles). */
export const profiles: ProfileInfo[] = [
  {
    name: 'vslicer',
    label: 'vSlicer (xl sched-vslicer)',
    help: 'The vSlicer prototype: xl sched-vslicer, classes can be switched.',
    capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
    readOnlyReason: null,
  },
  {
    name: 'vslicer-xm',
    label: 'vSlicer on Xen 3.4 (xm sched-vslicer)',
    help: 'The same control through xm sched-vslicer on Xen 3.4.',
    capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
    readOnlyReason: null,
  },
  {
    name: 'credit',
    label: 'Stock Xen, credit (read-only classes)',
    help: 'Watch only: no LSVM/NLSVM classes, every VM shows as NLSVM.',
    capabilities: { scheduler: 'credit', switchClasses: false, waitStats: false, tslice: true },
    readOnlyReason: 'stock credit',
  },
  {
    name: 'credit2',
    label: 'Stock Xen, credit2 (read-only classes)',
    help: 'Watch only, like credit; credit2 has no settable time slice.',
    capabilities: { scheduler: 'credit2', switchClasses: false, waitStats: false, tslice: false },
    readOnlyReason: 'stock credit2',
  },
];
