/** Validating a VmSpec and building the VM's initial state (host.ts adds it to the simulation). */
import { LatencyAccumulator } from '../../common/metrics/latency';
import { emptyWaits } from '../../common/metrics/sched-waits';
import { DEFAULT_WEIGHT } from '../../common/vslicer/credit-defaults';
import {
  TSLICE_MAX_MS,
  validateCap,
  validateMicroslice,
  validateWeight,
} from '../../common/vslicer/credit-limits';
import { type Result, fail, ok } from '../../common/result';
import { initialCredit } from './credit-accounting';
import { BLOCKED, PRI_UNDER, type Vm } from './state';
import { Prng } from './prng';
import type { VmSpec } from './types';
import { parseWorkloads } from './workload';

export const DEFAULT_MEM_KIB = 512 * 1024; // the paper's 512 MB guests (Section 5)

/** The simulation's VMs have one vCPU each: a cap above 100 % of one pCPU means nothing. */
export function checkCap(c: number): Result<number> {
  const v = validateCap(c);
  if (v.ok && c > 100) {
    return fail('invalid-cap', `Cap must be 0–100 (% of one pCPU; 0 = no cap), got ${c}.`);
  }
  return v;
}

/** Microslices in whole µs up to the largest slice the engine allows. */
export const checkMicroslice = (ms: number): Result<number> =>
  validateMicroslice(ms, TSLICE_MAX_MS, { wholeMs: false });

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

/** Xen's OUI 00:16:3e and a UUID, derived from the seed and domid so they are stable per run. */
function identity(seed: number, domid: number): { mac: string; uuid: string } {
  const r = new Prng(seed * 7919 + domid);
  const b = Array.from({ length: 16 }, () => Math.floor(r.next() * 256));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map(hex2).join('');
  const uuid = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  return { mac: `00:16:3e:${hex2(b[0]! & 0x7f)}:${hex2(b[1]!)}:${hex2(domid)}`, uuid };
}

export interface VmBuildContext {
  slot: number;
  domid: number;
  pcpus: number;
  seed: number;
  acctUs: number;
  lookbusyPeriodUs: number;
  rng: Prng;
}

export function buildVm(spec: VmSpec, ctx: VmBuildContext): Result<Vm> {
  if (typeof spec.name !== 'string' || spec.name.trim() === '')
    return fail('invalid-argument', 'A VM needs a name.');
  const work = parseWorkloads(spec.workloads ?? ['idle']);
  if (!work.ok) return work;
  const weight = validateWeight(spec.weight ?? DEFAULT_WEIGHT);
  if (!weight.ok) return weight;
  const cap = checkCap(spec.cap ?? 0);
  if (!cap.ok) return cap;
  const micro = checkMicroslice(spec.microsliceMs ?? 0);
  if (!micro.ok) return micro;
  const pcpu = spec.pcpu ?? 0;
  if (!Number.isInteger(pcpu) || pcpu < 0 || pcpu >= ctx.pcpus) {
    return fail(
      'invalid-argument',
      `VM ${spec.name}: pCPU ${pcpu} does not exist (host has ${ctx.pcpus}).`,
    );
  }
  const id = identity(ctx.seed, ctx.domid);
  return ok({
    slot: ctx.slot,
    gen: 0,
    removed: false,
    domid: ctx.domid,
    name: spec.name,
    uuid: id.uuid,
    mac: spec.mac ?? id.mac,
    ip: spec.ip,
    memKiB: spec.memKiB ?? DEFAULT_MEM_KIB,
    pcpu,
    weight: weight.value,
    cap: cap.value,
    microsliceMs: micro.value,
    work: work.value,
    state: BLOCKED,
    pri: PRI_UNDER,
    credit: initialCredit(ctx.acctUs),
    active: true,
    microCredit: 0,
    microUs: 0,
    tnUs: 0,
    lastSettleUs: 0,
    sliceStartUs: 0,
    runnableSinceUs: 0,
    dispatched: false,
    penaltyLeftUs: 0,
    lbPeriodIdx: -1,
    lbGotUs: 0,
    // lookbusy instances do not start in step with each other.
    lbPhaseUs: Math.floor(ctx.rng.next() * ctx.lookbusyPeriodUs),
    pkts: [],
    pktHead: 0,
    headLeftUs: 0,
    cpuUs: 0,
    usefulUs: 0,
    switches: 0,
    latency: new LatencyAccumulator(),
    waits: emptyWaits(),
    rxPackets: 0,
    rxBytes: 0,
    txPackets: 0,
    txBytes: 0,
    requestsServed: 0,
  });
}
