// @vitest-environment happy-dom
import { countWait, emptyWaits } from '@common/metrics/sched-waits';
import type { SchedWaits } from '@common/sched';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { WAIT_READINGS, useWaitsStore } from './waits-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

const reading = (t: number, us: number[], hostId = 'xen1'): SchedWaits => {
  const window = emptyWaits();
  for (const x of us) countWait(window, x);
  return { hostId, t, sinceT: t - 5000, vms: [{ vm: 'web', domid: 1, window }], unavailable: null };
};

describe('waits store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('keeps history then live readings, bounded, and the last minute per VM for the table', async () => {
    fake.respond('getSchedWaits', () => [reading(5000, [120_000])]);
    const store = useWaitsStore();
    await store.follow('xen1');
    for (let i = 1; i <= WAIT_READINGS + 3; i++)
      fake.emit('schedWaits', reading(5000 + i * 5000, [30_000, 4000]));
    fake.emit('schedWaits', reading(1, [1])); // older than the newest: dropped
    fake.emit('schedWaits', reading(1e9, [1], 'other')); // another host
    expect(store.readings).toHaveLength(WAIT_READINGS);
    // The 120 ms wait is long gone from the last minute: p99 in the 30 ms bucket.
    expect(store.recent.get('web')).toMatchObject({ p99MaxMs: 30, maxMs: 30 });
  });

  it('says why a host has none, and forgets it when readings come again', async () => {
    fake.respond('getSchedWaits', () => []);
    const store = useWaitsStore();
    await store.follow('xen1');
    fake.emit('schedWaits', {
      hostId: 'xen1',
      t: 1,
      sinceT: 1,
      vms: [],
      unavailable: 'This host has no vslicer-ctl: …',
    });
    expect(store.unavailable).toMatch(/no vslicer-ctl/);
    fake.emit('schedWaits', reading(10_000, [5000]));
    expect(store.unavailable).toBeNull();
    expect(store.readings).toHaveLength(1);
  });
});
