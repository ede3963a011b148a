import type { Series } from './report-schema';

/**
 * A time series folded, as it streams, to at most `maxPoints` buckets for charts. The session's
 * length is unknown until its end, so buckets start one second wide and double (adjacent pairs
 * merge) whenever the series outgrows `maxPoints`: memory is fixed, a 24-hour series ends at
 * 128 s buckets. Each bucket keeps its min and max beside the mean, so a one-second spike stays
 * visible in a chart of a whole day (nothing is hidden by averaging).
 */
export class MinMaxSeries {
  private t0: number | null = null;
  private width: number;
  private readonly sum: Float64Array;
  private readonly n: Uint32Array;
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly gap: Uint8Array;

  constructor(
    private readonly maxPoints = 1000,
    startWidthMs = 1000,
  ) {
    this.width = startWidthMs;
    this.sum = new Float64Array(maxPoints);
    this.n = new Uint32Array(maxPoints);
    this.min = new Float64Array(maxPoints);
    this.max = new Float64Array(maxPoints);
    this.gap = new Uint8Array(maxPoints);
  }

  add(t: number, value: number, gapBefore = false): void {
    if (!Number.isFinite(value)) return;
    if (this.t0 === null) this.t0 = t;
    // A record out of order (clock step) lands in the first bucket rather than being lost.
    let i = Math.max(0, Math.floor((t - this.t0) / this.width));
    while (i >= this.maxPoints) {
      this.fold();
      i = Math.floor((t - this.t0) / this.width);
    }
    if (this.n[i] === 0) {
      this.min[i] = value;
      this.max[i] = value;
    } else {
      if (value < this.min[i]!) this.min[i] = value;
      if (value > this.max[i]!) this.max[i] = value;
    }
    this.sum[i]! += value;
    this.n[i]!++;
    if (gapBefore) this.gap[i] = 1;
  }

  /** Halve the resolution: bucket i takes buckets 2i and 2i+1. */
  private fold(): void {
    const half = this.maxPoints / 2;
    for (let i = 0; i < half; i++) {
      const a = 2 * i;
      const b = a + 1;
      const na = this.n[a]!;
      const nb = b < this.maxPoints ? this.n[b]! : 0;
      const n = na + nb;
      this.sum[i] = this.sum[a]! + (nb ? this.sum[b]! : 0);
      this.min[i] = na && nb ? Math.min(this.min[a]!, this.min[b]!) : na ? this.min[a]! : this.min[b]!;
      this.max[i] = na && nb ? Math.max(this.max[a]!, this.max[b]!) : na ? this.max[a]! : this.max[b]!;
      this.gap[i] = this.gap[a]! | (nb ? this.gap[b]! : 0);
      this.n[i] = n;
    }
    this.n.fill(0, half);
    this.sum.fill(0, half);
    this.gap.fill(0, half);
    this.width *= 2;
  }

  toSeries(digits = 4): Series {
    const points: Series['points'] = [];
    const f = 10 ** digits;
    const r = (v: number) => Math.round(v * f) / f;
    if (this.t0 !== null) {
      for (let i = 0; i < this.maxPoints; i++) {
        const n = this.n[i]!;
        if (n === 0) continue;
        points.push({
          t: Math.round(this.t0 + (i + 0.5) * this.width),
          mean: r(this.sum[i]! / n),
          min: r(this.min[i]!),
          max: r(this.max[i]!),
          gapBefore: this.gap[i] === 1,
        });
      }
    }
    return { bucketMs: this.width, points };
  }
}

/**
 * Jain's fairness index (Jain, Chiu and Hawe 1984): (Σx)² / (n·Σx²). 1 when every VM gets the
 * same share, 1/n when one VM takes everything; null with no VM or no CPU used at all.
 */
export function jainFairness(shares: readonly number[]): number | null {
  let sum = 0;
  let sumSq = 0;
  for (const x of shares) {
    sum += x;
    sumSq += x * x;
  }
  if (shares.length === 0 || sumSq === 0) return null;
  return (sum * sum) / (shares.length * sumSq);
}
