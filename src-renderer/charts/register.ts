import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

// Chart.js is tree-shaken: register only what the charts use, once.
Chart.register(LineController, LineElement, PointElement, LinearScale, Filler, Tooltip, Legend);
