import type { ChartDataset, ChartOptions, Scale } from 'chart.js';
import type { ChartTheme } from '../charts/theme';
import { beforeAfterColour } from '../shared/palette';
import { predictedLine, type Prediction } from './predicted-line';

/**
 * The latency panel's histograms (RTTs, scheduling waits) drawn alike: one bar series per
 * before/after/recent set as % of its own count (so sets of different sizes compare), overlaid,
 * with the planner's worst case as a dashed line at a position on the category axis.
 */
export function histogramDataset(
  key: 'before' | 'after' | 'recent',
  label: string,
  counts: readonly number[],
  overlaid: boolean,
): ChartDataset<'bar', Array<number | null>> {
  const total = counts.reduce((a, b) => a + b, 0);
  return {
    label,
    data: counts.map((n) => (total === 0 || n === 0 ? null : (n / total) * 100)),
    backgroundColor: beforeAfterColour(key, overlaid ? 0.55 : 0.8),
    borderColor: beforeAfterColour(key),
    borderWidth: 1,
    categoryPercentage: 1,
    barPercentage: 1,
    // Overlaid, not side by side: each set's bar spans the whole bucket.
    grouped: false,
  };
}

export function histogramOptions(
  theme: ChartTheme,
  o: {
    xTitle: string;
    yTitle: string;
    log?: boolean;
    /** The x axis' tick texts; Chart.js' own choice when absent. */
    tick?: (this: Scale, value: number | string, index: number) => string | undefined;
    /** The bucket of a bar, in words, for the tooltip. */
    bucket: (index: number) => string;
    predicted: { at: number | null; prediction: Prediction | null; labelled: boolean };
  },
): ChartOptions<'bar'> {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    color: theme.muted,
    scales: {
      x: {
        title: { display: true, text: o.xTitle, color: theme.muted },
        ticks: o.tick
          ? { color: theme.muted, maxRotation: 0, autoSkip: false, callback: o.tick }
          : { color: theme.muted, autoSkip: true, maxTicksLimit: 13, maxRotation: 0 },
        grid: { display: false },
      },
      y: {
        type: o.log ? 'logarithmic' : 'linear',
        min: o.log ? 0.1 : 0,
        title: { display: true, text: o.yTitle, color: theme.muted },
        ticks: { color: theme.muted, callback: (v) => `${Number(v)} %` },
        grid: { color: theme.grid },
      },
    },
    plugins: {
      legend: { position: 'bottom', labels: { boxWidth: 12, color: theme.muted } },
      tooltip: {
        callbacks: {
          title: (items) => o.bucket(items[0]?.dataIndex ?? 0),
          label: (item) => `${item.dataset.label}: ${(item.parsed.y ?? 0).toFixed(1)} %`,
        },
      },
      annotation: {
        annotations: predictedLine(o.predicted.at, theme, {
          width: 2,
          ...(o.predicted.labelled ? { label: o.predicted.prediction?.label ?? '' } : {}),
        }),
      },
    },
  };
}
