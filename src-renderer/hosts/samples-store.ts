import type { HostId, HostSample } from '@common/model';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import { mergeSamples } from '@common/metrics/sample-merge';
import { MergingSeries } from '@common/metrics/thinning';

/**
 * Samples kept at full resolution for the followed host: one hour at one frame per second.
 * Older ones move to a bounded, thinned session tier for the "whole session" range, so memory
 * stays capped however long the app runs.
 */
const CAPACITY = 3600;

/**
 * The session tier: frames merged into one per 15 s (means of each VM's share, see
 * mergeSamples), neighbours merged and the step doubled when its 2880 slots are full. A day
 * thins once, to 30 s; a week, to 4 min. With 50 VMs a merged sample is about 10 kB, so the tier
 * stays under ~30 MB.
 */
const TIER_SLOTS = 2880;
const TIER_STEP_MS = 15_000;

/**
 * The followed host's series, in a shallowRef replaced by a new array per sample:
 * charts and tables see one change per frame, never a deep-reactive copy of thousands of points.
 */
export const useSamplesStore = defineStore('samples', () => {
  const series = shallowRef<readonly HostSample[]>([]);
  const hostId = shallowRef<HostId | null>(null);
  const error = shallowRef<string | null>(null);
  const latest = computed(() => series.value.at(-1) ?? null);
  const tier = new MergingSeries<HostSample>(TIER_SLOTS, TIER_STEP_MS, mergeSamples);
  /** The session tier, oldest first, all before `series`; a new array when it changes. */
  const older = shallowRef<readonly HostSample[]>([]);

  function retire(evicted: readonly HostSample[]): void {
    for (const s of evicted) tier.push(s);
    if (tier.items() !== older.value) older.value = tier.items();
  }

  function append(sample: HostSample): void {
    const current = series.value;
    const last = current.at(-1);
    if (last && sample.t <= last.t) return;
    if (current.length >= CAPACITY) retire(current.slice(0, 1));
    const next = current.length >= CAPACITY ? current.slice(1) : current.slice();
    next.push(sample);
    series.value = next;
  }

  async function follow(id: HostId): Promise<void> {
    hostId.value = id;
    series.value = [];
    tier.reset();
    older.value = [];
    try {
      const history = await api.getHistory({ hostId: id });
      if (hostId.value !== id) return;
      // Live samples that arrived while history was in flight are newer: keep them after it.
      const live = series.value;
      retire(history.slice(0, -CAPACITY));
      series.value = history.slice(-CAPACITY);
      for (const s of live) append(s);
      error.value = null;
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  api.on('hostSample', (sample) => {
    if (sample.hostId === hostId.value) append(sample);
  });

  return { series, older, hostId, latest, error, follow, append };
});
