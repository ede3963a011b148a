import type { HostId, HostSample } from '@common/model';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';

/** Samples kept for the followed host: one hour at one frame per second. */
const CAPACITY = 3600;

/**
 * The followed host's series, in a shallowRef replaced by a new array per sample (STYLE.md §5):
 * charts and tables see one change per frame, never a deep-reactive copy of thousands of points.
 */
export const useSamplesStore = defineStore('samples', () => {
  const series = shallowRef<readonly HostSample[]>([]);
  const hostId = shallowRef<HostId | null>(null);
  const error = shallowRef<string | null>(null);
  const latest = computed(() => series.value.at(-1) ?? null);

  function append(sample: HostSample): void {
    const current = series.value;
    const last = current.at(-1);
    if (last && sample.t <= last.t) return;
    const next = current.length >= CAPACITY ? current.slice(1) : current.slice();
    next.push(sample);
    series.value = next;
  }

  async function follow(id: HostId): Promise<void> {
    hostId.value = id;
    series.value = [];
    try {
      const history = await api.getHistory({ hostId: id });
      if (hostId.value !== id) return;
      // Live samples that arrived while history was in flight are newer: keep them after it.
      const live = series.value;
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

  return { series, hostId, latest, error, follow, append };
});
