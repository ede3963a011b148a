// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { useHostsStore } from '../hosts/hosts-store';
import { useLatencyStore } from './latency-store';
import { RECORDED_READ_ONLY } from '../sessions/sessions-store';
import type { FakeApi } from '../testing/fake-api';
import { host, latencySample } from '../testing/fixtures';
import ProbeControls from './ProbeControls.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;
const settings = { intervalSec: 2, count: 5 };

function controls(kind: 'ssh' | 'recorded', address: string | null = '192.0.2.7') {
  useHostsStore().replaceHosts([host('h1', { kind })]);
  useLatencyStore().hostId = 'h1';
  const target = {
    vm: 'web',
    address,
    source: address ? ('discovered' as const) : null,
    problem: address ? null : 'not found',
  };
  return mount(ProbeControls, { props: { vm: 'web', target, settings } });
}

describe('ProbeControls', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('lets the operator change the address and the probe settings of a live host', async () => {
    fake.respond('setProbeSettings', ({ settings: next }) => next);
    const w = controls('ssh');
    expect(w.text()).toContain('Pinging 192.0.2.7');
    expect(w.find('fieldset').attributes('disabled')).toBeUndefined();
    await w.get('input[aria-label="Probe interval (s)"]').setValue(5);
    await w.get('form.settings').trigger('submit');
    expect(fake.callsOf('setProbeSettings')).toEqual([
      { hostId: 'h1', settings: { intervalSec: 5, count: 5 } },
    ]);
  });

  it('shows a recorded host’s probe settings read-only, with the reason', async () => {
    const w = controls('recorded');
    expect(w.get('[role="note"]').text()).toBe(
      `Probe settings cannot be changed: ${RECORDED_READ_ONLY}.`,
    );
    expect(w.text()).toContain('Pinged 192.0.2.7');
    expect(w.text()).not.toContain('Change address');
    expect(w.find('form.address').exists()).toBe(false);
    const fieldset = w.get('fieldset');
    expect(fieldset.attributes('disabled')).toBeDefined();
    expect(fieldset.attributes('title')).toBe(RECORDED_READ_ONLY);
    await w.get('form.settings').trigger('submit');
    expect(fake.callsOf('setProbeSettings')).toEqual([]);
  });

  it('shows where a recorded host’s rounds went when it has no live target', () => {
    const latency = useLatencyStore();
    latency.hostId = 'h1';
    latency.append(latencySample('web', 1000, [1.5], { hostId: 'h1', address: '10.0.0.9' }));
    expect(controls('recorded', null).text()).toContain('Pinged 10.0.0.9');
    setActivePinia(createPinia());
    expect(controls('recorded', null).text()).toContain('No probe rounds of web were recorded.');
  });
});
