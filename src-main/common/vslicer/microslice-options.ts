import type { HostSched, MicroslicePlan } from '../sched';
import { DEFAULT_TSLICE_MS } from './credit-defaults';
import { plan } from './planner';

/** The paper's typical microslice (Section 5 uses T_m = 5 ms): proposed when it divides T_n. */
const PREFERRED_MAX_MS = 5;

/**
 * What making `domid` an LSVM would do (Eq. 12, Section 4): the whole-ms microslices up to
 * T_n, each with the planner's predicted best, worst and mean latency and whether it divides T_n. All guests are
 * taken to share one pCPU, as on the demo host and in the paper's setup.
 */
export function planMicroslice(sched: HostSched, domid: number): MicroslicePlan {
  const tsliceMs = sched.tsliceMs ?? DEFAULT_TSLICE_MS;
  const vm = sched.vms.find((v) => v.domid === domid);
  const others = sched.vms.filter((v) => v.domid !== domid);
  const lsvmCount = others.filter((v) => v.vmClass === 'LSVM').length + 1;
  const nlsvmCount = others.filter((v) => v.vmClass === 'NLSVM').length;
  const errors: string[] = [];
  if (!vm) errors.push(`No VM with id ${domid} in the scheduler listing.`);
  if (!sched.switchable)
    errors.push(sched.readOnlyReason ?? 'Classes cannot be switched on this host.');
  const base = plan({ lsvm: lsvmCount, nlsvm: nlsvmCount, tsliceMs, microsliceMs: 1 });
  errors.push(...base.errors);
  if (errors.length > 0)
    return { tsliceMs, lsvmCount, nlsvmCount, proposedMs: null, options: [], errors };

  const options = wholeMs(base.tnMs).map((microsliceMs) => {
    const p = plan({ lsvm: lsvmCount, nlsvm: nlsvmCount, tsliceMs, microsliceMs });
    return {
      microsliceMs,
      worstCaseLatencyMs: p.worstCaseLatencyMs,
      bestCaseLatencyMs: p.bestCaseLatencyMs,
      meanLatencyMs: p.meanLatencyMs,
      contextSwitchRatio: p.contextSwitchRatio,
      divides: p.divides,
      effectiveMs: p.tmMs,
    };
  });
  // A divisor of T_n up to the paper's 5 ms; when T_n has none (e.g. 30 ms / 4 = 7.5 ms), the
  // largest whole ms up to 5, which the scheduler runs as equal parts of T_n (engine notice).
  const small = options.filter((o) => o.microsliceMs <= PREFERRED_MAX_MS);
  const preferred = small.filter((o) => o.divides).at(-1) ?? small.at(-1) ?? options[0];
  return {
    tsliceMs,
    lsvmCount,
    nlsvmCount,
    proposedMs: preferred?.microsliceMs ?? null,
    options,
    errors,
  };
}

/** Whole-ms microslices from 1 ms up to T_n (`xl sched-vslicer -m` takes whole ms). */
function wholeMs(tnMs: number): number[] {
  return Array.from({ length: Math.max(0, Math.floor(tnMs)) }, (_, i) => i + 1);
}
