import type { RankedVm, Verdict, VmEvidence } from '../common/advice';

/**
 * Which VMs an LSVM would help, from their evidence (evidence.ts). vSlicer helps a VM whose work
 * comes in short bursts that wait for the CPU behind other VMs' slices: an I/O-bound VM, mostly
 * blocked or busy on the network, that waits long (Section 2). It costs a CPU-bound VM throughput
 * — every microslice refills caches — and gains it nothing (Fig. 11), so such a VM is ranked last.
 *
 * The thresholds are the plain-word ones the reasons print:
 * - blocked in at least half the samples: "mostly blocked";
 * - network traffic of NET_ACTIVE_KIB_PER_S or more: busy on the network. The console's own probes
 *   cost a VM about 0.5 KiB/s (5 echo requests of 98 bytes each way every 2 s), so the threshold
 *   is far above them and below a quiet service (a VoIP gateway at 50 packets/s of 200 bytes);
 * - CPU-bound: hardly ever blocked (under 20 % of samples) and using at least 90 % of its fair
 *   share, with no network activity to speak of;
 * - waits long: its ping RTT p99 (or, without RTTs, its scheduling waits' p99) above the planner's
 *   worst-case wait as an LSVM, or, with neither, runnable but not running in most samples.
 */
export const NET_ACTIVE_KIB_PER_S = 8;
const MOSTLY_BLOCKED = 0.5;
const RARELY_BLOCKED = 0.2;
const USES_ENTITLEMENT = 0.9;
const MIN_SAMPLES = 3;

const ORDER: Record<Verdict, number> = {
  candidate: 0,
  unknown: 1,
  'no-gain': 2,
  lsvm: 3,
  'cpu-bound': 4,
};

const pct = (x: number) => `${Math.round(x * 100)} %`;
const ms = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} ms`;
const kib = (x: number) => `${x < 10 ? x.toFixed(1) : Math.round(x)} KiB/s`;

function isIoBound(e: VmEvidence): boolean {
  return (e.blockedRatio ?? 0) >= MOSTLY_BLOCKED || (e.netKiBPerS ?? 0) >= NET_ACTIVE_KIB_PER_S;
}

function isCpuBound(e: VmEvidence): boolean {
  if (isIoBound(e) || e.share === null || e.fairShare === null || e.fairShare <= 0) return false;
  return (e.blockedRatio ?? 0) < RARELY_BLOCKED && e.share >= USES_ENTITLEMENT * e.fairShare;
}

/** The wait it sees now (ms) and where that figure comes from; null without one. */
function observedWait(e: VmEvidence): { p50: number; p99: number; from: string } | null {
  if (e.rtt?.p50Ms != null && e.rtt.p99Ms != null)
    return { p50: e.rtt.p50Ms, p99: e.rtt.p99Ms, from: 'ping RTT' };
  if (e.waits?.meanMs != null && e.waits.p99MaxMs != null)
    return { p50: e.waits.meanMs, p99: e.waits.p99MaxMs, from: 'scheduling wait' };
  return null;
}

function waitsLong(e: VmEvidence): boolean {
  const seen = observedWait(e);
  if (seen && e.lsvmWorstCaseMs !== null) return seen.p99 > e.lsvmWorstCaseMs;
  return (e.waitingRatio ?? 0) >= 0.5;
}

/**
 * Wait saved per event: the median it sees now less what an event arriving at a random instant
 * waits on average within the LSVM's worst-case gap (half of it). For ranking, not a prediction:
 * the what-if (what-if.ts) predicts.
 */
function gainOf(e: VmEvidence): number {
  const seen = observedWait(e);
  if (!seen || e.lsvmWorstCaseMs === null) return 0;
  return Math.max(0, seen.p50 - e.lsvmWorstCaseMs / 2);
}

export function verdictOf(e: VmEvidence): Verdict {
  if (e.vmClass === 'LSVM') return 'lsvm';
  if (e.samples < MIN_SAMPLES) return 'unknown';
  if (isCpuBound(e)) return 'cpu-bound';
  return isIoBound(e) && waitsLong(e) ? 'candidate' : 'no-gain';
}

function headline(e: VmEvidence, v: Verdict): string {
  const at = e.plannedMicrosliceMs === null ? '' : ` at ${e.plannedMicrosliceMs} ms`;
  const bound = e.lsvmWorstCaseMs === null ? '' : ` to ${ms(e.lsvmWorstCaseMs)}`;
  switch (v) {
    case 'candidate':
      return `I/O-bound and waits long for the CPU: as an LSVM${at} its wait would be bounded${bound}.`;
    case 'unknown':
      return `Too few samples to judge yet (${e.samples}).`;
    case 'lsvm':
      return `Already an LSVM (${e.microsliceMs} ms).`;
    case 'cpu-bound':
      return 'CPU-bound: it uses all the CPU it is given and hardly waits for I/O; as an LSVM it would lose throughput to cache refills (the paper’s Fig. 11) and gain nothing.';
    case 'no-gain':
      return isIoBound(e)
        ? `It does I/O but waits no longer than an LSVM would${bound ? ` (worst case ${ms(e.lsvmWorstCaseMs!)})` : ''}.`
        : 'No sign of I/O (rarely blocked, little network traffic): latency is not what holds it back.';
  }
}

/** The evidence in plain words, the verdict first. */
export function reasonsOf(e: VmEvidence, v: Verdict): string[] {
  const out = [headline(e, v)];
  if (e.share !== null && e.fairShare !== null)
    out.push(`Uses ${pct(e.share)} of its pCPU; its fair share is ${pct(e.fairShare)}.`);
  if (e.blockedRatio !== null && e.runningRatio !== null && e.waitingRatio !== null)
    out.push(
      `xentop showed it blocked in ${pct(e.blockedRatio)} of samples, running in ${pct(e.runningRatio)}, runnable but not running in ${pct(e.waitingRatio)}.`,
    );
  out.push(
    e.netKiBPerS === null
      ? 'No network counters in the window.'
      : e.netKiBPerS >= NET_ACTIVE_KIB_PER_S
        ? `Busy on the network: ${kib(e.netKiBPerS)}.`
        : `Little network traffic: ${kib(e.netKiBPerS)}.`,
  );
  if (e.waits && e.waits.meanMs !== null)
    out.push(
      `Put on a pCPU ${e.waits.runsPerS.toFixed(1)} times a second; its scheduling waits average ${ms(e.waits.meanMs)}, 99 % under ${ms(e.waits.p99MaxMs!)}.`,
    );
  if (e.rtt && e.rtt.p50Ms !== null) {
    const worst =
      e.lsvmWorstCaseMs === null
        ? ''
        : `, against a worst-case wait of ${ms(e.lsvmWorstCaseMs)} as an LSVM`;
    out.push(
      `Ping RTT median ${ms(e.rtt.p50Ms)}, p99 ${ms(e.rtt.p99Ms!)} (${e.rtt.count} replies)${worst}.`,
    );
  } else if (e.rttMissing) {
    out.push(
      `No ping RTTs: ${e.rttMissing}; judged on xentop${e.waits ? ' and the scheduling waits' : ''} alone.`,
    );
  }
  return out;
}

/** Every guest ranked: candidates by the wait they would save, then the rest, CPU-bound last. */
export function rank(evidence: readonly VmEvidence[]): RankedVm[] {
  const judged = evidence.map((e) => ({ e, v: verdictOf(e), gain: gainOf(e) }));
  judged.sort(
    (a, b) =>
      ORDER[a.v] - ORDER[b.v] ||
      b.gain - a.gain ||
      (a.v === 'cpu-bound' ? (a.e.share ?? 0) - (b.e.share ?? 0) : 0) ||
      a.e.vm.localeCompare(b.e.vm),
  );
  return judged.map(({ e, v, gain }, i) => ({
    vm: e.vm,
    domid: e.domid,
    rank: i + 1,
    verdict: v,
    gainMs: v === 'candidate' || v === 'no-gain' ? gain : 0,
    reasons: reasonsOf(e, v),
  }));
}
