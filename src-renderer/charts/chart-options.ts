import type { Chart, ChartOptions } from 'chart.js';
import type { ChartTheme } from './theme';
import { formatClock } from '../shared/format';
import type { XRange } from './time-range-store';

type AxisOptions = NonNullable<ChartOptions<'line'>['scales']>[string];
type ZoomPluginOptions = NonNullable<NonNullable<ChartOptions<'line'>['plugins']>['zoom']>;

/**
 * What every streaming line chart sets: no animation and pre-parsed {x, y} points,
 * so Chart.js updates in place each second; no line across a gap (an outage is never bridged).
 */
export const STREAMING_LINE = {
  responsive: true,
  maintainAspectRatio: false,
  animation: false,
  parsing: false,
  normalized: true,
  spanGaps: false,
} as const satisfies ChartOptions<'line'>;

/** The shared time axis of the host view's charts, in the theme's colours. */
export function timeAxis(range: XRange, theme: ChartTheme): AxisOptions {
  return {
    type: 'linear',
    min: range.min,
    max: range.max,
    ticks: { callback: (v) => formatClock(Number(v)), maxTicksLimit: 7, color: theme.muted },
    grid: { display: false },
    border: { color: theme.grid },
  };
}

/**
 * Drag to zoom, Shift+drag to pan, along time only. The plugin moves the scale itself; the new
 * range is handed to the time-range store, which pauses following and shares it with the other
 * charts. Reset goes through the store too (the TimeRange control), never the plugin's state.
 */
export function zoomOptions(
  theme: ChartTheme,
  onRange: (min: number, max: number) => void,
): ZoomPluginOptions {
  const done = ({ chart }: { chart: Chart }) => {
    const x = chart.scales.x;
    if (x) onRange(x.min, x.max);
  };
  return {
    zoom: {
      mode: 'x',
      drag: {
        enabled: true,
        backgroundColor: `${theme.accent}33`,
        borderColor: theme.accent,
        borderWidth: 1,
      },
      wheel: { enabled: true, modifierKey: 'ctrl' },
      onZoomComplete: done,
    },
    pan: { enabled: true, mode: 'x', modifierKey: 'shift', onPanComplete: done },
  };
}
