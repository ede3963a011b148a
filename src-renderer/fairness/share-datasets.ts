import { DOM0_NAME, type HostSample } from '@common/model';
import { firstAtOrAfter, mergeSamples } from '@common/metrics/sample-merge';

export interface SharePoint {
  x: number;
  /** null only at an outage: Chart.js (spanGaps: false) breaks the line there. */
  y: number | null;
}

export interface ShareSeries {
  name: string;
  points: SharePoint[];
}

/**
 * Per-guest CPU share (% of the guests' pCPUs) over the window ending at the newest sample.
 * Samples without a measurement (xentop's first frame) are left out, never drawn as zero.
 * A sample marked `gapBefore` (the first after an outage) puts a null point just
 * before it in every series, so no line is drawn across the outage — even for a VM whose first
 * frame after the reconnect is unmeasured, which would otherwise join the points either side.
 * Series are sorted by name so each VM keeps its place in the stack and its colour.
 */
export function shareSeries(samples: readonly HostSample[], windowMs: number): ShareSeries[] {
  const newest = samples.at(-1)?.t ?? 0;
  return shareSeriesInRange(samples, { min: newest - windowMs, max: newest });
}

/**
 * As shareSeries, for samples within [min, max], at most `maxColumns` points per VM. Longer
 * ranges are bucketed by time and each bucket's shares averaged (mergeSamples). Chart.js's own
 * LTTB decimation cannot be used on a stacked chart: it keeps different x values per series,
 * and Chart.js stacks by x, so the layers would tear apart; averaging every VM over the same
 * buckets keeps the stack summing to the host's total.
 */
export function shareSeriesInRange(
  samples: readonly HostSample[],
  range: { min: number; max: number },
  maxColumns = Infinity,
): ShareSeries[] {
  const from = firstAtOrAfter(samples, range.min);
  const to = firstAtOrAfter(samples, range.max + 1);
  const visible = bucket(samples.slice(from, to), range, maxColumns);
  const byName = new Map<string, SharePoint[]>();
  for (const sample of visible) {
    if (sample.gapBefore) {
      for (const points of byName.values()) {
        if (points.at(-1)?.y !== null) points.push({ x: sample.t - 1, y: null });
      }
    }
    for (const d of sample.domains) {
      if (d.name === DOM0_NAME || d.share === null) continue;
      let points = byName.get(d.name);
      if (!points) byName.set(d.name, (points = []));
      points.push({ x: sample.t, y: d.share * 100 });
    }
  }
  return [...byName.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, points]) => ({ name, points }));
}

function bucket(
  samples: readonly HostSample[],
  { min, max }: { min: number; max: number },
  maxColumns: number,
): readonly HostSample[] {
  if (samples.length <= maxColumns) return samples;
  const width = (max - min) / maxColumns;
  const out: HostSample[] = [];
  let group: HostSample[] = [];
  let key = NaN;
  for (const s of samples) {
    const k = Math.floor((s.t - min) / width);
    if (k !== key && group.length) {
      out.push(mergeSamples(group));
      group = [];
    }
    key = k;
    group.push(s);
  }
  if (group.length) out.push(mergeSamples(group));
  return out;
}
