import { comparisonWindows } from '@common/metrics/switch-windows';
import {
  summarizeWaits,
  waitsOver,
  type WaitCounters,
  type WaitSummary,
} from '@common/metrics/sched-waits';
import { computed, type Ref } from 'vue';
import { formatClass } from '../shared/format';
import { useSchedStore } from '../switching/sched-store';
import { RECENT_WINDOW_MS } from './use-latency-view';
import { useWaitsStore } from './waits-store';

export interface WaitSeries {
  key: 'before' | 'after' | 'recent';
  label: string;
  waits: WaitCounters;
  summary: WaitSummary;
  /** Dispatches (switches to the VM) per second over the readings taken. */
  dispatchesPerSec: number | null;
}

/**
 * The selected VM's scheduling waits as the panel shows them: before and after its latest class
 * switch, in the same windows as its RTTs (common/metrics/switch-windows.ts), or the last five
 * minutes when it has none.
 */
export function useWaitView(vmName: Ref<string>) {
  const store = useWaitsStore();
  const sched = useSchedStore();
  const series = computed<WaitSeries[]>(() => {
    const list = store.readings;
    const make = (key: WaitSeries['key'], label: string, range?: { from: number; to: number }) => {
      const { waits, coveredMs } = waitsOver(list, vmName.value, range);
      return {
        key,
        label,
        waits,
        summary: summarizeWaits(waits),
        dispatchesPerSec: coveredMs > 0 ? waits.dispatches / (coveredMs / 1000) : null,
      };
    };
    const a = sched.latestDone(vmName.value);
    if (!a) {
      const newest = list.at(-1)?.t ?? 0;
      return [make('recent', 'Last 5 minutes', { from: newest - RECENT_WINDOW_MS, to: Infinity })];
    }
    const w = comparisonWindows(sched.switches, a.current);
    return [
      make('before', `Before (${formatClass(a.current.from)})`, w.before),
      make('after', `After (${formatClass(a.current.to)})`, w.after),
    ];
  });
  return { series };
}
