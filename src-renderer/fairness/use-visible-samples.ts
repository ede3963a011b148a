import type { HostSample } from '@common/model';
import { storeToRefs } from 'pinia';
import { computed, type ComputedRef } from 'vue';
import { firstAtOrAfter } from '@common/metrics/sample-merge';
import { useSamplesStore } from '../hosts/samples-store';
import { useTimeRangeStore, type XRange } from '../charts/time-range-store';

/**
 * The followed host's samples inside the chosen time range, and that range. Only a range that
 * reaches back before the full-resolution hour pays for joining the session tier.
 */
export function useVisibleSamples(): {
  samples: ComputedRef<readonly HostSample[]>;
  range: ComputedRef<XRange>;
} {
  const { series, older } = storeToRefs(useSamplesStore());
  const time = useTimeRangeStore();

  const range = computed(() => {
    const oldest = older.value[0]?.t ?? series.value[0]?.t ?? Date.now();
    const newest = series.value.at(-1)?.t ?? Date.now();
    return time.rangeFor(oldest, newest);
  });

  const samples = computed(() => {
    const { min, max } = range.value;
    const fine = series.value;
    const end = firstAtOrAfter(fine, max + 1);
    if ((fine[0]?.t ?? Infinity) <= min || older.value.length === 0) {
      return fine.slice(firstAtOrAfter(fine, min), end);
    }
    const coarse = older.value;
    return [...coarse.slice(firstAtOrAfter(coarse, min)), ...fine.slice(0, end)];
  });

  return { samples, range };
}
