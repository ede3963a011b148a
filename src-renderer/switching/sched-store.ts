import type { HostId } from '@common/model';
import type { ClassSwitch, HostSched, MicroslicePlan } from '@common/sched';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { api } from '../api/client';
import { errorText } from '../shared/errors';
import { upsertById } from '../shared/upsert-by-id';

/**
 * Switches kept for the followed host: its history list, the charts' annotations and the latency
 * panel's before/after split all read these.
 */
const HISTORY_CAPACITY = 200;

const byStart = (a: ClassSwitch, b: ClassSwitch) => a.startedAt - b.startedAt;

/**
 * The followed host's vSlicer view: the latest scheduler listing, and every class switch with its
 * story — the one list of the host's switches in the renderer. Both arrive as pushed events; the
 * calls at `follow` only fill the screen before the first event comes.
 */
export const useSchedStore = defineStore('sched', () => {
  const hostId = shallowRef<HostId | null>(null);
  const sched = shallowRef<HostSched | null>(null);
  /** Oldest first by start, at most HISTORY_CAPACITY (the newest kept). */
  const switches = shallowRef<readonly ClassSwitch[]>([]);
  const error = shallowRef<string | null>(null);

  const byName = computed(() => new Map((sched.value?.vms ?? []).map((v) => [v.name, v])));
  /** Switches still running, by domid: their toggles show progress and take no second click. */
  const running = computed(() => {
    const ids = new Set<number>();
    for (const s of switches.value) if (s.state === 'running') ids.add(s.domid);
    return ids;
  });

  /** Why classes cannot be switched on this host right now, or null when they can. */
  const readOnlyReason = computed<string | null>(() => {
    if (error.value) return error.value;
    if (!sched.value) return 'Waiting for the scheduler listing of this host.';
    if (!sched.value.switchable)
      return sched.value.readOnlyReason ?? 'Classes cannot be switched on this host.';
    return null;
  });

  function applySched(next: HostSched): void {
    if (next.hostId !== hostId.value) return;
    // An older listing answering `getSched` late must not undo a newer pushed one.
    if (sched.value && next.t < sched.value.t) return;
    sched.value = next;
    error.value = null;
  }

  /** Insert or replace by id: the same switch arrives as `running`, then `done` or `failed`. */
  function applySwitch(s: ClassSwitch): void {
    if (s.hostId !== hostId.value) return;
    switches.value = upsertById(switches.value, s).sort(byStart).slice(-HISTORY_CAPACITY);
  }

  /**
   * Each call on its own: a core that cannot list switches yet still shows the listing, and the
   * switches (for the charts' annotations too) still show when the listing fails. Either failure
   * is the reason switching is off.
   */
  async function follow(id: HostId): Promise<void> {
    hostId.value = id;
    sched.value = null;
    switches.value = [];
    error.value = null;
    const [listing, history] = await Promise.allSettled([
      api.getSched({ hostId: id }),
      api.listClassSwitches({ hostId: id }),
    ]);
    if (hostId.value !== id) return;
    if (listing.status === 'fulfilled' && listing.value) applySched(listing.value);
    if (history.status === 'fulfilled') {
      // Switches pushed while the list was in flight are as new as it or newer: they go last.
      const live = switches.value;
      switches.value = [];
      for (const s of [...history.value, ...live]) applySwitch(s);
    }
    const failed = [listing, history].find(
      (r): r is PromiseRejectedResult => r.status === 'rejected',
    );
    if (failed) error.value = errorText(failed.reason);
  }

  function requireHost(): HostId {
    if (!hostId.value) throw new Error('No host is selected.');
    return hostId.value;
  }

  const plan = (domid: number): Promise<MicroslicePlan> =>
    api.planMicroslice({ hostId: requireHost(), domid });
  const preview = (domid: number, microsliceMs: number) =>
    api.previewClassSwitch({ hostId: requireHost(), domid, microsliceMs });

  /** Resolves with the switch as the host left it (`done` or `failed`); rejects if the core refused. */
  async function switchClass(domid: number, microsliceMs: number): Promise<ClassSwitch> {
    const result = await api.switchClass({ hostId: requireHost(), domid, microsliceMs });
    applySwitch(result);
    return result;
  }

  async function undo(switchId: string): Promise<ClassSwitch> {
    const result = await api.undoClassSwitch({ switchId });
    applySwitch(result);
    return result;
  }

  /** The VM's newest switch that changed its class: the before/after panel splits there. */
  function latestDone(vm: string): { current: ClassSwitch } | null {
    const current = switches.value.filter((s) => s.vm === vm && s.state === 'done').at(-1);
    return current ? { current } : null;
  }

  api.on('hostSched', applySched);
  api.on('classSwitch', applySwitch);

  return {
    hostId,
    sched,
    switches,
    error,
    byName,
    running,
    readOnlyReason,
    follow,
    applySched,
    applySwitch,
    plan,
    preview,
    switchClass,
    undo,
    latestDone,
  };
});
