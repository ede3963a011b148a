import type { HostId } from '@common/model';
import type { LatencySample, ProbeSettings, ProbeTarget } from '@common/sched';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';
import { recentPercentiles } from '@common/metrics/rtt';

/** Probe rounds kept per VM: 15 minutes at one round a second, whatever the interval. */
export const ROUNDS_PER_VM = 900;
/** The VM table's p50 / p99 columns look at this much of the recent past. */
export const TABLE_WINDOW_MS = 60_000;

/**
 * Latency probes of the followed host: a bounded ring of rounds per VM, the probe targets
 * (address or the reason there is none) and the probe settings. Rounds live in a shallowRef
 * replaced per arrival, so charts see one change per round and no deep proxies.
 */
export const useLatencyStore = defineStore('latency', () => {
  const hostId = shallowRef<HostId | null>(null);
  const rounds = shallowRef<Readonly<Record<string, readonly LatencySample[]>>>({});
  const targets = shallowRef<readonly ProbeTarget[]>([]);
  const settings = shallowRef<ProbeSettings | null>(null);
  const error = shallowRef<string | null>(null);
  /** Time of the newest round of any VM: "now" for the table, without a timer of its own. */
  const newestT = shallowRef(0);

  const targetOf = computed(() => new Map(targets.value.map((t) => [t.vm, t])));

  /** p50 / p99 per VM over the last minute of rounds. */
  const recent = computed(() => {
    const since = newestT.value - TABLE_WINDOW_MS;
    const out = new Map<string, { p50: number | null; p99: number | null }>();
    for (const [vm, list] of Object.entries(rounds.value))
      out.set(vm, recentPercentiles(list, since));
    return out;
  });

  function append(sample: LatencySample): void {
    if (sample.hostId !== hostId.value) return;
    const list = rounds.value[sample.vm] ?? [];
    const last = list.at(-1);
    if (last && sample.t <= last.t) return;
    const next =
      list.length >= ROUNDS_PER_VM ? list.slice(list.length - ROUNDS_PER_VM + 1) : list.slice();
    next.push(sample);
    rounds.value = { ...rounds.value, [sample.vm]: next };
    if (sample.t > newestT.value) newestT.value = sample.t;
  }

  async function follow(id: HostId): Promise<void> {
    hostId.value = id;
    rounds.value = {};
    targets.value = [];
    settings.value = null;
    newestT.value = 0;
    error.value = null;
    // Settled one by one: a core that can ping but not yet list targets still shows the rounds.
    const [history, list, current] = await Promise.allSettled([
      api.getLatency({ hostId: id }),
      api.getProbeTargets({ hostId: id }),
      api.getProbeSettings({ hostId: id }),
    ]);
    if (hostId.value !== id) return;
    if (history.status === 'fulfilled') {
      // Live rounds that came while history was in flight are newer: keep them after it.
      const live = rounds.value;
      rounds.value = {};
      for (const s of history.value) append(s);
      for (const l of Object.values(live)) for (const s of l) append(s);
    } else {
      error.value = errorText(history.reason);
    }
    if (list.status === 'fulfilled') targets.value = list.value;
    if (current.status === 'fulfilled') settings.value = current.value;
  }

  async function setTarget(vm: string, address: string | null): Promise<void> {
    if (!hostId.value) return;
    targets.value = await api.setProbeTarget({ hostId: hostId.value, vm, address });
  }

  async function setSettings(next: ProbeSettings): Promise<void> {
    if (!hostId.value) return;
    settings.value = await api.setProbeSettings({ hostId: hostId.value, settings: next });
  }

  api.on('latencySample', append);
  api.on('probeTargets', (e) => {
    if (e.hostId === hostId.value) targets.value = e.targets;
  });

  return {
    hostId,
    rounds,
    targets,
    targetOf,
    settings,
    error,
    newestT,
    recent,
    append,
    follow,
    setTarget,
    setSettings,
  };
});
