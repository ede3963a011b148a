// @vitest-environment happy-dom
import type { MetricsSharingState } from '@common/metrics-sharing';
import { ApiError } from '@common/api-client';
import { flushPromises, mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import MetricsSharingSettings from './MetricsSharingSettings.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const OFF: MetricsSharingState = {
  available: true,
  unavailableReason: null,
  enabled: false,
  port: 9842,
  listenAll: false,
  tokenFile: null,
  ownTokenFile: true,
  url: null,
  error: null,
  newToken: null,
};
const ON: MetricsSharingState = {
  ...OFF,
  enabled: true,
  tokenFile: '/data/metrics.token',
  url: 'http://127.0.0.1:9842/metrics',
};

async function settings(state: MetricsSharingState) {
  fake.respond('getMetricsSharing', () => state);
  const w = mount(MetricsSharingSettings);
  await flushPromises();
  return w;
}

describe('MetricsSharingSettings', () => {
  beforeEach(() => fake.reset());

  it('is off by default; turning it on shows the new token once, with where it is kept', async () => {
    const w = await settings(OFF);
    const toggle = w.get('input[role="switch"]');
    expect((toggle.element as HTMLInputElement).checked).toBe(false);
    fake.respond('setMetricsSharing', () => ({ ...ON, newToken: 'f'.repeat(64) }));
    await w.get('input[aria-label="Port"]').setValue(9900);
    await toggle.setValue(true);
    await flushPromises();
    expect(fake.callsOf('setMetricsSharing')).toEqual([
      { enabled: true, port: 9900, listenAll: false, tokenFile: null },
    ]);
    expect(w.get('[data-testid="new-token"]').text()).toBe('f'.repeat(64));
    expect(w.text()).toContain('http://127.0.0.1:9842/metrics');
    expect(w.text()).toContain('/data/metrics.token');
    await w.get('.token-once button').trigger('click');
    expect(w.find('[data-testid="new-token"]').exists()).toBe(false);
  });

  it('applies a new port while on, keeping the token (no new one is shown)', async () => {
    const w = await settings(ON);
    expect(w.find('button.btn--primary').exists()).toBe(false);
    fake.respond('setMetricsSharing', (req) => ({ ...ON, port: req.port ?? ON.port }));
    await w.get('input[aria-label="Port"]').setValue(9901);
    await w.get('button.btn--primary').trigger('click');
    await flushPromises();
    expect(fake.callsOf('setMetricsSharing')).toEqual([
      { enabled: true, port: 9901, listenAll: false, tokenFile: null },
    ]);
    expect(w.find('button.btn--primary').exists()).toBe(false);
    expect(w.find('[data-testid="new-token"]').exists()).toBe(false);
  });

  it('says why it could not be turned on (a port in use)', async () => {
    const w = await settings(OFF);
    const message =
      'Port 9842 on 127.0.0.1 is already in use by another program; choose another port.';
    fake.respond('setMetricsSharing', () => {
      throw new ApiError('port-in-use', message);
    });
    await w.get('input[role="switch"]').setValue(true);
    await flushPromises();
    expect(w.get('[role="alert"]').text()).toBe(message);
  });

  it('passes the operator’s own token file and never shows a token for it', async () => {
    const w = await settings(OFF);
    fake.respond('setMetricsSharing', () => ({
      ...ON,
      tokenFile: '/etc/prom.token',
      ownTokenFile: false,
    }));
    await w.get('input[type="radio"][name="token-source"]:not(:checked)').setValue(true);
    await w.get('input[aria-label="Token file"]').setValue(' /etc/prom.token ');
    await w.get('input[role="switch"]').setValue(true);
    await flushPromises();
    expect(fake.callsOf('setMetricsSharing')[0]).toMatchObject({ tokenFile: '/etc/prom.token' });
    expect(w.find('[data-testid="new-token"]').exists()).toBe(false);
  });

  it('in web mode says that the web server serves /metrics itself, with no switch', async () => {
    const w = await settings({
      ...OFF,
      available: false,
      unavailableReason: 'In web mode the web server serves /metrics itself.',
    });
    expect(w.find('input[role="switch"]').exists()).toBe(false);
    expect(w.get('[role="note"]').text()).toBe(
      'In web mode the web server serves /metrics itself.',
    );
  });
});
