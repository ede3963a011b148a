// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import type { FakeApi } from '../testing/fake-api';
import { latencySample } from '../testing/fixtures';
import { ROUNDS_PER_VM, useLatencyStore } from './latency-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

describe('latency store', () => {
  beforeEach(() => {
    fake.reset();
    setActivePinia(createPinia());
  });

  it('keeps a bounded ring of rounds per VM and the last minute’s p50 / p99', async () => {
    fake.respond('getLatency', () => [latencySample('web', 1000, [10])]);
    fake.respond('getProbeTargets', () => [
      { vm: 'db', address: null, source: null, problem: 'No MAC in xl network-list.' },
    ]);
    fake.respond('getProbeSettings', () => ({ intervalSec: 1, count: 5 }));
    const store = useLatencyStore();
    await store.follow('xen1');
    expect(store.targetOf.get('db')?.problem).toMatch(/No MAC/);
    for (let i = 1; i <= ROUNDS_PER_VM + 10; i++)
      fake.emit('latencySample', latencySample('web', 1000 + i * 1000, [20, 40]));
    fake.emit('latencySample', latencySample('web', 5, [999])); // older than the newest: dropped
    expect(store.rounds.web).toHaveLength(ROUNDS_PER_VM);
    // Nearest rank over equal numbers of 20 and 40 ms: the median is 20 ms.
    expect(store.recent.get('web')).toEqual({ p50: 20, p99: 40 });
  });

  it('still shows rounds when the core cannot list targets yet', async () => {
    fake.respond('getLatency', () => [latencySample('web', 1000, [10])]);
    const store = useLatencyStore();
    await store.follow('xen1');
    expect(store.rounds.web).toHaveLength(1);
    expect(store.error).toBeNull();
    expect(store.settings).toBeNull();
  });
});
