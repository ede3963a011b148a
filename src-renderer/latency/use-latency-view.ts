import type { VmSched } from '@common/sched';
import { computed, shallowRef, watch, type Ref } from 'vue';
import { useLatencyStore } from './latency-store';
import { useSchedStore } from '../switching/sched-store';
import { comparisonWindows } from '@common/metrics/switch-windows';
import { formatClass } from '../shared/format';
import type { Prediction } from './predicted-line';
import { collectRtts, splitAt, summarize, type RttSet, type RttSummary } from '@common/metrics/rtt';

/** Without a switch, the panel shows this much of the recent past. */
export const RECENT_WINDOW_MS = 5 * 60_000;

export interface LatencySeries {
  key: 'before' | 'after' | 'recent';
  label: string;
  set: RttSet;
  summary: RttSummary;
}

/**
 * The selected VM's latency as the panel shows it: the rounds before and after its latest class
 * switch, in the windows the report compares too (common/metrics/switch-windows.ts), or the
 * recent past when it has none; and the planner's predicted worst case for the VM as it is (an
 * LSVM) or would be (the proposal, for an NLSVM).
 */
export function useLatencyView(vm: Ref<VmSched | null>, vmName: Ref<string>) {
  const latency = useLatencyStore();
  const sched = useSchedStore();

  const samples = computed(() => latency.rounds[vmName.value] ?? []);
  const around = computed(() => sched.latestDone(vmName.value));

  const series = computed<LatencySeries[]>(() => {
    const a = around.value;
    const list = samples.value;
    if (!a) {
      const since = (list.at(-1)?.t ?? 0) - RECENT_WINDOW_MS;
      const set = collectRtts(list.filter((s) => s.t >= since));
      return [{ key: 'recent', label: 'Last 5 minutes', set, summary: summarize(set) }];
    }
    const split = splitAt(list, comparisonWindows(sched.switches, a.current));
    const before = collectRtts(split.before);
    const after = collectRtts(split.after);
    return [
      {
        key: 'before',
        label: `Before (${formatClass(a.current.from)})`,
        set: before,
        summary: summarize(before),
      },
      {
        key: 'after',
        label: `After (${formatClass(a.current.to)})`,
        set: after,
        summary: summarize(after),
      },
    ];
  });

  /** The planner's worst case T_NLSVM + (m−1)·T_m, and what it is for. */
  const predicted = shallowRef<Prediction | null>(null);
  let seq = 0;
  watch(
    () =>
      vm.value
        ? `${vm.value.domid}/${vm.value.microsliceMs}/${sched.sched?.vms.length ?? 0}`
        : null,
    async () => {
      const v = vm.value;
      const mine = ++seq;
      predicted.value = null;
      if (!v || sched.readOnlyReason) return;
      try {
        const plan = await sched.plan(v.domid);
        if (mine !== seq) return;
        const ms = v.vmClass === 'LSVM' ? v.microsliceMs : plan.proposedMs;
        const option = plan.options.find((o) => o.microsliceMs === ms);
        if (!option) return;
        predicted.value = {
          ms: option.worstCaseLatencyMs,
          label:
            v.vmClass === 'LSVM'
              ? `Predicted worst case ${option.worstCaseLatencyMs} ms`
              : `Predicted worst case as LSVM (${ms} ms): ${option.worstCaseLatencyMs} ms`,
        };
      } catch {
        // No prediction (e.g. a core without the planner): the charts simply draw no line.
      }
    },
    { immediate: true },
  );

  return { samples, around, series, predicted };
}
