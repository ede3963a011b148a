import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import zoomPlugin from 'chartjs-plugin-zoom';

/**
 * Chart.js is tree-shaken: everything any chart of the app uses is registered here, once (only
 * charts/chart-components.ts imports this module). Plugins run their hooks in the order they are
 * registered: add a new one after these, so the ones here keep their order.
 */
// Line charts (CPU share, fairness, RTT CDF); Filler stacks the share layers.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);
// Class switches and the planner's predicted latency as annotations; drag-zoom and pan of the
// shared time range (a chart without zoom options is left alone); LTTB for the long fairness line.
Chart.register(annotationPlugin, zoomPlugin, Decimation);
// The RTT histogram: bars on a category axis, and a log scale for its log view.
Chart.register(BarController, BarElement, CategoryScale, LogarithmicScale);
