import type { LatencySample } from '@common/sched';

/**
 * Pure statistics over ping rounds (issue 6, item 3). No Vue, no Chart.js: the panel, the table
 * and the tests all read the same numbers.
 */

/** RTTs of every answered echo request, in the order they were sent; lost ones are counted apart. */
export interface RttSet {
  rtts: number[];
  lost: number;
}

export function collectRtts(samples: readonly LatencySample[]): RttSet {
  const rtts: number[] = [];
  let lost = 0;
  for (const s of samples) {
    for (const r of s.rttMs) {
      if (r === null) lost++;
      else rtts.push(r);
    }
  }
  return { rtts, lost };
}

/**
 * The p-th percentile (0–100) of ascending values, interpolated between closest ranks (the
 * method of numpy's default and Excel's PERCENTILE.INC), so p50 of [10, 20] is 15. Null if empty.
 */
export function percentileSorted(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = (Math.min(100, Math.max(0, p)) / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (b - a) * (rank - lo);
}

export const sortAsc = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

export interface RttSummary {
  /** Answered echo requests. */
  count: number;
  lost: number;
  /** Share of echo requests lost, 0–1; null when none were sent. */
  lossRatio: number | null;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
  max: number | null;
}

export function summarize(set: RttSet): RttSummary {
  const sorted = sortAsc(set.rtts);
  const sent = sorted.length + set.lost;
  return {
    count: sorted.length,
    lost: set.lost,
    lossRatio: sent === 0 ? null : set.lost / sent,
    p50: percentileSorted(sorted, 50),
    p95: percentileSorted(sorted, 95),
    p99: percentileSorted(sorted, 99),
    mean: sorted.length === 0 ? null : sorted.reduce((a, b) => a + b, 0) / sorted.length,
    max: sorted.at(-1) ?? null,
  };
}

export interface HistogramSpec {
  /** Bucket width in ms. */
  widthMs: number;
  /** Upper edge of the last regular bucket; everything at or above lands in the overflow bucket. */
  maxMs: number;
}

/** 2 ms buckets up to 120 ms: the credit scheduler's worst case with five guests is 4 × 30 ms. */
export const DEFAULT_HISTOGRAM: HistogramSpec = { widthMs: 2, maxMs: 120 };

export interface Histogram {
  /** Lower edge of each regular bucket, in ms. */
  edges: number[];
  counts: number[];
  /** RTTs ≥ maxMs. */
  overflow: number;
  total: number;
}

export function histogram(rtts: readonly number[], spec: HistogramSpec = DEFAULT_HISTOGRAM): Histogram {
  const n = Math.ceil(spec.maxMs / spec.widthMs);
  const counts = new Array<number>(n).fill(0);
  let overflow = 0;
  for (const r of rtts) {
    if (r >= spec.maxMs) overflow++;
    else counts[Math.max(0, Math.floor(r / spec.widthMs))]!++;
  }
  const edges = Array.from({ length: n }, (_, i) => i * spec.widthMs);
  return { edges, counts, overflow, total: rtts.length };
}

export interface CdfPoint {
  /** RTT in ms. */
  x: number;
  /** Share of RTTs ≤ x, in % (0–100). */
  y: number;
}

/**
 * The empirical CDF as steps, at most `maxPoints` of them (evenly spaced ranks, the last always
 * kept) so an hour of probes stays a few hundred points on the chart.
 */
export function cdf(rtts: readonly number[], maxPoints = 200): CdfPoint[] {
  const sorted = sortAsc(rtts);
  const n = sorted.length;
  if (n === 0) return [];
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const points: CdfPoint[] = [];
  for (let i = step - 1; i < n; i += step) points.push({ x: sorted[i]!, y: ((i + 1) / n) * 100 });
  if (points.at(-1)?.y !== 100) points.push({ x: sorted[n - 1]!, y: 100 });
  return points;
}

export interface Split {
  before: LatencySample[];
  after: LatencySample[];
}

/**
 * Rounds before a switch started and after it finished; rounds while it ran belong to neither
 * class. `since` bounds the before side (e.g. the end of the previous switch), so "before" is
 * the class the VM had just before, not a mix.
 */
export function splitAt(
  samples: readonly LatencySample[],
  startMs: number,
  endMs: number = startMs,
  since = Number.NEGATIVE_INFINITY,
): Split {
  const before: LatencySample[] = [];
  const after: LatencySample[] = [];
  for (const s of samples) {
    if (s.t < startMs && s.t >= since) before.push(s);
    else if (s.t > endMs) after.push(s);
  }
  return { before, after };
}

/** Relative change in %, e.g. −62 for a median that fell from 100 ms to 38 ms. */
export function changePct(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return ((after - before) / before) * 100;
}

/** p50 and p99 of the rounds since `sinceMs`: the VM table's latency columns. */
export function recentPercentiles(
  samples: readonly LatencySample[],
  sinceMs: number,
): { p50: number | null; p99: number | null } {
  const set = collectRtts(samples.filter((s) => s.t >= sinceMs));
  const sorted = sortAsc(set.rtts);
  return { p50: percentileSorted(sorted, 50), p99: percentileSorted(sorted, 99) };
}
