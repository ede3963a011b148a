import type { HostSample } from '@common/model';
import { sampleFairness, type Weights } from '@common/metrics/fairness';

export interface FairnessPoint {
  x: number;
  /** null at an outage (see shareSeries) or when a sample has no measured guest. */
  y: number | null;
}

/**
 * Jain's index per sample (common/metrics/fairness.ts), for the fairness chart. Today's weights
 * are applied to the whole range: the listing has no history, and weights rarely change while a
 * class switch (what the chart is watched for) keeps them.
 */
export function fairnessSeries(samples: readonly HostSample[], weights: Weights): FairnessPoint[] {
  const points: FairnessPoint[] = [];
  for (const s of samples) {
    if (s.gapBefore && points.length > 0 && points.at(-1)?.y !== null)
      points.push({ x: s.t - 1, y: null });
    const j = sampleFairness(s, weights);
    if (j !== null) points.push({ x: s.t, y: j });
  }
  return points;
}
