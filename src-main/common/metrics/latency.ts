/**
 * Latency statistics: one definition of a percentile for every figure the app prints — the
 * dashboard, the reports, the simulation's experiments — so the same RTTs give the same p50
 * wherever an operator reads it.
 *
 * A percentile is the nearest-rank value: exact while an accumulator holds at most
 * `EXACT_VALUES` values (a dashboard window, a short period). A 24-hour session of 100 VMs is
 * tens of millions of RTTs, too many to keep, so beyond that percentiles come from a log
 * histogram whose buckets are 1 % wide (HDR-histogram style), read nearest-rank and clamped to
 * the exact min and max: within 1 % of the exact value. Two accumulators merge by adding counts —
 * which is how a class period is built from the windows between switches. Beside it a linear
 * histogram (2 ms buckets up to 120 ms: the credit scheduler's worst case with five guests is
 * 4 × 30 ms) feeds the histogram charts.
 */

/** The linear histogram: 2 ms buckets up to 120 ms, then one overflow bucket. */
export const HISTOGRAM_BUCKET_MS = 2;
export const HISTOGRAM_MAX_MS = 120;

export interface LatencySummary {
  /** Echo requests sent, replies received (`count`) and lost. */
  sent: number;
  count: number;
  lost: number;
  lossPct: number | null;
  minMs: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface LinearHistogram {
  bucketMs: number;
  maxMs: number;
  /** counts[i] holds values in [i*bucketMs, (i+1)*bucketMs). */
  counts: number[];
  /** Values of maxMs and above. */
  overflow: number;
}

const LOG_BASE = Math.log(1.01);
/** Below 0.01 ms everything is one bucket; 1,600 buckets reach about 88 s. */
const LOG_MIN_MS = 0.01;
const LOG_BUCKETS = 1600;
const LINEAR_BUCKETS = Math.ceil(HISTOGRAM_MAX_MS / HISTOGRAM_BUCKET_MS);
/** Values kept for exact percentiles; past this many the log histogram answers. */
export const EXACT_VALUES = 4096;

export class LatencyAccumulator {
  sent = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private readonly log = new Uint32Array(LOG_BUCKETS);
  /** The linear histogram, plus the overflow at the end. */
  private readonly linear = new Uint32Array(LINEAR_BUCKETS + 1);
  /** Every value while there are at most EXACT_VALUES; null once there were more. */
  private exact: number[] | null = [];
  private sorted = true;

  /** One measured value (ms) that was asked for and came back. */
  add(ms: number): void {
    this.sent++;
    this.take(ms);
  }

  /** Adds one probe round; returns the mean of its replies (NaN when none came back), for charts. */
  addRound(rttMs: readonly (number | null)[]): number {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < rttMs.length; i++) {
      const rtt = rttMs[i]!;
      if (rtt === null || !(rtt >= 0) || rtt === Infinity) continue;
      n++;
      sum += rtt;
      this.bucket(rtt);
    }
    this.sent += rttMs.length;
    this.count += n;
    this.sum += sum;
    return n > 0 ? sum / n : NaN;
  }

  private take(v: number): void {
    this.count++;
    this.sum += v;
    this.bucket(v);
  }

  private bucket(v: number): void {
    const exact = this.exact;
    if (exact !== null) {
      if (exact.length < EXACT_VALUES) {
        if (exact.length > 0 && v < exact[exact.length - 1]!) this.sorted = false;
        exact.push(v);
      } else this.exact = null;
    }
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    this.log[logIndex(v)]!++;
    this.linear[Math.min(LINEAR_BUCKETS, Math.floor(v / HISTOGRAM_BUCKET_MS))]!++;
  }

  merge(other: LatencyAccumulator): void {
    this.sent += other.sent;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (let i = 0; i < LOG_BUCKETS; i++) this.log[i]! += other.log[i]!;
    for (let i = 0; i <= LINEAR_BUCKETS; i++) this.linear[i]! += other.linear[i]!;
    if (this.exact && other.exact && this.exact.length + other.exact.length <= EXACT_VALUES) {
      this.exact.push(...other.exact);
      this.sorted = false;
    } else this.exact = null;
  }

  reset(): void {
    this.sent = this.count = this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.log.fill(0);
    this.linear.fill(0);
    this.exact = [];
    this.sorted = true;
  }

  get mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  /**
   * The q-quantile (0–1), nearest-rank: exact over the values while they are kept, else over the
   * log buckets, clamped to the exact min/max.
   */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    if (this.exact !== null) {
      if (!this.sorted) {
        // A typed array sorts numbers natively, without a comparator call per pair: 2–3× faster
        // for the few hundred RTTs of a VM's window, which the alert rules sort for every VM.
        const sorted = Float64Array.from(this.exact).sort();
        for (let i = 0; i < sorted.length; i++) this.exact[i] = sorted[i]!;
        this.sorted = true;
      }
      return this.exact[rank - 1]!;
    }
    let seen = 0;
    for (let i = 0; i < LOG_BUCKETS; i++) {
      seen += this.log[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, logMid(i)));
    }
    return this.max;
  }

  /** Every figure rounded to the µs, as the reports print them. */
  stats(): LatencySummary {
    const lost = this.sent - this.count;
    const round = (v: number | null) => (v === null ? null : round3(v));
    return {
      sent: this.sent,
      count: this.count,
      lost,
      lossPct: this.sent === 0 ? null : round3((lost / this.sent) * 100),
      minMs: this.count === 0 ? null : round3(this.min),
      meanMs: round(this.mean),
      p50Ms: round(this.quantile(0.5)),
      p95Ms: round(this.quantile(0.95)),
      p99Ms: round(this.quantile(0.99)),
      maxMs: this.count === 0 ? null : round3(this.max),
    };
  }

  histogram(): LinearHistogram {
    return {
      bucketMs: HISTOGRAM_BUCKET_MS,
      maxMs: HISTOGRAM_MAX_MS,
      counts: Array.from(this.linear.subarray(0, LINEAR_BUCKETS)),
      overflow: this.linear[LINEAR_BUCKETS]!,
    };
  }
}

/** The summary of a list of values (ms; null = asked for, never came back). */
export function summarizeLatency(values: Iterable<number | null>): LatencySummary {
  const acc = new LatencyAccumulator();
  for (const v of values) {
    if (v === null) acc.sent++;
    else acc.add(v);
  }
  return acc.stats();
}

/**
 * RTTs as ping prints them take a few thousand distinct values, so the log bucket of each is
 * remembered (direct-mapped, raw doubles): a logarithm for every one of a day's 21.6 M echo
 * replies was a tenth of an export.
 */
const INDEX_SLOTS = 1 << 14;
const indexKeys = new Float64Array(INDEX_SLOTS).fill(Number.NaN);
const indexValues = new Uint16Array(INDEX_SLOTS);

function logIndex(v: number): number {
  const slot = ((v * 1_000_003) | 0) & (INDEX_SLOTS - 1);
  if (indexKeys[slot] === v) return indexValues[slot]!;
  const i =
    v < LOG_MIN_MS
      ? 0
      : Math.min(LOG_BUCKETS - 1, 1 + Math.floor(Math.log(v / LOG_MIN_MS) / LOG_BASE));
  indexKeys[slot] = v;
  indexValues[slot] = i;
  return i;
}

/** Geometric middle of a log bucket (bucket i ≥ 1 spans [min·1.01^(i−1), min·1.01^i)). */
function logMid(i: number): number {
  if (i === 0) return LOG_MIN_MS / 2;
  return LOG_MIN_MS * Math.exp((i - 0.5) * LOG_BASE);
}

export function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
