import type { ApiEvent } from '../common/api';
import type { HostSample, HostSummary } from '../common/model';
import type { ClassSwitch, HostSched } from '../common/sched';
import { hostStatus } from '../common/model.testkit';
import { classSwitch } from '../common/sched.testkit';
import { VslicerMetrics } from './vslicer-metrics';

/** A host as the exposition's tests see it: a summary, a frame, a listing; events fed by hand. */

/** Names a hostile or broken host may give its VMs: quotes, backslashes, newlines, braces. */
export const HOSTILE = [
  'a"b',
  'back\\slash',
  'new\nline',
  'x} 1\nfake_metric 1',
  'é ü 🖥',
  'le="9"',
];
export const GUESTS = ['web-frontend', 'batch-worker', 'db-report', 'video-encode', ...HOSTILE];

export const summary = (state: HostSummary['status']['state'] = 'ready'): HostSummary => ({
  id: 'demo',
  name: 'Demo host',
  kind: 'demo',
  target: null,
  profile: 'vslicer',
  capabilities: { switchClasses: true, schedWaits: true, family: 'vslicer' } as never,
  group: '',
  guestPcpus: 1,
  xenVersion: '4.17.0',
  scheduler: 'vslicer',
  status: hostStatus({ hostId: 'demo', state }),
  polls: [],
});

export const sample = (t: number, gapBefore = false): HostSample => ({
  hostId: 'demo',
  t,
  gapBefore,
  rejected: [],
  domains: [
    {
      name: 'Domain-0',
      state: 'r-----',
      cpuPct: 4,
      share: null,
      memKiB: 1,
      maxMemKiB: null,
      vcpus: 1,
    },
    ...GUESTS.map((name, i) => ({
      name,
      state: i === 0 ? '--b---' : '-----r',
      cpuPct: i === 0 ? 5 : 95 / (GUESTS.length - 1),
      share: i === 0 ? 0.05 : 0.95 / (GUESTS.length - 1),
      memKiB: 1,
      maxMemKiB: null,
      vcpus: 1,
    })),
  ],
});

/** web-frontend's domain UUID; the other guests have none (a host that did not say). */
export const WEB_FRONTEND_UUID = '6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b';

export const sched: HostSched = {
  hostId: 'demo',
  t: 0,
  tsliceMs: 30,
  ratelimitUs: 1000,
  switchable: true,
  readOnlyReason: null,
  vms: [
    { domid: 0, name: 'Domain-0', weight: 256, cap: 0, microsliceMs: 0, vmClass: 'NLSVM' },
    ...GUESTS.map((name, i) => ({
      domid: i + 1,
      name,
      weight: i === 1 ? 512 : 256,
      cap: 0,
      microsliceMs: i === 0 ? 2 : 0,
      vmClass: i === 0 ? ('LSVM' as const) : ('NLSVM' as const),
      uuid: i === 0 ? WEB_FRONTEND_UUID : null,
    })),
  ],
};

export function setup(state: HostSummary['status']['state'] = 'ready') {
  let clock = 1_000_000;
  let hosts = [summary(state)];
  const latest = sample(clock);
  const metrics = new VslicerMetrics(
    { hosts: () => hosts, latestSample: () => latest, sched: () => sched },
    '9.9.9',
    () => clock,
  );
  return {
    metrics,
    feed: (e: ApiEvent) => metrics.observe(e),
    tick: (ms: number) => (clock += ms),
    dropHosts: () => (hosts = []),
  };
}

/** A class switch of web-frontend to LSVM, as the switcher publishes it. */
export const switchEvent = (state: ClassSwitch['state'], id = 's1'): ApiEvent => ({
  name: 'classSwitch',
  payload: classSwitch(id, { hostId: 'demo', state, to: { vmClass: 'LSVM', microsliceMs: 2 } }),
});

/** One event of every kind the exposition counts, so every family has a series. */
export function feedEveryKind(feed: (e: ApiEvent) => void): void {
  feed({ name: 'hostSample', payload: sample(1) });
  feed({
    name: 'latencySample',
    payload: { hostId: 'demo', vm: 'web-frontend', address: 'a', t: 1, rttMs: [0.2, 12, null] },
  });
  const hist = new Array<number>(24).fill(0);
  hist[5] = 3;
  feed({
    name: 'schedWaits',
    payload: {
      hostId: 'demo',
      t: 5,
      sinceT: 0,
      unavailable: null,
      vms: [
        {
          vm: 'web-frontend',
          domid: 1,
          window: { dispatches: 4, waits: 3, sumUs: 120, maxUs: 50, hist },
        },
      ],
    },
  });
  feed(switchEvent('done', 'ok'));
  feed(switchEvent('failed', 'bad'));
}
