import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';

/** The ranges an operator picks from, above the host view's charts. */
export const PRESETS = [
  { id: 'live', label: 'Live', title: 'The last 5 minutes, following new data', ms: 5 * 60_000 },
  { id: '15m', label: '15 min', title: 'The last 15 minutes', ms: 15 * 60_000 },
  { id: '1h', label: '1 h', title: 'The last hour', ms: 60 * 60_000 },
  {
    id: 'session',
    label: 'Session',
    title: 'Everything since the app started watching',
    ms: Infinity,
  },
] as const;
export type PresetId = (typeof PRESETS)[number]['id'];

export interface XRange {
  min: number;
  max: number;
}

/**
 * The time range every chart of the host view shows, so zooming one zooms them all. A preset
 * follows the newest sample; a drag-zoom or pan fixes the range (follow paused) until reset or
 * another preset is picked. Times are the samples' own clock, so following needs no timer: the
 * range moves when data arrives, and stands still when none does.
 */
export const useTimeRangeStore = defineStore('time-range', () => {
  const preset = shallowRef<PresetId>('live');
  const zoom = shallowRef<XRange | null>(null);
  const following = computed(() => zoom.value === null);

  function setPreset(id: PresetId): void {
    preset.value = id;
    zoom.value = null;
  }

  function zoomTo(min: number, max: number): void {
    if (!(max > min)) return;
    zoom.value = { min, max };
  }

  function reset(): void {
    zoom.value = null;
  }

  /** The x range for data from `oldest` to `newest` (ms). */
  function rangeFor(oldest: number, newest: number): XRange {
    if (zoom.value) return zoom.value;
    const ms = PRESETS.find((p) => p.id === preset.value)?.ms ?? PRESETS[0].ms;
    // A session shorter than the live window still shows five minutes, so the first samples
    // do not stretch over the whole width.
    const span = Math.max(PRESETS[0].ms, Number.isFinite(ms) ? ms : newest - oldest);
    return { min: newest - span, max: newest };
  }

  return { preset, zoom, following, setPreset, zoomTo, reset, rangeFor };
});
