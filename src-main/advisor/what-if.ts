import type { ScenarioOutcome, Spread, VmEvidence, WhatIf } from '../common/advice';
import { placements } from '../common/metrics/fair-share';
import { summarizeLatency } from '../common/metrics/latency';
import { DOM0_NAME } from '../common/model';
import type { HostSched } from '../common/sched';
import { DEFAULT_RATELIMIT_US, DEFAULT_TSLICE_MS } from '../common/vslicer/credit-defaults';
import { Prng, SimHost, type VmSpec } from '../sim/engine';

/**
 * What-if: the scheduling engine runs the host as the console observed it — its VMs, weights,
 * caps, classes and the pool's tslice, each VM's measured CPU demand as its load, the probed VMs
 * answering pings — once as it is and once with the candidate an LSVM, over several seeds, and
 * reports the candidate's ping RTT, every VM's share and the context switches per second.
 *
 * How the observed becomes the engine's (each choice is listed in the result's `model`):
 * - only the VMs that compete for the candidate's pCPUs (its cpupool and affinity, as the fair
 *   share counts them) are run, on as many pCPUs as they share; Domain-0 has a core of its own;
 * - a VM that xentop showed blocked in at least BLOCKS_SOMETIMES of its samples got all the CPU
 *   it wanted, so its measured CPU is its demand: `lookbusy:PCT` (PCT % of a pCPU in every 100 ms,
 *   then asleep). One that hardly ever blocked wanted at least what it got: `cpu`, and the
 *   scheduler decides its share (that is what Fig. 7 shows of lookbusy VMs that cannot reach
 *   their target);
 * - every VM the console probes answers pings; the candidate is probed as the console probes it
 *   (`probe`: a round of `count` echo requests every `intervalSec`), from WARMUP_S on, and its
 *   RTTs are summarised as the dashboard does. Each round starts up to half an interval late,
 *   as the console's rounds do (they wait for the host's poll scheduler and SSH): rounds exactly
 *   2 s apart would meet a 150 ms scheduling period (the demo host's) in only three phases, and
 *   their median would miss the one a real console sees by a tenth or more.
 */
const BLOCKS_SOMETIMES = 0.2;
const WARMUP_S = 1;
export const DEFAULT_SEEDS = [1, 2, 3, 4] as const;
export const DEFAULT_SIMULATED_S = 40;
/** The console's own probe rounds (hosts/controls/latency-prober.ts) unless the caller says. */
export const DEFAULT_PROBE: WhatIfProbe = { intervalSec: 2, count: 5, echoIntervalMs: 200 };

export interface WhatIfProbe {
  intervalSec: number;
  count: number;
  echoIntervalMs: number;
}

export interface WhatIfInput {
  hostId: string;
  sched: HostSched;
  evidence: readonly VmEvidence[];
  /** pCPUs the guests share where the listing does not say where VMs run. */
  guestPcpus: number;
  domid: number;
  microsliceMs: number;
  seeds?: readonly number[];
  simulatedS?: number;
  probe?: WhatIfProbe;
}

interface HostModel {
  pcpus: number;
  vms: VmSpec[];
  candidate: string;
  lines: string[];
}

function loadOf(e: VmEvidence | undefined): { tokens: string[]; says: string } {
  if (!e || e.samples === 0 || e.share === null)
    return { tokens: ['cpu'], says: 'no samples: assumed CPU-bound' };
  const cpuPct = Math.round(e.share * 100);
  if ((e.blockedRatio ?? 0) >= BLOCKS_SOMETIMES) {
    if (cpuPct < 1) return { tokens: ['idle'], says: 'blocked, under 1 % CPU: idle' };
    return {
      tokens: [`lookbusy:${cpuPct}`],
      says: `blocked in ${Math.round(e.blockedRatio! * 100)} % of samples: its ${cpuPct} % CPU is its demand (lookbusy:${cpuPct})`,
    };
  }
  return { tokens: ['cpu'], says: `hardly ever blocked at ${cpuPct} % CPU: wants more (cpu)` };
}

/** The engine's host for the candidate's pCPUs, and how each VM was modelled. */
export function modelHost(input: WhatIfInput): HostModel | string {
  const { sched } = input;
  const cand = sched.vms.find((v) => v.domid === input.domid);
  if (!cand) return `No VM with id ${input.domid} in the scheduler listing.`;
  const place = placements(sched.vms).get(cand.name);
  const group =
    place && place.group.length > 0
      ? sched.vms.filter((v) => place.group.includes(v.name))
      : sched.vms.filter((v) => v.name !== DOM0_NAME);
  const pcpus = Math.max(1, place?.capacity ?? input.guestPcpus);
  const byName = new Map(input.evidence.map((e) => [e.vm, e]));
  const lines = [
    `${group.length} VMs on ${pcpus} pCPU${pcpus === 1 ? '' : 's'}, tslice ${sched.tsliceMs ?? DEFAULT_TSLICE_MS} ms, ratelimit ${sched.ratelimitUs ?? DEFAULT_RATELIMIT_US} µs.`,
  ];
  const vms = group.map((v, i): VmSpec => {
    const e = byName.get(v.name);
    const load = loadOf(e);
    const pings = v.domid === cand.domid || (e?.rtt?.count ?? 0) > 0;
    lines.push(
      `${v.name}: weight ${v.weight}, cap ${v.cap}, ${v.vmClass === 'LSVM' ? `LSVM ${v.microsliceMs} ms` : 'NLSVM'}; ${load.says}${pings ? '; answers pings' : ''}.`,
    );
    return {
      name: v.name,
      domid: v.domid > 0 ? v.domid : undefined,
      weight: v.weight > 0 ? v.weight : undefined,
      cap: Math.min(100, Math.max(0, v.cap)),
      microsliceMs: v.vmClass === 'LSVM' ? v.microsliceMs : 0,
      // Spread over the group's pCPUs as Xen's load balancing would keep one vCPU each busy.
      pcpu: i % pcpus,
      workloads: pings ? [...load.tokens, 'ping'] : load.tokens,
    };
  });
  return { pcpus, vms, candidate: cand.name, lines };
}

interface RunFigures {
  p50: number;
  p99: number;
  shares: Map<string, number>;
  csPerS: number;
}

function runOnce(
  model: HostModel,
  sched: HostSched,
  seed: number,
  simulatedS: number,
  probe: WhatIfProbe,
  candidateMs: number | null,
): RunFigures | string {
  const vms = model.vms.map((v) =>
    v.name === model.candidate && candidateMs !== null ? { ...v, microsliceMs: candidateMs } : v,
  );
  const created = SimHost.create({
    pcpus: model.pcpus,
    scheduler: 'vslicer',
    tsliceMs: sched.tsliceMs ?? DEFAULT_TSLICE_MS,
    ratelimitUs: sched.ratelimitUs ?? DEFAULT_RATELIMIT_US,
    seed,
    vms,
  });
  if (!created.ok) return created.error.message;
  const host = created.value;
  host.advanceTo(WARMUP_S * 1e6);
  const target = host.liveVms().find((v) => v.name === model.candidate)!;
  const cpu0 = new Map(host.allVmStats().map((s) => [s.name, s.cpuUs]));
  const cs0 = host.totalContextSwitches();
  const rtts: (number | null)[] = [];
  const roundUs = probe.intervalSec * 1e6;
  const late = new Prng(seed * 7 + 1);
  for (let t = WARMUP_S * 1e6; t < simulatedS * 1e6; t += roundUs) {
    host.at(t + Math.floor(late.next() * roundUs * 0.5), (h) => {
      const p = h.ping(target.domid, {
        count: probe.count,
        intervalMs: probe.echoIntervalMs,
        timeoutMs: 1000,
      });
      if (p.ok) h.at(p.value.doneAtUs, () => rtts.push(...p.value.rttMs().map((r) => r ?? null)));
    });
  }
  // The last round's replies (or timeouts) come in after the simulated time proper.
  const endUs =
    simulatedS * 1e6 + Math.ceil(probe.count * probe.echoIntervalMs * 1.1 + 1000) * 1000;
  host.advanceTo(endUs);
  const runUs = endUs - WARMUP_S * 1e6;
  const rtt = summarizeLatency(rtts);
  const shares = new Map(
    host
      .allVmStats()
      .map((s) => [s.name, (s.cpuUs - (cpu0.get(s.name) ?? 0)) / runUs / model.pcpus]),
  );
  return {
    p50: rtt.p50Ms ?? NaN,
    p99: rtt.p99Ms ?? NaN,
    shares,
    csPerS: (host.totalContextSwitches() - cs0) / (runUs / 1e6),
  };
}

function spread(xs: readonly number[]): Spread {
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return {
    mean: ok.reduce((a, b) => a + b, 0) / ok.length,
    min: Math.min(...ok),
    max: Math.max(...ok),
  };
}

function outcome(model: HostModel, runs: RunFigures[], microsliceMs: number): ScenarioOutcome {
  return {
    microsliceMs,
    rttP50Ms: spread(runs.map((r) => r.p50)),
    rttP99Ms: spread(runs.map((r) => r.p99)),
    shares: model.vms.map((v) => ({
      vm: v.name,
      share: spread(runs.map((r) => r.shares.get(v.name) ?? 0)),
    })),
    contextSwitchesPerS: spread(runs.map((r) => r.csPerS)),
  };
}

/** Both scenarios over every seed, here and now (what-if-thread.ts runs it off the main thread). */
export function runWhatIf(input: WhatIfInput): WhatIf | string {
  const started = performance.now();
  const model = modelHost(input);
  if (typeof model === 'string') return model;
  const seeds = [...(input.seeds ?? DEFAULT_SEEDS)];
  const simulatedS = input.simulatedS ?? DEFAULT_SIMULATED_S;
  const cand = input.sched.vms.find((v) => v.domid === input.domid)!;
  const now: RunFigures[] = [];
  const after: RunFigures[] = [];
  for (const seed of seeds) {
    const probe = input.probe ?? DEFAULT_PROBE;
    const a = runOnce(model, input.sched, seed, simulatedS, probe, null);
    const b = runOnce(model, input.sched, seed, simulatedS, probe, input.microsliceMs);
    if (typeof a === 'string') return a;
    if (typeof b === 'string') return b;
    now.push(a);
    after.push(b);
  }
  return {
    hostId: input.hostId,
    vm: cand.name,
    domid: cand.domid,
    microsliceMs: input.microsliceMs,
    seeds,
    simulatedS,
    now: outcome(model, now, cand.vmClass === 'LSVM' ? cand.microsliceMs : 0),
    asLsvm: outcome(model, after, input.microsliceMs),
    model: model.lines,
    elapsedMs: performance.now() - started,
  };
}
