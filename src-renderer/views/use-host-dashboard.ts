import type { HostId } from '@common/model';
import { storeToRefs } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useLatencyStore } from '../latency/latency-store';
import { useWaitsStore } from '../latency/waits-store';
import { useSchedStore } from '../switching/sched-store';
import { useClassSwitching } from '../switching/use-class-switching';

/**
 * The host view's vSlicer half (VM table, latency panel, class switches): follows the host's
 * scheduler listing, switches, latency probes and scheduling waits, keeps which VM the operator selected, and
 * routes class toggles.
 */
export function useHostDashboard(hostId: () => HostId, hasWaitStats: () => boolean) {
  const sched = useSchedStore();
  const latency = useLatencyStore();
  const waitsStore = useWaitsStore();
  const { sched: listing, switches, readOnlyReason } = storeToRefs(sched);
  const { recent, targets, error: latencyError } = storeToRefs(latency);
  const selectedVm = ref<string | null>(null);

  watch(
    hostId,
    (id) => {
      selectedVm.value = null;
      void sched.follow(id);
      void latency.follow(id);
      void waitsStore.follow(id);
    },
    { immediate: true },
  );

  const vms = computed(() => listing.value?.vms ?? []);
  const probeProblems = computed(
    () =>
      new Map(
        targets.value
          .filter((t) => !t.address)
          .map((t) => [t.vm, t.problem ?? 'No address for this VM.']),
      ),
  );
  const switching = useClassSwitching();
  /** The VM table's wait column: only where the host reports scheduling waits. */
  const waits = computed(() =>
    hasWaitStats() && waitsStore.unavailable === null ? waitsStore.recent : null,
  );

  return {
    vms,
    switches,
    readOnlyReason,
    recent,
    latencyError,
    probeProblems,
    waits,
    selectedVm,
    select: (vm: string) => (selectedVm.value = vm),
    ...switching,
  };
}
