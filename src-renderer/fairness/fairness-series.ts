import type { HostSample } from '@common/model';
import { sampleFairness } from '@common/metrics/fairness';
import type { HostSched } from '@common/sched';

export interface FairnessPoint {
  x: number;
  /** null at an outage (see shareSeries) or when a sample has no measured guest. */
  y: number | null;
}

/**
 * Jain's index per sample (common/metrics/fairness.ts), for the fairness chart. Today's listing
 * (weights, pools, affinity) is applied to the whole range: the listing has no history here, and it
 * rarely changes while a class switch (what the chart is watched for) keeps it.
 */
export function fairnessSeries(
  samples: readonly HostSample[],
  sched: HostSched | null,
  guestPcpus: number,
): FairnessPoint[] {
  const points: FairnessPoint[] = [];
  for (const s of samples) {
    if (s.gapBefore && points.length > 0 && points.at(-1)?.y !== null)
      points.push({ x: s.t - 1, y: null });
    const j = sampleFairness(s, sched, guestPcpus);
    if (j !== null) points.push({ x: s.t, y: j });
  }
  return points;
}
