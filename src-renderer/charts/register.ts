import {
  Chart,
  Decimation,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import annotationPlugin from 'chartjs-plugin-annotation';
import zoomPlugin from 'chartjs-plugin-zoom';

// Chart.js is tree-shaken: register only what the charts use, once.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);
// Class switches as annotations, drag-zoom and pan of the time range, LTTB for long line series.
Chart.register(annotationPlugin, zoomPlugin, Decimation);
