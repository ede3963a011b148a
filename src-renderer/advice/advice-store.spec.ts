import type { HostSched, VmSched } from '@common/sched';
import { flushPromises } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { useSchedStore } from '../switching/sched-store';
import type { FakeApi } from '../testing/fake-api';
import { advice, hostSched, vmSched, whatIf } from '../testing/fixtures';
import { useAdviceStore } from './advice-store';

vi.mock('../api/client', async () => ({
  api: (await import('../testing/fake-api')).createFakeApi(),
}));
const fake = api as FakeApi;

/** xen1's listing at `t`: web-frontend (1), batch-worker (2) and voip-gw (3), the last at `voipMs`. */
const listing = (t: number, voipMs = 0, batch: Partial<VmSched> = {}): HostSched =>
  hostSched(
    [
      vmSched(0, 'Domain-0'),
      vmSched(1, 'web-frontend'),
      vmSched(2, 'batch-worker', batch),
      vmSched(3, 'voip-gw', { microsliceMs: voipMs, vmClass: voipMs > 0 ? 'LSVM' : 'NLSVM' }),
    ],
    { t },
  );

describe('advice store: what-ifs and the scheduler listing', () => {
  let answer = 0;
  beforeEach(async () => {
    fake.reset();
    setActivePinia(createPinia());
    answer = 0;
    fake.respond('getAdvice', () => advice());
    // Each run of the engine answers differently, so a test sees which answer is shown.
    fake.respond('predictSwitch', ({ domid, microsliceMs }) =>
      whatIf(domid, microsliceMs, { elapsedMs: ++answer }),
    );
    fake.respond('listPredictionChecks', () => []);
    fake.respond('getSched', () => listing(1));
    fake.respond('listClassSwitches', () => []);
    await useSchedStore().follow('xen1');
  });

  const predicted = () => fake.callsOf('predictSwitch').length;

  it("predicts a candidate again after another VM's class switch, and not before", async () => {
    const store = useAdviceStore();
    await store.follow('xen1');
    await store.refresh();
    expect(predicted()).toBe(1);
    expect(store.prediction(1, 5)?.elapsedMs).toBe(1);

    // The periodic refresh, and the same listing read again later: the answer holds.
    await store.refresh(false);
    fake.emit('hostSched', listing(2));
    await flushPromises();
    expect(predicted()).toBe(1);
    expect(store.prediction(1, 5)?.elapsedMs).toBe(1);

    // voip-gw became an LSVM: web-frontend now competes with another VM's microslices.
    fake.emit('hostSched', listing(3, 5));
    expect(store.prediction(1, 5)).toBeNull(); // never the stale answer, even for a moment
    await flushPromises();
    expect(predicted()).toBe(2);
    expect(store.prediction(1, 5)?.elapsedMs).toBe(2);
  });

  it('treats a weight or cap change as a new listing too', async () => {
    const store = useAdviceStore();
    await store.follow('xen1');
    await store.refresh();
    fake.emit('hostSched', listing(2, 0, { cap: 50 }));
    await flushPromises();
    expect(predicted()).toBe(2);
    fake.emit('hostSched', listing(3, 0, { cap: 50, weight: 512 }));
    await flushPromises();
    expect(predicted()).toBe(3);
  });

  it('asks again when the listing changed while the engine ran, and never keeps that answer', async () => {
    const store = useAdviceStore();
    await store.follow('xen1');
    let answerFirst = (_: unknown) => {};
    fake.respond(
      'predictSwitch',
      ({ domid, microsliceMs }) =>
        new Promise((resolve) => {
          const w = whatIf(domid, microsliceMs, { elapsedMs: ++answer });
          if (answer === 1) answerFirst = () => resolve(w);
          else resolve(w);
        }),
    );
    const asked = store.predict(1, 5);
    fake.emit('hostSched', listing(2, 5)); // voip-gw switched while the engine ran
    answerFirst(null);
    expect((await asked)?.elapsedMs).toBe(2);
    expect(predicted()).toBe(2);
    expect(store.prediction(1, 5)?.elapsedMs).toBe(2);
  });

  it('keeps an answer that came before the window had the listing: the core ran it under that listing', async () => {
    setActivePinia(createPinia());
    const store = useAdviceStore();
    await store.follow('xen1');
    await store.refresh();
    expect(store.prediction(1, 5)?.elapsedMs).toBe(1);
    await useSchedStore().follow('xen1');
    await flushPromises();
    expect(store.prediction(1, 5)?.elapsedMs).toBe(1);
    expect(predicted()).toBe(1);
  });
});
