/**
 * `vslicer sim experiment`: N VMs vm1…vmN on one pCPU, vm1…vmK LSVMs, every VM
 * running the same workload and answering pings; optionally a ping series to one of them. The run
 * lasts the requested duration, extended if needed until the last ping has replied or timed out.
 */
import { DEFAULT_TSLICE_MS } from '../../common/vslicer/credit-defaults';
import { type Result, fail, ok } from '../../common/result';
import { SimHost } from './host';
import { jainIndex } from '../../common/metrics/fairness';
import { type LatencySummaryMs, summarize } from './stats';
import type { EngineNotice, SchedulerKind } from '../../common/vslicer/notices';
import { parseWorkloads } from './workload';

export interface ExperimentInput {
  scheduler: SchedulerKind;
  vms: number;
  lsvm: number;
  tsliceMs: number;
  microsliceMs: number;
  workload: string;
  /** VM name to ping (vm1…vmN), or null for no ping. */
  ping: string | null;
  pingCount: number;
  pingIntervalMs: number;
  durationS: number;
  seed: number;
}

export const EXPERIMENT_DEFAULTS: ExperimentInput = {
  scheduler: 'vslicer',
  vms: 4,
  lsvm: 0,
  tsliceMs: DEFAULT_TSLICE_MS,
  microsliceMs: 5,
  workload: 'lookbusy:40',
  ping: null,
  pingCount: 100,
  pingIntervalMs: 1000,
  durationS: 10,
  seed: 1,
};

export interface ExperimentVm {
  name: string;
  class: 'LSVM' | 'NLSVM';
  /** T_m actually used, ms (0 for an NLSVM). */
  microsliceMs: number;
  /** CPU time / run time, 0–1. */
  cpuShare: number;
  /** CPU time less cache-refill penalties / run time: a CPU-bound benchmark's throughput. */
  usefulShare: number;
  schedLatencyMs: LatencySummaryMs;
  contextSwitches: number;
}

export interface ExperimentResult {
  scheduler: SchedulerKind;
  tsliceMs: number;
  workload: string;
  seed: number;
  durationS: number;
  vms: ExperimentVm[];
  ping: {
    target: string;
    count: number;
    received: number;
    lost: number;
    rttMs: LatencySummaryMs;
  } | null;
  contextSwitchesPerS: number;
  jainFairness: number;
  notices: EngineNotice[];
}

function validate(i: ExperimentInput): Result<void> {
  const bad = (m: string) => fail('invalid-argument', m);
  if (!Number.isInteger(i.vms) || i.vms < 1 || i.vms > 64)
    return bad(`--vms must be 1–64, got ${i.vms}.`);
  if (!Number.isInteger(i.lsvm) || i.lsvm < 0 || i.lsvm > i.vms)
    return bad(`--lsvm must be 0–${i.vms}, got ${i.lsvm}.`);
  if (i.lsvm > 0 && !(i.microsliceMs > 0))
    return bad('--microslice must be > 0 when there are LSVMs.');
  if (!(i.durationS > 0 && i.durationS <= 86_400))
    return bad(`--duration must be 0–86400 s, got ${i.durationS}.`);
  if (!Number.isInteger(i.seed)) return bad(`--seed must be an integer, got ${i.seed}.`);
  const w = parseWorkloads([i.workload]);
  if (!w.ok) return w;
  if (i.ping !== null) {
    const m = /^vm(\d+)$/.exec(i.ping);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > i.vms)
      return bad(`--ping must name one of vm1…vm${i.vms}, got ${i.ping}.`);
    if (!Number.isInteger(i.pingCount) || i.pingCount < 1 || i.pingCount > 100_000)
      return bad('--ping-count must be 1–100000.');
    if (!(i.pingIntervalMs >= 1 && i.pingIntervalMs <= 60_000))
      return bad('--ping-interval-ms must be 1–60000.');
  }
  return ok(undefined);
}

export function runExperiment(input: ExperimentInput): Result<ExperimentResult> {
  const valid = validate(input);
  if (!valid.ok) return valid;
  const created = SimHost.create({
    pcpus: 1,
    scheduler: input.scheduler,
    tsliceMs: input.tsliceMs,
    seed: input.seed,
    vms: Array.from({ length: input.vms }, (_, k) => ({
      name: `vm${k + 1}`,
      microsliceMs: k < input.lsvm ? input.microsliceMs : 0,
      workloads: [input.workload, 'ping'],
    })),
  });
  if (!created.ok) return created;
  const host = created.value;
  const timeoutMs = 1000;
  let probe = null;
  if (input.ping !== null) {
    const target = host.liveVms().find((v) => v.name === input.ping)!;
    const started = host.ping(target.domid, {
      count: input.pingCount,
      intervalMs: input.pingIntervalMs,
      timeoutMs,
    });
    if (!started.ok) return started;
    probe = started.value;
  }
  const runUs = Math.max(Math.round(input.durationS * 1e6), probe ? probe.doneAtUs : 0);
  host.advanceTo(runUs);
  const stats = host.allVmStats();
  const vms = stats.map((s) => ({
    name: s.name,
    class: s.class,
    microsliceMs: s.effectiveMicrosliceMs,
    cpuShare: s.cpuUs / runUs,
    usefulShare: s.usefulUs / runUs,
    schedLatencyMs: s.schedLatencyMs,
    contextSwitches: s.contextSwitches,
  }));
  let ping: ExperimentResult['ping'] = null;
  if (probe && input.ping !== null) {
    const rtts = probe.rttMs().filter((r): r is number => typeof r === 'number');
    ping = {
      target: input.ping,
      count: input.pingCount,
      received: rtts.length,
      lost: input.pingCount - rtts.length,
      rttMs: summarize(rtts),
    };
  }
  return ok({
    scheduler: input.scheduler,
    tsliceMs: input.tsliceMs,
    workload: input.workload,
    seed: input.seed,
    durationS: runUs / 1e6,
    vms,
    ping,
    contextSwitchesPerS: host.totalContextSwitches() / (runUs / 1e6),
    // Equal weights: Jain's index over the shares; 1 when nothing ran at all.
    jainFairness: jainIndex(vms.map((v) => v.cpuShare)) ?? 1,
    notices: host.notices(),
  });
}
