import type { HostId } from '@common/model';
import type { SchedWaits } from '@common/sched';
import { summarizeWaits, waitsOver, type WaitSummary } from '@common/metrics/sched-waits';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';
import { TABLE_WINDOW_MS } from './latency-store';

/** Readings kept: an hour at one per 5 s, as the core keeps them. */
export const WAIT_READINGS = 720;

/**
 * Scheduling waits of the followed host: its readings (each VM's window since the previous one),
 * newest last, or why the host gives none. Replaced per reading (a shallowRef), so the panel and
 * the table recompute once per reading.
 */
export const useWaitsStore = defineStore('waits', () => {
  const hostId = shallowRef<HostId | null>(null);
  const readings = shallowRef<readonly SchedWaits[]>([]);
  /** Why the host gives no waits; null while it does (or before it said). */
  const unavailable = shallowRef<string | null>(null);
  const error = shallowRef<string | null>(null);

  /** Each VM's waits over the last minute of readings: the VM table's column. */
  const recent = computed(() => {
    const list = readings.value;
    const out = new Map<string, WaitSummary>();
    const newest = list.at(-1);
    if (!newest) return out;
    const range = { from: newest.t - TABLE_WINDOW_MS, to: Infinity };
    for (const v of newest.vms) out.set(v.vm, summarizeWaits(waitsOver(list, v.vm, range).waits));
    return out;
  });

  function append(w: SchedWaits): void {
    if (w.hostId !== hostId.value) return;
    unavailable.value = w.unavailable;
    if (w.vms.length === 0) return;
    const list = readings.value;
    if ((list.at(-1)?.t ?? -Infinity) >= w.t) return;
    const next = list.length >= WAIT_READINGS ? list.slice(1 - WAIT_READINGS) : list.slice();
    next.push(w);
    readings.value = next;
  }

  async function follow(id: HostId): Promise<void> {
    hostId.value = id;
    readings.value = [];
    unavailable.value = null;
    error.value = null;
    try {
      const history = await api.getSchedWaits({ hostId: id });
      if (hostId.value !== id) return;
      // Live readings that came while history was in flight are newer: keep them after it.
      const live = readings.value;
      readings.value = [];
      for (const w of [...history, ...live]) append(w);
    } catch (e) {
      if (hostId.value === id) error.value = errorText(e);
    }
  }

  api.on('schedWaits', append);

  return { hostId, readings, unavailable, error, recent, append, follow };
});
