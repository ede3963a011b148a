import './register';

/**
 * What every chart is drawn with: the vue-chartjs components, and the direct driver of the
 * streaming charts (streaming-chart.ts). Charts import them from here, never from vue-chartjs or
 * the driver itself, so Chart.js's parts are registered (charts/register.ts) before any chart is
 * created, wherever it is mounted: in the app or in a test.
 */
export { Bar, Line } from 'vue-chartjs';
export { useStreamingChart } from './streaming-chart';
