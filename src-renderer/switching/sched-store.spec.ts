// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { classSwitch, hostSched, vmSched } from '../testing/fixtures';
import { useSchedStore } from './sched-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const listing = (t: number, webClass: 'LSVM' | 'NLSVM' = 'NLSVM') =>
  hostSched(
    [
      vmSched(1, 'web-frontend', { vmClass: webClass, microsliceMs: webClass === 'LSVM' ? 5 : 0 }),
      vmSched(2, 'voip-gw'),
    ],
    { t },
  );

describe('sched store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('loads the listing and the switch history, then applies pushed events', async () => {
    fake.respond('getSched', () => listing(1000));
    fake.respond('listClassSwitches', () => [classSwitch('s1', { startedAt: 500 })]);
    const store = useSchedStore();
    await store.follow('xen1');
    expect(store.byName.get('web-frontend')?.vmClass).toBe('NLSVM');
    expect(store.readOnlyReason).toBeNull();

    fake.emit('hostSched', listing(2000, 'LSVM'));
    expect(store.byName.get('web-frontend')?.microsliceMs).toBe(5);
    // An older listing (a late answer) never replaces a newer one; other hosts are ignored.
    fake.emit('hostSched', listing(1500));
    fake.emit('hostSched', { ...listing(3000), hostId: 'xen2' });
    expect(store.sched?.t).toBe(2000);

    fake.emit(
      'classSwitch',
      classSwitch('s2', { state: 'running', startedAt: 2500, finishedAt: null }),
    );
    expect(store.running.has(1)).toBe(true);
    fake.emit('classSwitch', classSwitch('s2', { state: 'done', startedAt: 2500 }));
    expect(store.switches.map((s) => [s.id, s.state])).toEqual([
      ['s1', 'done'],
      ['s2', 'done'],
    ]);
    expect(store.running.size).toBe(0);
    expect(store.latestDone('web-frontend')?.current.id).toBe('s2');
  });

  it('says why classes cannot be switched: no listing, read-only host, or an old core', async () => {
    fake.respond('listClassSwitches', () => []);
    fake.respond('getSched', () => null);
    const store = useSchedStore();
    await store.follow('xen1');
    expect(store.readOnlyReason).toMatch(/Waiting for the scheduler listing/);
    fake.emit(
      'hostSched',
      hostSched([], { switchable: false, readOnlyReason: 'credit2 has no microslices.' }),
    );
    expect(store.readOnlyReason).toBe('credit2 has no microslices.');

    fake.reset();
    await store.follow('xen1');
    expect(store.readOnlyReason).toMatch(/cannot do that yet/);
  });

  it('records what switchClass and undo answer in the history', async () => {
    fake.respond('getSched', () => listing(1000));
    fake.respond('listClassSwitches', () => []);
    fake.respond('switchClass', () =>
      classSwitch('s9', { state: 'failed', hostReply: 'xl: permission denied' }),
    );
    fake.respond('undoClassSwitch', ({ switchId }) =>
      classSwitch('u1', { undoOf: switchId, startedAt: 20_000 }),
    );
    const store = useSchedStore();
    await store.follow('xen1');
    const failed = await store.switchClass(1, 5);
    expect(fake.callsOf('switchClass')).toEqual([{ hostId: 'xen1', domid: 1, microsliceMs: 5 }]);
    expect(failed.state).toBe('failed');
    await store.undo('s8');
    expect(fake.callsOf('undoClassSwitch')).toEqual([{ switchId: 's8' }]);
    expect(store.switches.map((s) => s.id)).toEqual(['s9', 'u1']);
  });

  it('keeps a switch pushed while the list was in flight over the list’s older copy, and lists switches without a listing', async () => {
    fake.respond('listClassSwitches', () => {
      // The switch ends while the answer is on its way: the event is newer than the list.
      fake.emit('classSwitch', classSwitch('s1', { state: 'done', startedAt: 500 }));
      return [
        classSwitch('s1', { state: 'running', startedAt: 500, finishedAt: null }),
        classSwitch('s0', { startedAt: 100 }),
      ];
    });
    const store = useSchedStore();
    await store.follow('xen1');
    expect(store.switches.map((s) => [s.id, s.state])).toEqual([
      ['s0', 'done'],
      ['s1', 'done'],
    ]);
    // getSched is not answered (an older core): the switches still show, and switching says why it is off.
    expect(store.readOnlyReason).toMatch(/cannot do that yet/);
  });
});
