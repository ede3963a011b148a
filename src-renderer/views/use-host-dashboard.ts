import type { HostId } from '@common/model';
import { storeToRefs } from 'pinia';
import { computed, ref, watch } from 'vue';
import { useLatencyStore } from '../latency/latency-store';
import { useSchedStore } from '../switching/sched-store';
import { useClassSwitching } from '../switching/use-class-switching';

/**
 * The host view's vSlicer half (VM table, latency panel, class switches): follows the host's
 * scheduler listing, switches and latency probes, keeps which VM the operator selected, and
 * routes class toggles.
 */
export function useHostDashboard(hostId: () => HostId) {
  const sched = useSchedStore();
  const latency = useLatencyStore();
  const { sched: listing, switches, readOnlyReason, waits } = storeToRefs(sched);
  const { recent, targets, error: latencyError } = storeToRefs(latency);
  const selectedVm = ref<string | null>(null);

  watch(
    hostId,
    (id) => {
      selectedVm.value = null;
      void sched.follow(id);
      void latency.follow(id);
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

  return {
    vms,
    switches,
    readOnlyReason,
    waits,
    recent,
    latencyError,
    probeProblems,
    selectedVm,
    select: (vm: string) => (selectedVm.value = vm),
    ...switching,
  };
}
