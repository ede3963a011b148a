import {
  Chart,
  type ChartConfiguration,
  type ChartOptions,
  type DefaultDataPoint,
  type Plugin,
} from 'chart.js';
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

/**
 * Chart work waiting for a frame (a chart's layout, or its drawing), oldest first. One per frame:
 * the CPU share chart's redraw and the fairness chart's, each with the canvas raster it brings,
 * together made a long frame of their own.
 */
const waiting = new Set<() => void>();
let frame = 0;

function redrawNext(): void {
  frame = 0;
  const [next] = waiting;
  if (next) waiting.delete(next);
  try {
    next?.();
  } finally {
    if (waiting.size > 0 && !frame) frame = requestAnimationFrame(redrawNext);
  }
}

function requestRedraw(redraw: () => void): void {
  waiting.add(redraw);
  if (!frame) frame = requestAnimationFrame(redrawNext);
}

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
  /** Plugins of this chart alone (drawing of its own). */
  plugins?: Plugin<'line'>[];
}

/**
 * A Chart.js line chart over the time range, driven directly, for the charts fed every second:
 * one instance for the life of the component, its datasets and options changed in place and
 * updated with `update('none')` at most once per animation frame, however many changes arrived
 * since the last one, drawn in the frame after, and never in the same frame as another streaming
 * chart's update or drawing.
 *
 * vue-chartjs serves the charts that change on a click; for a streaming chart it costs more than
 * the drawing: it deep-watches the data, is handed a new options object on every change, and
 * redraws inside the reactive flush of the WebSocket message that brought the sample, so the
 * table's update, the chart's and the drawing made one long task. Here the flush only schedules
 * the redraw, which runs in the next frame; and a chart scrolled far out of sight (below a
 * 50-VM table, say) is redrawn only when it comes near the viewport again.
 */
export function useStreamingChart<TData = DefaultDataPoint<'line'>>(
  setup: StreamingChartSetup<TData>,
): { chartId: Readonly<Ref<string | null>>; draw: () => void } {
  const theme = useChartTheme();
  const chartId = shallowRef<string | null>(null);
  let chart: Chart<'line', TData> | null = null;
  let themed: ChartTheme | null = null;
  /**
   * The options object the chart was given, changed in place. Not `chart.options`: that is
   * Chart.js's resolved view of them, which follows a new options object only at the next update.
   */
  let options: ChartOptions<'line'> = {};
  /** Near the viewport: a chart scrolled out of sight is not redrawn until it comes back. */
  let visible = true;
  let stale = false;
  let observer: IntersectionObserver | null = null;

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

  /**
   * Set while this driver's own update runs: Chart.js then lays the chart out (scales, every
   * point's position) without drawing it, and the drawing, with the canvas raster it brings,
   * takes the next frame of its own. For 50 stacked layers each half is most of a frame.
   */
  let holding = false;
  const hold: Plugin<'line'> = {
    id: 'streamingHold',
    beforeRender: () => (holding ? false : undefined),
  };
  const render = () => chart?.render();
  const redraw = () => {
    if (!chart) return;
    const { changed, fresh } = syncOptions(chart);
    if (!setup.sync(chart, options, fresh) && !changed) return;
    holding = true;
    try {
      chart.update('none');
    } finally {
      holding = false;
    }
    requestRedraw(render);
  };
  const schedule = () => {
    if (!chart) return;
    if (!visible) stale = true;
    else requestRedraw(redraw);
  };

  onMounted(() => {
    if (!setup.canvas.value) return;
    themed = theme.value;
    options = setup.options(theme.value, setup.range.value);
    const config: ChartConfiguration<'line', TData> = {
      type: 'line',
      data: { datasets: [] },
      options,
      plugins: [hold, ...(setup.plugins ?? [])],
    };
    chart = markRaw(new Chart<'line', TData>(setup.canvas.value, config));
    chartId.value = String(chart.id);
    setup.sync(chart, options, true);
    chart.update('none');
    if (typeof IntersectionObserver !== 'function') return;
    observer = new IntersectionObserver(
      (entries) => {
        visible = entries.at(-1)?.isIntersecting ?? true;
        if (visible && stale) {
          stale = false;
          schedule();
        }
      },
      // A screen's worth of margin: scrolling to the chart finds it already up to date.
      { rootMargin: '100% 0px' },
    );
    observer.observe(setup.canvas.value);
  });
  watch([theme, setup.range, ...setup.sources], schedule);
  onBeforeUnmount(() => {
    observer?.disconnect();
    waiting.delete(redraw);
    waiting.delete(render);
    chart?.destroy();
    chart = null;
  });

  // Drawing alone, in a frame of its own (a plugin's picture came in: share-raster.ts).
  const draw = () => {
    if (chart) requestRedraw(render);
  };
  return { chartId: readonly(chartId), draw };
}
