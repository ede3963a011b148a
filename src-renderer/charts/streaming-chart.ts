import { Chart, type ChartConfiguration, type ChartOptions, type DefaultDataPoint } from 'chart.js';
import {
  markRaw,
  onBeforeUnmount,
  onMounted,
  readonly,
  shallowRef,
  watch,
  type Ref,
  type WatchSource,
} from 'vue';
import { useChartTheme, type ChartTheme } from './theme';
import type { XRange } from './time-range-store';

export interface StreamingChartSetup<TData> {
  canvas: Readonly<Ref<HTMLCanvasElement | null>>;
  /** The time range shown: set on the x axis in place as it moves. */
  range: Readonly<Ref<XRange>>;
  /** The chart's options, built anew only when the theme changes. */
  options: (theme: ChartTheme, range: XRange) => ChartOptions<'line'>;
  /**
   * Brings the datasets (and any option of its own, set on `options`) to the current state, in
   * place; says whether anything changed. `fresh`: the options were just rebuilt, so what it set
   * on them before is gone.
   */
  sync: (chart: Chart<'line', TData>, options: ChartOptions<'line'>, fresh: boolean) => boolean;
  /** What the datasets are made of: a change schedules a redraw. */
  sources: WatchSource[];
}

/**
 * A Chart.js line chart over the time range, driven directly, for the charts fed every second:
 * one instance for the life of the component, its datasets and options changed in place and
 * redrawn with `update('none')` at most once per animation frame, however many changes arrived
 * since the last one.
 *
 * vue-chartjs serves the charts that change on a click; for a streaming chart it costs more than
 * the drawing: it deep-watches the data, is handed a new options object on every change, and
 * redraws inside the reactive flush of the WebSocket message that brought the sample, so the
 * table's update, the chart's and the drawing made one long task. Here the flush only schedules
 * the redraw, which runs in the next frame.
 */
export function useStreamingChart<TData = DefaultDataPoint<'line'>>(
  setup: StreamingChartSetup<TData>,
): { chartId: Readonly<Ref<string | null>> } {
  const theme = useChartTheme();
  const chartId = shallowRef<string | null>(null);
  let chart: Chart<'line', TData> | null = null;
  let themed: ChartTheme | null = null;
  /**
   * The options object the chart was given, changed in place. Not `chart.options`: that is
   * Chart.js's resolved view of them, which follows a new options object only at the next update.
   */
  let options: ChartOptions<'line'> = {};
  let frame = 0;

  /** Options for the theme (rebuilt if it changed) and the x axis on the range. */
  function syncOptions(c: Chart<'line', TData>): { changed: boolean; fresh: boolean } {
    const x = setup.range.value;
    const fresh = themed !== theme.value;
    if (fresh) {
      themed = theme.value;
      c.options = options = setup.options(theme.value, x);
    }
    const axis = options.scales?.x;
    if (!axis || (axis.min === x.min && axis.max === x.max)) return { changed: fresh, fresh };
    axis.min = x.min;
    axis.max = x.max;
    return { changed: true, fresh };
  }

  const redraw = () => {
    frame = 0;
    if (!chart) return;
    const { changed, fresh } = syncOptions(chart);
    if (setup.sync(chart, options, fresh) || changed) chart.update('none');
  };
  const schedule = () => {
    if (chart && !frame) frame = requestAnimationFrame(redraw);
  };

  onMounted(() => {
    if (!setup.canvas.value) return;
    themed = theme.value;
    options = setup.options(theme.value, setup.range.value);
    const config: ChartConfiguration<'line', TData> = {
      type: 'line',
      data: { datasets: [] },
      options,
    };
    chart = markRaw(new Chart<'line', TData>(setup.canvas.value, config));
    chartId.value = String(chart.id);
    setup.sync(chart, options, true);
    chart.update('none');
  });
  watch([theme, setup.range, ...setup.sources], schedule);
  onBeforeUnmount(() => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    chart?.destroy();
    chart = null;
  });

  return { chartId: readonly(chartId) };
}
