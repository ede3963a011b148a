// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { usePreferencesStore } from './preferences-store';
import { useSchedStore } from './sched-store';
import type { FakeApi } from '../testing/fake-api';
import { classSwitch, hostSched, microslicePlan, vmSched } from '../testing/fixtures';
import { useClassSwitching } from './use-class-switching';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

describe('class toggles', () => {
  beforeEach(async () => {
    fake.reset();
    localStorage.clear();
    setActivePinia(createPinia());
    fake.respond('getSched', () => hostSched([vmSched(1, 'web-frontend')]));
    fake.respond('listClassSwitches', () => []);
    fake.respond('planMicroslice', () => microslicePlan({ proposedMs: 3 }));
    await useSchedStore().follow('xen1');
  });

  it('opens the dialog while "Ask before switching" is on (the default)', () => {
    const s = useClassSwitching();
    s.toggle('web-frontend');
    expect(s.dialogVm.value?.name).toBe('web-frontend');
    expect(fake.callsOf('switchClass')).toEqual([]);
  });

  it('switches at once with the proposal when it is off, persists the setting, and shows a failure', async () => {
    usePreferencesStore().askBeforeSwitching = false;
    await flushPromises();
    expect(localStorage.getItem('vslicer.askBeforeSwitching')).toBe('false');
    fake.respond('switchClass', () =>
      classSwitch('s1', { state: 'failed', hostReply: 'refused by the demo host' }),
    );
    const s = useClassSwitching();
    s.toggle('web-frontend');
    await flushPromises();
    expect(s.dialogVm.value).toBeNull();
    expect(fake.callsOf('switchClass')).toEqual([{ hostId: 'xen1', domid: 1, microsliceMs: 3 }]);
    expect(s.notice.value).toMatch(/still an NLSVM.*refused by the demo host/s);
  });
});
