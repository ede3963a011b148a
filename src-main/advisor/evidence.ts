import type { VmEvidence } from '../common/advice';
import { FairShareCalculator } from '../common/metrics/fair-share';
import { guestShares } from '../common/metrics/fairness';
import { collectRtts, summarize } from '../common/metrics/rtt';
import { summarizeWaits, waitsOver } from '../common/metrics/sched-waits';
import { DOM0_NAME, type HostSample } from '../common/model';
import type { HostSched, LatencySample, ProbeTarget, SchedWaits } from '../common/sched';
import { planMicroslice } from '../common/vslicer/microslice-options';

/**
 * What the console observed of each guest over a window, from what the host stores already hold:
 * xentop samples (CPU share against the fair share, the state letters, network counters), the
 * scheduling waits where the hypervisor counts them, and the ping RTTs — every figure through the
 * shared metrics (common/metrics), so the advice and the dashboard read the same numbers.
 */
export interface EvidenceInput {
  sched: HostSched | null;
  samples: readonly HostSample[];
  latency: readonly LatencySample[];
  waits: readonly SchedWaits[];
  probeTargets?: readonly ProbeTarget[];
  /** pCPUs the guests share where the listing does not say where VMs run. */
  guestPcpus: number;
  window: { from: number; to: number };
}

interface Tally {
  samples: number;
  share: number;
  fair: number;
  running: number;
  blocked: number;
  paused: number;
  firstNet: { t: number; kiB: number } | null;
  lastNet: { t: number; kiB: number } | null;
}

const newTally = (): Tally => ({
  samples: 0,
  share: 0,
  fair: 0,
  running: 0,
  blocked: 0,
  paused: 0,
  firstNet: null,
  lastNet: null,
});

/**
 * xentop's STATE is six letters `dsbcpr` (docs/host-formats.md §1.5), `-` where a flag is off: a
 * vCPU neither running nor blocked (nor paused) is runnable and waiting for a pCPU.
 */
function tallySamples(input: EvidenceInput): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const fair = new FairShareCalculator(input.sched, input.guestPcpus);
  for (const s of input.samples) {
    if (s.t < input.window.from || s.t > input.window.to) continue;
    const ents = new Map(fair.entitlements(guestShares(s)).map((e) => [e.name, e]));
    for (const d of s.domains) {
      if (d.name === DOM0_NAME) continue;
      let t = out.get(d.name);
      if (!t) out.set(d.name, (t = newTally()));
      if (d.netKiB !== undefined) {
        t.firstNet ??= { t: s.t, kiB: d.netKiB };
        t.lastNet = { t: s.t, kiB: d.netKiB };
      }
      const e = ents.get(d.name);
      if (!e) continue;
      t.samples++;
      t.share += e.share;
      t.fair += e.fairShare;
      if (d.state.includes('r')) t.running++;
      else if (d.state.includes('b')) t.blocked++;
      else if (d.state.includes('p')) t.paused++;
    }
  }
  return out;
}

function netRate(t: Tally | undefined): number | null {
  if (!t?.firstNet || !t.lastNet || t.lastNet.t <= t.firstNet.t) return null;
  const kiB = t.lastNet.kiB - t.firstNet.kiB;
  // A counter that went down: the domain was re-created in the window.
  return kiB < 0 ? null : (kiB * 1000) / (t.lastNet.t - t.firstNet.t);
}

/** Each guest's evidence, in the listing's order (or the samples' where there is no listing). */
export function gatherEvidence(input: EvidenceInput): VmEvidence[] {
  const tallies = tallySamples(input);
  const guests =
    input.sched?.vms.filter((v) => v.name !== DOM0_NAME) ??
    [...tallies.keys()].map((name, i) => ({
      name,
      domid: -(i + 1),
      vmClass: 'NLSVM' as const,
      microsliceMs: 0,
    }));
  const inWin = (t: number) => t >= input.window.from && t <= input.window.to;
  const rounds = input.latency.filter((r) => inWin(r.t));
  const readings = input.waits.filter((r) => r.unavailable === null);
  return guests.map((v) => {
    const t = tallies.get(v.name);
    const n = t?.samples ?? 0;
    const ratio = (x: number) => (n === 0 ? null : x / n);
    const rtts = collectRtts(rounds.filter((r) => r.vm === v.name));
    const rttSummary = rtts.rtts.length > 0 ? summarize(rtts) : null;
    const w = waitsOver(readings, v.name, input.window);
    const ws = w.coveredMs > 0 ? summarizeWaits(w.waits) : null;
    const plan = input.sched && v.domid >= 0 ? planMicroslice(input.sched, v.domid) : null;
    const plannedMs = v.vmClass === 'LSVM' ? v.microsliceMs : (plan?.proposedMs ?? null);
    const option = plan?.options.find((o) => o.microsliceMs === plannedMs) ?? null;
    return {
      vm: v.name,
      domid: v.domid,
      vmClass: v.vmClass,
      microsliceMs: v.microsliceMs,
      samples: n,
      share: ratio(t?.share ?? 0),
      fairShare: ratio(t?.fair ?? 0),
      runningRatio: ratio(t?.running ?? 0),
      blockedRatio: ratio(t?.blocked ?? 0),
      waitingRatio: ratio(n - (t?.running ?? 0) - (t?.blocked ?? 0) - (t?.paused ?? 0)),
      netKiBPerS: netRate(t),
      waits:
        ws === null
          ? null
          : {
              runsPerS: (ws.dispatches * 1000) / w.coveredMs,
              meanMs: ws.meanMs,
              p99MaxMs: ws.p99MaxMs,
            },
      rtt: rttSummary && {
        count: rttSummary.count,
        p50Ms: rttSummary.p50,
        p99Ms: rttSummary.p99,
      },
      rttMissing: rttSummary ? null : whyNoRtt(v.name, rtts.lost, input.probeTargets),
      lsvmWorstCaseMs: option?.worstCaseLatencyMs ?? null,
      plannedMicrosliceMs: plannedMs,
    };
  });
}

function whyNoRtt(vm: string, lost: number, targets?: readonly ProbeTarget[]): string {
  const target = targets?.find((p) => p.vm === vm);
  if (target && !target.address)
    return `it has no probe address (${target.problem ?? 'none discovered or entered'})`;
  if (lost > 0) return `none of its ${lost} echo requests in the window was answered`;
  return 'no probe round reached it in the window';
}
