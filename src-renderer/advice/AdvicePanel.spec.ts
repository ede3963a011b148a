// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { advice, predictionCheck, whatIf } from '../testing/fixtures';
import AdvicePanel from './AdvicePanel.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

describe('AdvicePanel', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
    fake.respond('getAdvice', () => advice());
    fake.respond('predictSwitch', ({ domid, microsliceMs }) => whatIf(domid, microsliceMs));
    fake.respond('listPredictionChecks', () => []);
  });

  it('ranks the VMs with their evidence, predicts the best candidate, and never switches by itself', async () => {
    const w = mount(AdvicePanel, { props: { hostId: 'xen1', switchDisabled: null } });
    await flushPromises();
    const entries = w.findAll('[data-testid="advice-ranking"] > li');
    expect(entries.map((e) => e.attributes('data-vm'))).toEqual(['web-frontend', 'batch-worker']);
    expect(entries[0]!.text()).toMatch(/Candidate.*I\/O-bound and waits long/s);
    expect(entries[1]!.text()).toMatch(/CPU-bound/);
    expect(fake.callsOf('predictSwitch')).toEqual([{ hostId: 'xen1', domid: 1, microsliceMs: 5 }]);
    expect(entries[0]!.find('[data-testid="predicted-median"]').text()).toBe(
      '50.0 ms (48.0–52.0 ms) → 10.0 ms (8.0–11.0 ms)',
    );
    await entries[0]!.find('button').trigger('click');
    expect(w.emitted('review')).toEqual([['web-frontend']]);
    expect(fake.callsOf('switchClass')).toEqual([]);
  });

  it('shows predicted against observed as checks arrive', async () => {
    const w = mount(AdvicePanel, { props: { hostId: 'xen1', switchDisabled: null } });
    await flushPromises();
    fake.emit('predictionCheck', predictionCheck());
    fake.emit('predictionCheck', predictionCheck({ hostId: 'other' }));
    await flushPromises();
    const rows = w.findAll('[data-testid="prediction-check"]');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.text()).toMatch(/web-frontend\s*5 ms\s*10\.0 ms\s*11\.0 ms\s*−9 %/);
  });
});
