/**
 * The planner: vSlicer's schedule on one pCPU worked out on paper, from m LSVMs,
 * n NLSVMs, T_NLSVM and either a microslice T_m or a target latency T_l (Section 3.1). The dashboard
 * uses it to propose a microslice; invalid input comes back as errors, never as a throw.
 *
 * Latencies are an LSVM's waits between two of its runs (the paper's "scheduling latency"):
 * - worst case = the wave crest T_NLSVM + (m−1)·T_m;
 * - best case  = (m−1)·T_m, between its microslices inside T_S (needs m > 1 and r > 1);
 * - mean       = mean wait between runs = (m+n−1)·T_NLSVM / (n·r) — the paper's "15 ms average
 *                latency" for m = n = 2, T_m = 5 ms (with m = 1 the microslices run back to back,
 *                so r counts as 1);
 * - meanWaitForArrivalMs = expected wait of an event arriving at a random instant, Σgap²/(2·T_P):
 *                what a ping sees on top of the network delay.
 * The context-switch ratio compares switches per period T_P with credit's at the same T_NLSVM:
 * n·(1 + m·r) / (m + n) — 3.5 for the paper's m = n = 2, T_m = 5 ms ("only by 3×").
 */
import { computePcpuParams } from './params';

export interface PlanInput {
  lsvm: number;
  nlsvm: number;
  tsliceMs: number;
  microsliceMs?: number;
  targetLatencyMs?: number;
}

export interface PlanResult {
  m: number;
  n: number;
  tsliceMs: number;
  /** T_S, T_n (Eq. 12), ms. */
  tsMs: number;
  tnMs: number;
  /** T_m the engine would run (after divisibility handling), ms, and r = T_n / T_m. */
  tmMs: number;
  r: number;
  /** ⌊T_l/(m−1)⌋ when a target latency was given (m > 1), else null. */
  tmUpperBoundMs: number | null;
  /** Whether the requested (or proposed) T_m divides T_NLSVM/n. */
  divides: boolean;
  /** Largest whole-ms divisor of T_n within the bound, when planning from a target latency. */
  proposedMicrosliceMs: number | null;
  periodMs: number;
  bestCaseLatencyMs: number;
  worstCaseLatencyMs: number;
  meanLatencyMs: number;
  meanWaitForArrivalMs: number;
  /** Every VM's wait under the credit scheduler: (m+n−1)·T_NLSVM. */
  creditLatencyMs: number;
  contextSwitchRatio: number;
  errors: string[];
  notices: string[];
}

const isNat = (x: number) => Number.isInteger(x) && x >= 0;

function emptyResult(input: PlanInput, errors: string[]): PlanResult {
  return {
    m: input.lsvm,
    n: input.nlsvm,
    tsliceMs: input.tsliceMs,
    tsMs: 0,
    tnMs: 0,
    tmMs: 0,
    r: 0,
    tmUpperBoundMs: null,
    divides: false,
    proposedMicrosliceMs: null,
    periodMs: 0,
    bestCaseLatencyMs: 0,
    worstCaseLatencyMs: 0,
    meanLatencyMs: 0,
    meanWaitForArrivalMs: 0,
    creditLatencyMs: 0,
    contextSwitchRatio: 0,
    errors,
    notices: [],
  };
}

function validate(i: PlanInput): string[] {
  const e: string[] = [];
  if (!isNat(i.lsvm) || i.lsvm < 1) e.push(`m (--lsvm) must be an integer ≥ 1, got ${i.lsvm}.`);
  if (!isNat(i.nlsvm) || i.nlsvm < 1)
    e.push(
      `n (--nlsvm) must be an integer ≥ 1 (Algorithm 1 requires num_nlsvm ≥ 1), got ${i.nlsvm}.`,
    );
  if (isNat(i.lsvm) && isNat(i.nlsvm) && i.lsvm + i.nlsvm < 3) {
    e.push(
      `m + n must be ≥ 3 (Algorithm 1); with ${i.lsvm + i.nlsvm} VMs an LSVM waits a full T_NLSVM whatever T_m is.`,
    );
  }
  if (!Number.isInteger(i.tsliceMs) || i.tsliceMs < 1 || i.tsliceMs > 1000) {
    e.push(`T_NLSVM (--tslice) must be an integer 1–1000 ms, got ${i.tsliceMs}.`);
  }
  const hasTm = i.microsliceMs !== undefined;
  const hasTl = i.targetLatencyMs !== undefined;
  if (hasTm === hasTl)
    e.push(
      'Give exactly one of a microslice (--microslice) or a target latency (--target-latency).',
    );
  if (hasTm && !(i.microsliceMs! > 0 && Number.isInteger(i.microsliceMs! * 1000))) {
    e.push(`Microslice must be > 0 ms in whole µs, got ${i.microsliceMs}.`);
  }
  if (hasTl && !(i.targetLatencyMs! > 0))
    e.push(`Target latency must be > 0 ms, got ${i.targetLatencyMs}.`);
  return e;
}

export function plan(input: PlanInput): PlanResult {
  const errors = validate(input);
  if (errors.length > 0) return emptyResult(input, errors);
  const { lsvm: m, nlsvm: n, tsliceMs: T } = input;
  const tnUs = Math.floor((T * 1000) / n);
  const out = emptyResult(input, []);
  let tmReqMs = input.microsliceMs;
  if (input.targetLatencyMs !== undefined) {
    const bound = m > 1 ? Math.floor(input.targetLatencyMs / (m - 1)) : tnUs / 1000;
    out.tmUpperBoundMs = m > 1 ? bound : null;
    if (bound < 1) {
      out.errors.push(
        `T_l = ${input.targetLatencyMs} ms allows T_m ≤ ⌊T_l/(m−1)⌋ = ${bound} ms: no whole-ms microslice fits.`,
      );
      return out;
    }
    let best = 0;
    for (let d = 1; d <= Math.min(bound, tnUs / 1000); d++) if (tnUs % (d * 1000) === 0) best = d;
    if (best === 0) best = Math.min(bound, Math.floor(tnUs / 1000));
    out.proposedMicrosliceMs = best;
    tmReqMs = best;
    if (m === 1)
      out.notices.push(
        'With one LSVM there is no (m−1)·T_m term: T_l does not bound T_m; proposing T_m = T_n.',
      );
  }
  const params = computePcpuParams(
    'vslicer',
    0,
    T * 1000,
    Array.from({ length: m + n }, (_, k) => ({
      key: k,
      domid: k + 1,
      microsliceMs: k < m ? tmReqMs! : 0,
    })),
  );
  const slice = params.lsvm.get(0)!;
  const reqUs = Math.round(tmReqMs! * 1000);
  if (reqUs > tnUs)
    out.errors.push(
      `T_m = ${tmReqMs} ms exceeds T_n = T_NLSVM/n = ${tnUs / 1000} ms (Eq. 3 needs r ≥ 1).`,
    );
  out.divides = reqUs <= tnUs && tnUs % reqUs === 0 && tnUs * n === T * 1000;
  for (const nt of params.notices)
    if (nt.domid === undefined || nt.domid === 1) out.notices.push(`${nt.message}; ${nt.instead}.`);
  const tm = slice.microUs / 1000;
  const r = slice.r;
  const rEff = m === 1 ? 1 : r;
  out.tsMs = params.tsUs / 1000;
  out.tnMs = tnUs / 1000;
  out.tmMs = tm;
  out.r = r;
  out.periodMs = (m + n) * T;
  out.worstCaseLatencyMs = T + (m - 1) * tm;
  out.bestCaseLatencyMs = m > 1 && r > 1 ? (m - 1) * tm : out.worstCaseLatencyMs;
  out.meanLatencyMs = ((m + n - 1) * T) / (n * rEff);
  const small = (m - 1) * tm;
  const sumSq = n * (rEff - 1) * small * small + n * out.worstCaseLatencyMs ** 2;
  out.meanWaitForArrivalMs = sumSq / (2 * out.periodMs);
  out.creditLatencyMs = (m + n - 1) * T;
  out.contextSwitchRatio = (n * (1 + m * rEff)) / (m + n);
  if (input.targetLatencyMs !== undefined && out.worstCaseLatencyMs > input.targetLatencyMs) {
    out.notices.push(
      `T_l bounds the wait inside T_S only: the wave crest T_NLSVM + (m−1)·T_m = ${out.worstCaseLatencyMs} ms still exceeds it, as NLSVM slices are never cut.`,
    );
  }
  return out;
}
