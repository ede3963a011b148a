import './register';

/**
 * The vue-chartjs components every chart is drawn with. Charts import them from here, never from
 * vue-chartjs itself, so Chart.js's parts are registered (charts/register.ts) before any chart is
 * created, wherever it is mounted: in the app or in a test.
 */
export { Bar, Line } from 'vue-chartjs';
