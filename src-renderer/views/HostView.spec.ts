// @vitest-environment happy-dom
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { useSessionsStore } from '../sessions/sessions-store';
import type { FakeApi } from '../testing/fake-api';
import { domain, host, hostSample, hostSched, sessionInfo, vmSched } from '../testing/fixtures';
import HostView from './HostView.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const SESSION = '20250102T120000Z-bbbbbb';

/** The dashboard with its charts stubbed: this is about what the operator may do, not drawing. */
async function hostView(kind: 'recorded' | 'ssh') {
  const h = host('rec-demo', {
    kind,
    name: 'Demo host',
    target: kind === 'ssh' ? 'root@xen1:22' : null,
    status: {
      hostId: 'rec-demo',
      state: 'disconnected',
      message: null,
      since: 0,
      retryAt: null,
      errorCode: null,
      keyChange: null,
    },
  });
  fake.respond('getHistory', () => [
    hostSample([domain('Domain-0', { share: null }), domain('web-frontend'), domain('batch')], {
      hostId: h.id,
    }),
  ]);
  // The listing itself says switchable: only the host's kind makes it read-only.
  fake.respond('getSched', () =>
    hostSched([vmSched(0, 'Domain-0'), vmSched(1, 'web-frontend'), vmSched(2, 'batch')], {
      hostId: h.id,
    }),
  );
  fake.respond('listClassSwitches', () => []);
  fake.respond('getLatency', () => []);
  fake.respond('getProbeTargets', () => []);
  fake.respond('getProbeSettings', () => ({ intervalSec: 1, count: 5 }));
  fake.respond('closeSession', () => ({}));
  const view = mount(HostView, {
    props: { host: h },
    global: {
      stubs: { CpuShareChart: true, FairnessCard: true, LatencyPanel: true, TimeRange: true },
    },
  });
  await flushPromises();
  return view;
}

describe('HostView of a recorded host', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('is read-only: no connect, edit or remove; class toggles disabled with the reason; Close session instead', async () => {
    const sessions = useSessionsStore();
    sessions.applyList([
      sessionInfo(SESSION, { name: 'Night run', interrupted: true, endedAt: null }),
    ]);
    fake.respond('openSession', () => [host('rec-demo', { kind: 'recorded', target: null })]);
    await sessions.open(SESSION);
    const view = await hostView('recorded');
    const buttons = view
      .get('[aria-label="Host actions"]')
      .findAll('button')
      .map((b) => b.text());
    expect(buttons).toEqual(['Close session']);
    expect(view.get('h1').text()).toContain('Recorded');
    expect(view.text()).not.toContain('press Connect');
    const toggles = view.findAll('button.class-toggle');
    expect(toggles).toHaveLength(2);
    for (const t of toggles) {
      expect(t.attributes('disabled')).toBeDefined();
      expect(t.attributes('title')).toBe('a recorded session is read-only');
    }
    expect(view.get('[role="note"]').text()).toBe(
      'Class switching is off: a recorded session is read-only',
    );
    await view.get('[aria-label="Host actions"] button').trigger('click');
    await flushPromises();
    expect(fake.callsOf('closeSession')).toEqual([{ id: SESSION }]);
  });

  it('leaves a live host as it was: actions and enabled toggles', async () => {
    const view = await hostView('ssh');
    const buttons = view
      .get('[aria-label="Host actions"]')
      .findAll('button')
      .map((b) => b.text());
    expect(buttons).toEqual(['Connect', 'Edit', 'Remove']);
    expect(
      view.findAll('button.class-toggle').every((t) => t.attributes('disabled') === undefined),
    ).toBe(true);
  });
});
