import { z } from 'zod';
import { HostIdSchema } from './model';
import { VmClassSchema, type HostSched } from './sched';

/**
 * The LSVM advisor's vocabulary: what the console observed of each VM over a window (evidence),
 * which VMs it would make LSVMs and why (ranking), and what the scheduling engine predicts a
 * switch would do (what-if). The advisor only advises: switching stays the operator's click.
 * The JSON shape of `vslicer advise --json` is this contract (docs/advice-json.md).
 */

/** Scheduling waits of a VM over the window, where the host counts them (vslicer-ctl -w). */
export const WaitEvidenceSchema = z.object({
  /** Dispatches per second: how often it is put on a pCPU (wake-ups and slices). */
  runsPerS: z.number(),
  meanMs: z.number().nullable(),
  /** Bucket bound below which 99 % of the waits lie (common/metrics/sched-waits.ts). */
  p99MaxMs: z.number().nullable(),
});

export const RttEvidenceSchema = z.object({
  count: z.number().int(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});

export const VmEvidenceSchema = z.object({
  vm: z.string(),
  domid: z.number().int(),
  vmClass: VmClassSchema,
  microsliceMs: z.number(),
  /** xentop samples of the VM in the window (with a CPU figure). */
  samples: z.number().int(),
  /** Mean share of its pCPUs and mean fair share (common/metrics/fair-share.ts), 0–1. */
  share: z.number().nullable(),
  fairShare: z.number().nullable(),
  /** Share of samples in which xentop showed it running (`r`), blocked (`b`), or neither: runnable but not running. */
  runningRatio: z.number().nullable(),
  blockedRatio: z.number().nullable(),
  waitingRatio: z.number().nullable(),
  /** NETTX + NETRX per second over the window, KiB/s; null where xentop gave no counters. */
  netKiBPerS: z.number().nullable(),
  /** null where the host gives no scheduling waits. */
  waits: WaitEvidenceSchema.nullable(),
  /** null where the VM has no RTT probes (see `rttMissing`). */
  rtt: RttEvidenceSchema.nullable(),
  /** Why there are no RTTs: no probe address, no rounds answered yet. */
  rttMissing: z.string().nullable(),
  /** The planner's worst-case wait as an LSVM at its microslice (Eq. 12), ms; null where it cannot plan. */
  lsvmWorstCaseMs: z.number().nullable(),
  /** The planner's microslice for it (its current one if it is an LSVM). */
  plannedMicrosliceMs: z.number().nullable(),
});
export type VmEvidence = z.infer<typeof VmEvidenceSchema>;

export const VerdictSchema = z.enum([
  /** I/O-bound, waits long: an LSVM would bound its wait. */
  'candidate',
  /** Too little evidence to judge (no samples yet). */
  'unknown',
  /** Already waits no longer than an LSVM would. */
  'no-gain',
  /** Already an LSVM. */
  'lsvm',
  /** CPU-bound: an LSVM loses throughput (the paper's Fig. 11) and gains nothing. */
  'cpu-bound',
]);
export type Verdict = z.infer<typeof VerdictSchema>;

export const RankedVmSchema = z.object({
  vm: z.string(),
  domid: z.number().int(),
  /** 1 = the best candidate. */
  rank: z.number().int(),
  verdict: VerdictSchema,
  /** Expected wait saved per event, ms (observed median less the LSVM's planned mean wait); 0 when none. */
  gainMs: z.number(),
  /** The evidence in plain words, most telling first. */
  reasons: z.array(z.string()),
});
export type RankedVm = z.infer<typeof RankedVmSchema>;

export const AdviceSchema = z.object({
  hostId: HostIdSchema,
  /** Wall-clock ms the window ends at, and its length. */
  t: z.number(),
  windowMs: z.number(),
  evidence: z.array(VmEvidenceSchema),
  /** Every guest, best candidate first, CPU-bound VMs last. */
  ranking: z.array(RankedVmSchema),
  /** What limits the advice on this host (no waits, no samples, switching disabled). */
  notes: z.array(z.string()),
});
export type Advice = z.infer<typeof AdviceSchema>;

/** The candidates of an advice, best first, each with the planner's microslice for it. */
export function candidatesOf(a: Advice): { vm: string; domid: number; microsliceMs: number }[] {
  const out: { vm: string; domid: number; microsliceMs: number }[] = [];
  for (const r of a.ranking) {
    const ms = a.evidence.find((e) => e.vm === r.vm)?.plannedMicrosliceMs;
    if (r.verdict === 'candidate' && ms) out.push({ vm: r.vm, domid: r.domid, microsliceMs: ms });
  }
  return out;
}

/**
 * What a what-if depends on in a host's scheduler listing, as one string: the pool's slice and
 * rate limit, and every VM's class, microslice, weight, cap and pCPUs. The engine runs the host
 * as listed, so a prediction made under one key is stale under another — another VM's class
 * switch changes what the candidate competes with. '' for no listing.
 */
export function whatIfListingKey(s: HostSched | null): string {
  if (!s) return '';
  const vms = [...s.vms]
    .sort((a, b) => a.domid - b.domid)
    .map(
      (v) =>
        `${v.domid}:${v.vmClass}:${v.microsliceMs}:${v.weight}:${v.cap}:${v.pool ?? ''}:${v.pcpus?.join(',') ?? '*'}`,
    );
  return [s.tsliceMs, s.ratelimitUs, ...vms].join('|');
}

/** A figure over the seeds of a what-if: their mean and extremes. */
export const SpreadSchema = z.object({ mean: z.number(), min: z.number(), max: z.number() });
export type Spread = z.infer<typeof SpreadSchema>;

export const ScenarioOutcomeSchema = z.object({
  /** The candidate's class and microslice in this scenario. */
  microsliceMs: z.number(),
  rttP50Ms: SpreadSchema,
  rttP99Ms: SpreadSchema,
  /** Every VM's share of its pCPUs, 0–1. */
  shares: z.array(z.object({ vm: z.string(), share: SpreadSchema })),
  contextSwitchesPerS: SpreadSchema,
});
export type ScenarioOutcome = z.infer<typeof ScenarioOutcomeSchema>;

export const WhatIfSchema = z.object({
  hostId: HostIdSchema,
  vm: z.string(),
  domid: z.number().int(),
  microsliceMs: z.number(),
  seeds: z.array(z.number().int()),
  /** Simulated seconds per run. */
  simulatedS: z.number(),
  /** The host as observed: classes as they are now. */
  now: ScenarioOutcomeSchema,
  /** The same host with the candidate an LSVM at `microsliceMs`. */
  asLsvm: ScenarioOutcomeSchema,
  /** How the observed host was turned into the engine's (one line per VM and one per choice). */
  model: z.array(z.string()),
  /** Wall-clock ms the runs took. */
  elapsedMs: z.number(),
});
export type WhatIf = z.infer<typeof WhatIfSchema>;

/** A switch's prediction and, once probes after it came in, what the host showed. */
export const PredictionCheckSchema = z.object({
  hostId: HostIdSchema,
  switchId: z.string(),
  vm: z.string(),
  microsliceMs: z.number(),
  /** When the switch was done. */
  t: z.number(),
  predictedP50Ms: z.number(),
  predictedP99Ms: z.number(),
  observedP50Ms: z.number().nullable(),
  observedP99Ms: z.number().nullable(),
  /** RTTs behind the observed figures. */
  observedCount: z.number().int(),
  /** (predicted − observed) / observed of the median, %; null until observed. */
  p50ErrorPct: z.number().nullable(),
});
export type PredictionCheck = z.infer<typeof PredictionCheckSchema>;

/**
 * What `vslicer advise --json` prints (docs/advice-json.md; its JSON Schema is
 * docs/advice-schema.json): per host, the advice, the what-if of the best candidate when
 * `--predict` asked for it, and the predictions the console checked against what followed.
 */
export const AdviseOutputSchema = z.object({
  tool: z.literal('vslicer advise'),
  version: z.string(),
  source: z.object({
    kind: z.enum(['journal', 'live']),
    /** The journal directory; null for a live host. */
    path: z.string().nullable(),
  }),
  hosts: z.array(
    z.object({
      hostId: z.string(),
      name: z.string(),
      advice: AdviceSchema,
      prediction: WhatIfSchema.nullable(),
      checks: z.array(PredictionCheckSchema),
    }),
  ),
});
export type AdviseOutput = z.infer<typeof AdviseOutputSchema>;

/** The JSON Schema committed as docs/advice-schema.json (a spec checks they agree). */
export function adviseJsonSchema(): string {
  const schema = z.toJSONSchema(AdviseOutputSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ title: 'vslicer advise --json', ...schema }, null, 2)}\n`;
}
