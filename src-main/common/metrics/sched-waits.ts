/**
 * Scheduling waits as the vSlicer hypervisor counts them (hypervisor/README.md, "Wait
 * statistics"): per domain, how often one of its vCPUs was dispatched after another unit, how
 * many of those dispatches ended a wait (runnable → running), their sum and largest, and a log2
 * histogram in µs — bucket 0 = [0, 2) µs, bucket k = [2^k, 2^(k+1)) µs, the last open-ended.
 * The simulation counts the same way, so the demo host and a real host read alike.
 *
 * The host's figures are cumulative (from domain creation, or its last cpupool move); a window is
 * the difference of two readings. Percentiles of a window come from its histogram: a value is
 * known to lie within its bucket, so a percentile is reported as its bucket's upper bound — never
 * below the truth, at most 2× above it.
 */

export const WAIT_BUCKETS = 24;

export interface WaitCounters {
  /** Switches to one of the domain's vCPUs from another unit. */
  dispatches: number;
  /** Dispatches that ended a wait (a vCPU's first dispatch is none). */
  waits: number;
  sumUs: number;
  /** The largest single wait, µs (not a counter: a window's is bounded by its histogram). */
  maxUs: number;
  /** WAIT_BUCKETS counts; their sum is `waits`. */
  hist: number[];
}

export const emptyWaits = (): WaitCounters => ({
  dispatches: 0,
  waits: 0,
  sumUs: 0,
  maxUs: 0,
  hist: new Array<number>(WAIT_BUCKETS).fill(0),
});

/** The bucket of a wait of `us` µs. */
export function waitBucket(us: number): number {
  if (!(us >= 2)) return 0;
  return Math.min(WAIT_BUCKETS - 1, Math.floor(Math.log2(us)));
}

/** Lower bound of bucket k, µs. */
export const bucketLowUs = (k: number): number => (k === 0 ? 0 : 2 ** k);
/** Upper bound of bucket k, µs; Infinity for the last. */
export const bucketHighUs = (k: number): number =>
  k >= WAIT_BUCKETS - 1 ? Infinity : 2 ** (k + 1);

/** Counts one wait of `us` µs into cumulative counters (the simulation's hypervisor side). */
export function countWait(c: WaitCounters, us: number): void {
  c.waits++;
  c.sumUs += us;
  if (us > c.maxUs) c.maxUs = us;
  c.hist[waitBucket(us)]!++;
}

/**
 * The window between two cumulative readings of one domain. null when a counter went down: the
 * domain was moved to another pool or re-created, and `now` counts from then (the caller may take
 * `now` itself as the window, or skip it).
 */
export function waitsBetween(before: WaitCounters, now: WaitCounters): WaitCounters | null {
  if (now.dispatches < before.dispatches || now.waits < before.waits || now.sumUs < before.sumUs)
    return null;
  const hist = now.hist.map((n, k) => n - (before.hist[k] ?? 0));
  if (hist.some((n) => n < 0)) return null;
  const top = highestBucket(hist);
  return {
    dispatches: now.dispatches - before.dispatches,
    waits: now.waits - before.waits,
    sumUs: now.sumUs - before.sumUs,
    // The cumulative maximum applies when it was reached in this window (it grew); otherwise the
    // window's largest lies in its highest non-empty bucket.
    maxUs:
      now.maxUs > before.maxUs ? now.maxUs : top < 0 ? 0 : Math.min(bucketHighUs(top), now.maxUs),
    hist,
  };
}

/** Adds `w` into `into` (windows of one VM over a longer range). */
export function addWaits(into: WaitCounters, w: WaitCounters): void {
  into.dispatches += w.dispatches;
  into.waits += w.waits;
  into.sumUs += w.sumUs;
  if (w.maxUs > into.maxUs) into.maxUs = w.maxUs;
  for (let k = 0; k < WAIT_BUCKETS; k++) into.hist[k]! += w.hist[k] ?? 0;
}

function highestBucket(hist: readonly number[]): number {
  for (let k = hist.length - 1; k >= 0; k--) if (hist[k]! > 0) return k;
  return -1;
}

/** What an operator reads of a window: mean, percentiles as bucket bounds, the largest. */
export interface WaitSummary {
  waits: number;
  dispatches: number;
  meanMs: number | null;
  /** The bucket upper bound below which at least half / 99 % of the waits lie, ms. */
  p50MaxMs: number | null;
  p99MaxMs: number | null;
  maxMs: number | null;
}

export function summarizeWaits(w: WaitCounters): WaitSummary {
  if (w.waits === 0)
    return {
      waits: 0,
      dispatches: w.dispatches,
      meanMs: null,
      p50MaxMs: null,
      p99MaxMs: null,
      maxMs: null,
    };
  // Ranks over the histogram itself: its counts are what the percentiles are read from.
  const counted = w.hist.reduce((a, b) => a + b, 0);
  const bound = (q: number) => {
    const rank = Math.max(1, Math.ceil(q * counted));
    let seen = 0;
    for (let k = 0; k < WAIT_BUCKETS; k++) {
      seen += w.hist[k]!;
      // The largest wait is known exactly: no bound above it.
      if (seen >= rank) return Math.min(bucketHighUs(k), w.maxUs) / 1000;
    }
    return w.maxUs / 1000;
  };
  return {
    waits: w.waits,
    dispatches: w.dispatches,
    meanMs: w.sumUs / w.waits / 1000,
    p50MaxMs: bound(0.5),
    p99MaxMs: bound(0.99),
    maxMs: w.maxUs / 1000,
  };
}

/** A reading's windows as the app keeps them (common/sched.ts SchedWaits, without the host). */
interface Reading {
  sinceT: number;
  t: number;
  vms: readonly { vm: string; window: WaitCounters }[];
}

/**
 * One VM's waits over the readings that lie wholly inside [from, to) — the windows of a
 * before/after comparison (switch-windows.ts) or the recent past — and the time they cover.
 * A reading that straddles an edge (a switch happened during it) belongs to neither side.
 */
export function waitsOver(
  readings: readonly Reading[],
  vm: string,
  range: { from: number; to: number } = { from: -Infinity, to: Infinity },
): { waits: WaitCounters; coveredMs: number } {
  const waits = emptyWaits();
  let coveredMs = 0;
  for (const r of readings) {
    if (r.sinceT < range.from || r.t >= range.to || r.t <= r.sinceT) continue;
    const mine = r.vms.find((v) => v.vm === vm);
    if (!mine) continue;
    addWaits(waits, mine.window);
    coveredMs += r.t - r.sinceT;
  }
  return { waits, coveredMs };
}
