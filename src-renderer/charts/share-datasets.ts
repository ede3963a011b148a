import { DOM0_NAME, type HostSample } from '@common/model';

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
 * A sample marked `gapBefore` (the first after an outage, issue 5 item 5) puts a null point just
 * before it in every series, so no line is drawn across the outage — even for a VM whose first
 * frame after the reconnect is unmeasured, which would otherwise join the points either side.
 * Series are sorted by name so each VM keeps its place in the stack and its colour.
 */
export function shareSeries(samples: readonly HostSample[], windowMs: number): ShareSeries[] {
  const newest = samples.at(-1)?.t ?? 0;
  const from = newest - windowMs;
  const byName = new Map<string, SharePoint[]>();
  for (const sample of samples) {
    if (sample.t < from) continue;
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
