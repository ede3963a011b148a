// @vitest-environment happy-dom
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { host } from '../testing/fixtures';
import HostStatusPanel from './HostStatusPanel.vue';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));

describe('HostStatusPanel', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('says when a periodic command cannot keep its pace on a host, and says nothing otherwise', () => {
    const calm = mount(HostStatusPanel, {
      props: {
        host: host('xen1', {
          polls: [{ action: 'sched-list', intervalMs: 5000, runs: 9, skips: 0, lastMs: 800 }],
        }),
      },
    });
    expect(calm.find('[aria-label="Slow host"]').exists()).toBe(false);
    const slow = mount(HostStatusPanel, {
      props: {
        host: host('xen1', {
          polls: [
            { action: 'sched-list', intervalMs: 5000, runs: 3, skips: 4, lastMs: 12_300 },
            { action: 'probe', intervalMs: 2000, runs: 40, skips: 0, lastMs: 900 },
          ],
        }),
      },
    });
    const note = slow.get('[aria-label="Slow host"]');
    expect(note.attributes('role')).toBe('status');
    expect(note.text()).toContain(
      'The scheduler listing took 12.3 s the last time; it should run every 5 s, and 4 of its turns found the previous run still going.',
    );
    expect(note.text()).not.toContain('latency probes');
  });
});
