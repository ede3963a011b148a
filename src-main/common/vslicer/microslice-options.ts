import { placements } from '../metrics/fair-share';
import { DOM0_NAME } from '../model';
import type { HostSched, MicrosliceOption, MicroslicePlan, VmSched } from '../sched';
import { DEFAULT_TSLICE_MS } from './credit-defaults';
import { plan } from './planner';

/** The paper's typical microslice (Section 5 uses T_m = 5 ms): proposed when it divides T_n. */
const PREFERRED_MAX_MS = 5;

/**
 * What making `domid` an LSVM would do (Eq. 12, Section 4): the whole-ms microslices up to
 * T_n, each with the planner's predicted best, worst and mean latency and whether it divides
 * T_n. The LSVMs and NLSVMs counted are those that compete for the VM's pCPUs (its cpupool and
 * affinity, where the host said); where it did not, every guest but Domain-0, as in the paper's
 * setup (dom0 on a core of its own).
 */
export function planMicroslice(sched: HostSched, domid: number): MicroslicePlan {
  const tsliceMs = sched.tsliceMs ?? DEFAULT_TSLICE_MS;
  const vm = sched.vms.find((v) => v.domid === domid);
  const others = vm ? competitors(sched, vm) : [];
  const lsvmCount = others.filter((v) => v.vmClass === 'LSVM').length + 1;
  const nlsvmCount = others.filter((v) => v.vmClass === 'NLSVM').length;
  const errors: string[] = [];
  if (!vm) errors.push(`No VM with id ${domid} in the scheduler listing.`);
  if (!sched.switchable)
    errors.push(sched.readOnlyReason ?? 'Classes cannot be switched on this host.');
  const base = plan({ lsvm: lsvmCount, nlsvm: nlsvmCount, tsliceMs, microsliceMs: 1 });
  errors.push(...base.errors);
  if (errors.length > 0)
    return { tsliceMs, lsvmCount, nlsvmCount, proposedMs: null, options: [], errors, note: null };

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
    note: lsvmCount === 1 ? loneLsvmNote(tsliceMs, nlsvmCount, base.tnMs) : null,
  };
}

/** The figures an option row shows, each only where the options differ in it. */
export const OPTION_FIGURES = [
  'worstCaseLatencyMs',
  'meanLatencyMs',
  'contextSwitchRatio',
] as const;
export type OptionFigure = (typeof OPTION_FIGURES)[number];

/** Which figures differ between the options (to 0.05 ms / 0.05×, the precision shown). */
export function varyingFigures(options: readonly MicrosliceOption[]): Set<OptionFigure> {
  const out = new Set<OptionFigure>();
  for (const f of OPTION_FIGURES) {
    const values = options.map((o) => Math.round(o[f] * 20));
    if (new Set(values).size > 1) out.add(f);
  }
  return out;
}

/** The VMs that share the VM's pCPUs: its placement group, or every guest but Domain-0. */
function competitors(sched: HostSched, vm: VmSched): VmSched[] {
  const group = placements(sched.vms).get(vm.name)?.group ?? [];
  if (group.length > 0)
    return sched.vms.filter((v) => v.domid !== vm.domid && group.includes(v.name));
  return sched.vms.filter((v) => v.domid !== vm.domid && v.name !== DOM0_NAME);
}

/**
 * Why T_m changes no prediction for a lone LSVM: its microslices follow one another with no
 * other VM between them (the (m−1)·T_m term of the worst case is 0).
 */
function loneLsvmNote(tsliceMs: number, n: number, tnMs: number): string {
  const credit = n * tsliceMs;
  return (
    `As the only LSVM it runs ${tnMs} ms after every NLSVM slice, so it waits at most one ` +
    `${tsliceMs} ms slice instead of ${credit} ms. Its microslices follow one another with no ` +
    `other VM between them, so the microslice changes none of these figures: the worst case ` +
    `T_NLSVM + (m−1)·T_m has no T_m term while m = 1. It starts to matter when a second VM on ` +
    `this pCPU becomes an LSVM: then the LSVMs take turns of T_m and each waits (m−1)·T_m ` +
    `between its own.`
  );
}

/** Whole-ms microslices from 1 ms up to T_n (`xl sched-vslicer -m` takes whole ms). */
function wholeMs(tnMs: number): number[] {
  return Array.from({ length: Math.max(0, Math.floor(tnMs)) }, (_, i) => i + 1);
}

/**
 * An LSVM's worst-case latency as the planner predicts it for the microslice it runs (Eq. 12):
 * the line the latency chart draws, the gauge the exposition writes and the bound the in-app alert
 * judges its p99 against. null for an NLSVM or where the planner makes no plan.
 */
export function plannedWorstCaseMs(sched: HostSched, vm: VmSched): number | null {
  if (vm.vmClass !== 'LSVM') return null;
  const option = planMicroslice(sched, vm.domid).options.find(
    (o) => o.microsliceMs === vm.microsliceMs,
  );
  return option?.worstCaseLatencyMs ?? null;
}
