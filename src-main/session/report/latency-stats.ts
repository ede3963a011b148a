import { HISTOGRAM_BUCKET_MS, HISTOGRAM_MAX_MS, type Histogram, type LatencyStats } from './report-schema';

/**
 * Latency statistics that stream and merge: a 24-hour session of 100 VMs is tens of millions of
 * RTTs, too many to keep for exact percentiles. So percentiles come from a log histogram whose
 * buckets are 1 % wide (HDR-histogram style): p99 is within 1 % of the exact value, and two
 * accumulators merge by adding counts — which is how a class period is built from the windows
 * between switches (report-model.ts).
 */
const LOG_BASE = Math.log(1.01);
/** Below 0.01 ms everything is one bucket; 1,600 buckets reach about 88 s. */
const LOG_MIN_MS = 0.01;
const LOG_BUCKETS = 1600;
const LINEAR_BUCKETS = Math.ceil(HISTOGRAM_MAX_MS / HISTOGRAM_BUCKET_MS);

export class LatencyAccumulator {
  sent = 0;
  count = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  private readonly log = new Uint32Array(LOG_BUCKETS);
  /** The report's 2 ms histogram, plus the overflow at the end. */
  private readonly linear = new Uint32Array(LINEAR_BUCKETS + 1);

  /** Adds one probe round; returns the mean of its replies (NaN when none came back), for charts. */
  addRound(rttMs: readonly (number | null)[]): number {
    let sum = 0;
    let n = 0;
    for (let i = 0; i < rttMs.length; i++) {
      const rtt = rttMs[i]!;
      if (rtt === null || !(rtt >= 0) || rtt === Infinity) continue;
      n++;
      sum += rtt;
      if (rtt < this.min) this.min = rtt;
      if (rtt > this.max) this.max = rtt;
      this.log[logIndex(rtt)]!++;
      this.linear[Math.min(LINEAR_BUCKETS, Math.floor(rtt / HISTOGRAM_BUCKET_MS))]!++;
    }
    this.sent += rttMs.length;
    this.count += n;
    this.sum += sum;
    return n > 0 ? sum / n : NaN;
  }

  merge(other: LatencyAccumulator): void {
    this.sent += other.sent;
    this.count += other.count;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    for (let i = 0; i < LOG_BUCKETS; i++) this.log[i]! += other.log[i]!;
    for (let i = 0; i <= LINEAR_BUCKETS; i++) this.linear[i]! += other.linear[i]!;
  }

  get mean(): number | null {
    return this.count === 0 ? null : this.sum / this.count;
  }

  /** The q-quantile (0–1), nearest-rank over the log buckets, clamped to the exact min/max. */
  quantile(q: number): number | null {
    if (this.count === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < LOG_BUCKETS; i++) {
      seen += this.log[i]!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, logMid(i)));
    }
    return this.max;
  }

  stats(): LatencyStats {
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

  histogram(): Histogram {
    return {
      bucketMs: HISTOGRAM_BUCKET_MS,
      maxMs: HISTOGRAM_MAX_MS,
      counts: Array.from(this.linear.subarray(0, LINEAR_BUCKETS)),
      overflow: this.linear[LINEAR_BUCKETS]!,
    };
  }
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
  const i = v < LOG_MIN_MS ? 0 : Math.min(LOG_BUCKETS - 1, 1 + Math.floor(Math.log(v / LOG_MIN_MS) / LOG_BASE));
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

/** Percent change from `before` to `after`; null when either is missing or before is 0. */
export function changePct(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return Math.round(((after - before) / before) * 1000) / 10;
}
