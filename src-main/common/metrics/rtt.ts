import { LatencyAccumulator, type LinearHistogram } from './latency';
import { inWindow, type Window } from './switch-windows';
import type { LatencySample } from '../sched';

/**
 * Ping rounds as the dashboard's latency panel reads them: RTT sets, their figures, the CDF and
 * the before/after split of a switch. Pure, so the panel, the VM table and the tests read the same
 * numbers — and the figures are the reports' (one accumulator, one set of windows).
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
  /** 2 ms buckets up to 120 ms and an overflow bucket, as the report draws them. */
  histogram: LinearHistogram;
}

/** The figures of a set of RTTs, computed as the reports compute them (common/metrics/latency.ts). */
export function summarize(set: RttSet): RttSummary {
  const acc = new LatencyAccumulator();
  for (const r of set.rtts) acc.add(r);
  acc.sent += set.lost;
  const s = acc.stats();
  return {
    count: s.count,
    lost: s.lost,
    lossRatio: s.sent === 0 ? null : s.lost / s.sent,
    p50: s.p50Ms,
    p95: s.p95Ms,
    p99: s.p99Ms,
    mean: s.meanMs,
    max: s.maxMs,
    histogram: acc.histogram(),
  };
}

const sortAsc = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

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

/** The rounds inside a comparison's windows (common/metrics/switch-windows.ts). */
export function splitAt(
  samples: readonly LatencySample[],
  windows: { before: Window; after: Window },
): Split {
  const before: LatencySample[] = [];
  const after: LatencySample[] = [];
  for (const s of samples) {
    if (inWindow(s.t, windows.before)) before.push(s);
    else if (inWindow(s.t, windows.after)) after.push(s);
  }
  return { before, after };
}

export interface RoundFigures {
  p50: number | null;
  p99: number | null;
  /** Share of echo requests lost, 0–1; null when none were sent. */
  lossRatio: number | null;
}

/**
 * p50, p99 and loss of probe rounds since `sinceMs`: the VM table's latency columns and what the
 * alert rules judge. The same accumulator and rounding as `summarize`, without the histogram;
 * a caller that evaluates thousands of VMs passes one accumulator to reuse.
 */
export function roundFigures(
  samples: readonly LatencySample[],
  sinceMs = -Infinity,
  acc = new LatencyAccumulator(),
): RoundFigures {
  acc.reset();
  for (const s of samples) if (s.t >= sinceMs) acc.addRound(s.rttMs);
  const st = acc.stats();
  return {
    p50: st.p50Ms,
    p99: st.p99Ms,
    lossRatio: st.sent === 0 ? null : st.lost / st.sent,
  };
}

/** p50 and p99 of the rounds since `sinceMs`: the VM table's latency columns. */
export function recentPercentiles(
  samples: readonly LatencySample[],
  sinceMs: number,
): { p50: number | null; p99: number | null } {
  const { p50, p99 } = roundFigures(samples, sinceMs);
  return { p50, p99 };
}
