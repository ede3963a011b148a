/**
 * vSlicer's per-pCPU parameters (Section 3.1, Eq. 12), recomputed whenever the VM set or a class
 * on the pCPU changes (Section 4: "a VM initialization, a VM shutting down or any other event that
 * changes the number of VMs running on the particular CPU core").
 *
 *   T_S = m·T_NLSVM / n,   T_n = T_NLSVM / n,   T_m·r = T_NLSVM / n          (Eq. 12)
 *
 * Where Algorithm 1's requirements or Eq. 12's divisibility fail, the engine picks a documented
 * fallback and reports it as an EngineNotice (see README.md).
 */
import type { EngineNotice, SchedulerKind } from './notices';

/**
 * How a pCPU is scheduled:
 * - `credit`: Xen's credit scheduler (the baseline);
 * - `algorithm1`: vSlicer's Algorithm 1;
 * - `round-robin-microslices`: no NLSVM (Algorithm 1 needs num_nlsvm ≥ 1): LSVMs round-robin,
 *    each running its own microslice;
 * - `full-slices`: fewer than 3 VMs: every VM runs T_NLSVM slices round-robin.
 */
export type PcpuMode = 'credit' | 'algorithm1' | 'round-robin-microslices' | 'full-slices';

export interface LsvmSlice {
  /** Effective microslice T_m, µs. */
  microUs: number;
  /** Runs per T_S (Eq. 3); frequency ∝ 1/T_m (Section 6). */
  r: number;
  /** Micro credits per T_S = r·T_m ≈ T_n, µs. */
  tnUs: number;
}

export interface PcpuParams {
  mode: PcpuMode;
  m: number;
  n: number;
  tsliceUs: number;
  tsUs: number;
  tnUs: number;
  /** Per LSVM, keyed by the caller's key. Absent = NLSVM (or not microsliced in this mode). */
  lsvm: Map<number, LsvmSlice>;
  notices: EngineNotice[];
}

export interface ParamVm {
  key: number;
  domid: number;
  microsliceMs: number;
}

export function computePcpuParams(
  scheduler: SchedulerKind,
  pcpu: number,
  tsliceUs: number,
  vms: readonly ParamVm[],
): PcpuParams {
  const lsvms = vms.filter((v) => v.microsliceMs > 0);
  const m = lsvms.length;
  const n = vms.length - m;
  const out: PcpuParams = {
    mode: 'credit',
    m,
    n,
    tsliceUs,
    tsUs: 0,
    tnUs: 0,
    lsvm: new Map(),
    notices: [],
  };
  const note = (n0: Omit<EngineNotice, 'pcpu'>) => out.notices.push({ pcpu, ...n0 });

  if (scheduler === 'credit') {
    for (const v of lsvms) {
      note({
        code: 'microslice-ignored',
        severity: 'info',
        domid: v.domid,
        message: `domain ${v.domid} has a ${v.microsliceMs} ms microslice but the host runs the credit scheduler`,
        instead: 'it is scheduled as every other VM, with the credit time slice',
      });
    }
    return out;
  }
  if (m === 0) {
    out.mode = 'algorithm1';
    return out;
  }
  if (n === 0) {
    out.mode = 'round-robin-microslices';
    note({
      code: 'no-nlsvm',
      severity: 'warning',
      message: `pCPU ${pcpu} has ${m} LSVM(s) and no NLSVM; Algorithm 1 requires num_nlsvm ≥ 1 (T_n = T_NLSVM/n is undefined)`,
      instead:
        'the LSVMs share the core round-robin, each running its own microslice per turn (fair by round-robin, as credit with a short slice)',
    });
    for (const v of lsvms) {
      const microUs = Math.min(tsliceUs, Math.round(v.microsliceMs * 1000));
      out.lsvm.set(v.key, { microUs, r: 1, tnUs: microUs });
    }
    return out;
  }
  if (m + n < 3) {
    out.mode = 'full-slices';
    note({
      code: 'too-few-vms',
      severity: 'warning',
      message: `pCPU ${pcpu} has ${m + n} VM(s); Algorithm 1 requires num_lsvm + num_nlsvm ≥ 3 — with one NLSVM the LSVM waits its full T_NLSVM slice whatever T_m is`,
      instead:
        'every VM runs full T_NLSVM slices round-robin (no microslicing) until a third VM joins',
    });
    return out;
  }

  out.mode = 'algorithm1';
  const exactTn = tsliceUs / n;
  out.tnUs = Math.floor(exactTn);
  out.tsUs = out.tnUs * m;
  if (out.tnUs !== exactTn) {
    note({
      code: 'tn-not-whole-us',
      severity: 'info',
      message: `T_NLSVM/n = ${tsliceUs}/${n} µs is not a whole number of µs`,
      instead: `T_n is rounded down to ${out.tnUs} µs (each LSVM is short by < 1 µs per T_S)`,
    });
  }
  const distinct = new Set(lsvms.map((v) => v.microsliceMs));
  if (distinct.size > 1) {
    note({
      code: 'mixed-microslices',
      severity: 'info',
      message: `LSVMs on pCPU ${pcpu} have different microslices (${[...distinct].join(', ')} ms)`,
      instead:
        'Section 6 frequency policy: every LSVM still gets T_n per T_S, run r_i = T_n/T_m_i times (frequency ∝ 1/T_m_i), interleaved by the share of T_n each has used',
    });
  }
  for (const v of lsvms) out.lsvm.set(v.key, lsvmSlice(v, out.tnUs, note));
  return out;
}

/**
 * An LSVM's T_m, r and micro credits from its requested microslice and T_n (Eq. 3; the largest
 * equal split not above the request when T_m does not divide T_n). The hypervisor computes the
 * same per pool (`csched_vs_recompute`).
 */
export function lsvmSlice(
  v: ParamVm,
  tnUs: number,
  note: (n: Omit<EngineNotice, 'pcpu'>) => void = () => undefined,
): LsvmSlice {
  const reqUs = Math.round(v.microsliceMs * 1000);
  if (reqUs >= tnUs) {
    if (reqUs > tnUs) {
      note({
        code: 'microslice-exceeds-tn',
        severity: 'warning',
        domid: v.domid,
        message: `domain ${v.domid}: T_m = ${v.microsliceMs} ms exceeds T_n = T_NLSVM/n = ${tnUs / 1000} ms (Eq. 3 needs r ≥ 1)`,
        instead: `T_m is cut to T_n = ${tnUs / 1000} ms (r = 1)`,
      });
    }
    return { microUs: tnUs, r: 1, tnUs };
  }
  if (tnUs % reqUs === 0) return { microUs: reqUs, r: tnUs / reqUs, tnUs };
  // Keep the requested frequency or better without exceeding the requested microslice, so the
  // latency bound (m−1)·T_m ≤ T_l the operator chose still holds.
  const r = Math.ceil(tnUs / reqUs);
  const microUs = Math.floor(tnUs / r);
  note({
    code: 'microslice-not-divisor',
    severity: 'warning',
    domid: v.domid,
    message: `domain ${v.domid}: T_m = ${v.microsliceMs} ms does not divide T_NLSVM/n = ${tnUs / 1000} ms (Section 3.1)`,
    instead: `runs r = ${r} microslices of ${microUs / 1000} ms per T_S instead (the largest equal split not above the request)`,
  });
  return { microUs, r, tnUs: microUs * r };
}
