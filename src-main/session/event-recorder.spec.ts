import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../common/api';
import type { HostStatus, HostSummary } from '../common/model';
import type { HostSched } from '../common/sched';
import { EventRecorder } from './event-recorder';
import type { JournalRecord } from './journal/record';

const status = (state: HostStatus['state']): HostStatus => ({
  hostId: 'h1',
  state,
  message: null,
  since: 1,
  retryAt: null,
  errorCode: null,
  keyChange: null,
});
const host: HostSummary = {
  id: 'h1',
  name: 'dom0 A',
  kind: 'ssh',
  target: 'root@10.0.0.1:22',
  profile: 'vslicer',
  capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
  polls: [],
  group: '',
  guestPcpus: 2,
  xenVersion: '4.17.5',
  scheduler: 'credit',
  status: status('ready'),
};
const sched = (t: number, microsliceMs: number): HostSched => ({
  hostId: 'h1',
  t,
  tsliceMs: 30,
  ratelimitUs: 1000,
  switchable: true,
  readOnlyReason: null,
  vms: [
    {
      domid: 3,
      name: 'web',
      weight: 256,
      cap: 0,
      microsliceMs,
      vmClass: microsliceMs ? 'LSVM' : 'NLSVM',
    },
  ],
});

describe('EventRecorder', () => {
  it('keeps statuses with host facts on ready, and scheduler listings only when they change', () => {
    const got: JournalRecord[] = [];
    const rec = new EventRecorder(
      () => [host],
      () => 42,
    );
    rec.sink = { record: (r) => got.push(r) };
    const publish = (event: ApiEvent) => rec.observe(event);
    publish({ name: 'hostStatus', payload: status('connecting') });
    publish({ name: 'hostStatus', payload: status('ready') });
    publish({ name: 'hostSched', payload: sched(1, 0) });
    publish({ name: 'hostSched', payload: sched(2, 0) });
    publish({ name: 'hostSched', payload: sched(3, 5) });
    publish({ name: 'hostsChanged', payload: [host] });
    expect(got.map((r) => r.kind)).toEqual(['status', 'status', 'host', 'sched', 'sched']);
    expect(got[2]).toEqual({
      kind: 'host',
      t: 42,
      data: {
        hostId: 'h1',
        name: 'dom0 A',
        kind: 'ssh',
        target: 'root@10.0.0.1:22',
        profile: 'vslicer',
        guestPcpus: 2,
        xenVersion: '4.17.5',
        scheduler: 'credit',
        capabilities: host.capabilities,
      },
    });
    expect(rec.prelude().map((r) => r.kind)).toEqual(['status', 'host', 'sched']);
    expect(rec.prelude()[2]).toMatchObject({ data: { t: 3 } });
  });
});
