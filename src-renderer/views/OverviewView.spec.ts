// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { domain, host, hostSample } from '../testing/fixtures';
import { useHostsStore } from '../hosts/hosts-store';
import { useViewModeStore } from './view-mode-store';
import OverviewView from './OverviewView.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

describe('OverviewView', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('groups host cards, updates a card from live frames, and drills into a host on click', async () => {
    useHostsStore().replaceHosts([
      host('demo', { kind: 'demo' }),
      host('xen1', { group: 'Rack B' }),
      host('xen2', { group: 'Rack A' }),
    ]);
    const view = mount(OverviewView);
    expect(view.findAll('section.group').map((g) => g.attributes('aria-label'))).toEqual([
      'Ungrouped hosts',
      'Rack A',
      'Rack B',
    ]);
    fake.emit('hostSample', hostSample([domain('a'), domain('b')], { hostId: 'xen1' }));
    await view.vm.$nextTick();
    expect(view.get('[data-host-id="xen1"] [data-figure="vms"]').text()).toBe('2');
    expect(view.get('[data-host-id="xen1"] [data-figure="fairness"]').text()).toBe('1.00');
    const mode = useViewModeStore();
    mode.showOverview();
    await view.get('[data-host-id="xen2"]').trigger('click');
    expect(mode.view).toBe('host');
    expect(useHostsStore().selectedId).toBe('xen2');
  });
});
