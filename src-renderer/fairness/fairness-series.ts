import type { HostSample } from '@common/model';
import { sampleFairness } from '@common/metrics/fairness';
import type { HostSched } from '@common/sched';

export interface FairnessPoint {
  x: number;
  /** null at an outage (the line breaks there) or when a sample has no measured guest. */
  y: number | null;
}

/**
 * Each sample's Jain's index, remembered while the listing and the pCPU count stay the same: a
 * sample never changes, and the chart asks again for every sample of its range each second (an
 * hour is 3,600 water-fillings of 50 VMs).
 */
export class FairnessMemo {
  private sched: HostSched | null = null;
  private guestPcpus = NaN;
  private values = new WeakMap<HostSample, number | null>();

  of(sample: HostSample, sched: HostSched | null, guestPcpus: number): number | null {
    if (sched !== this.sched || guestPcpus !== this.guestPcpus) {
      this.sched = sched;
      this.guestPcpus = guestPcpus;
      this.values = new WeakMap();
    }
    let j = this.values.get(sample);
    if (j === undefined) this.values.set(sample, (j = sampleFairness(sample, sched, guestPcpus)));
    return j;
  }
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
  memo = new FairnessMemo(),
): FairnessPoint[] {
  const points: FairnessPoint[] = [];
  for (const s of samples) {
    if (s.gapBefore && points.length > 0 && points.at(-1)?.y !== null)
      points.push({ x: s.t - 1, y: null });
    const j = memo.of(s, sched, guestPcpus);
    if (j !== null) points.push({ x: s.t, y: j });
  }
  return points;
}
