/**
 * Latency statistics without storing every sample: an hour of 5 ms microslices is ~10⁶ samples per
 * VM, so samples go into a fixed 0.1 ms histogram (exact min/max/mean kept beside it). Percentiles
 * are therefore resolved to 0.1 ms, finer than anything the paper reports.
 */
export interface LatencySummaryMs {
  min: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
}

const BUCKET_US = 100;
const BUCKETS = 20_000; // 0 … 2 s; slower samples fall in the last bucket (max stays exact).

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  private sumUs = 0;
  private minUs = Infinity;
  private maxUs = 0;

  add(us: number): void {
    let b = (us / BUCKET_US) | 0;
    if (b >= BUCKETS) b = BUCKETS - 1;
    this.counts[b]!++;
    this.count++;
    this.sumUs += us;
    if (us < this.minUs) this.minUs = us;
    if (us > this.maxUs) this.maxUs = us;
  }

  reset(): void {
    this.counts.fill(0);
    this.count = 0;
    this.sumUs = 0;
    this.minUs = Infinity;
    this.maxUs = 0;
  }

  /** Quantile q in [0,1], ms; the bucket's midpoint clamped to the exact min/max. */
  quantileMs(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let b = 0; b < BUCKETS; b++) {
      seen += this.counts[b]!;
      if (seen >= rank) {
        const mid = (b + 0.5) * BUCKET_US;
        return Math.min(this.maxUs, Math.max(this.minUs, mid)) / 1000;
      }
    }
    return this.maxUs / 1000;
  }

  summaryMs(): LatencySummaryMs {
    if (this.count === 0) return { min: 0, mean: 0, p50: 0, p99: 0, max: 0 };
    return {
      min: this.minUs / 1000,
      mean: this.sumUs / this.count / 1000,
      p50: this.quantileMs(0.5),
      p99: this.quantileMs(0.99),
      max: this.maxUs / 1000,
    };
  }
}

/** Exact summary of a small sample list (ping RTTs), ms in, ms out. */
export function summarize(values: readonly number[]): LatencySummaryMs {
  if (values.length === 0) return { min: 0, mean: 0, p50: 0, p99: 0, max: 0 };
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
  return {
    min: s[0]!,
    mean: s.reduce((a, b) => a + b, 0) / s.length,
    p50: at(0.5),
    p99: at(0.99),
    max: s[s.length - 1]!,
  };
}

/** Jain's fairness index (Σx)²/(n·Σx²): 1 when all shares are equal, 1/n when one VM takes all. */
export function jainFairness(xs: readonly number[]): number {
  if (xs.length === 0) return 1;
  let sum = 0;
  let sq = 0;
  for (const x of xs) {
    sum += x;
    sq += x * x;
  }
  return sq === 0 ? 1 : (sum * sum) / (xs.length * sq);
}
