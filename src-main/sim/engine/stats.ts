import { LatencyAccumulator } from '../../common/metrics/latency';

/**
 * The engine's latency figures in ms, as `vslicer sim experiment` prints them (0 with no data).
 * Values are collected in the app's one latency accumulator (common/metrics/latency.ts): an hour
 * of 5 ms microslices is ~10⁶ waits per VM, kept as a histogram, with the same percentile
 * definition as the dashboard and the reports.
 */
export interface LatencySummaryMs {
  min: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

export function summaryMs(acc: LatencyAccumulator): LatencySummaryMs {
  if (acc.count === 0) return { min: 0, mean: 0, p50: 0, p99: 0, max: 0 };
  return {
    min: acc.min,
    mean: acc.mean!,
    p50: acc.quantile(0.5)!,
    p99: acc.quantile(0.99)!,
    max: acc.max,
  };
}

/** Summary of a list of values in ms (ping RTTs). */
export function summarize(values: readonly number[]): LatencySummaryMs {
  const acc = new LatencyAccumulator();
  for (const v of values) acc.add(v);
  return summaryMs(acc);
}
