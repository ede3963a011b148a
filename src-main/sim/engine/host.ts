/**
 * A simulated Xen host: the engine's public face (index.ts). Builds the VMs, advances simulated
 * time, answers snapshots and probes, and applies run-time controls — every control returns a
 * Result instead of throwing. Changes apply at the current simulated instant; a
 * class switch takes effect at the pCPU's next scheduling decision (Section 4).
 */
import { DEFAULT_RATELIMIT_US, DEFAULT_TSLICE_MS } from '../../common/vslicer/credit-defaults';
import {
  validateRatelimit,
  validateTslice,
  validateWeight,
} from '../../common/vslicer/credit-limits';
import { type Result, fail, ok } from '../../common/result';
import type { SimHostSnapshot } from '../snapshot';
import { EV_CONTROL } from './core';
import { BLOCKED, PARKED, QUEUED, RUNNING, type Vm, removeFrom } from './state';
import type { PingProbe } from './ping-probe';
import { buildSnapshot } from './snapshot-builder';
import { type LatencySummaryMs, summaryMs } from './stats';
import { TrafficCore } from './traffic';
import type { EngineNotice } from '../../common/vslicer/notices';
import { DEFAULT_TIMING, type HostSpec, type PingOptions, type VmSpec } from './types';
import { buildVm, checkCap, checkMicroslice } from './vm-factory';
import { hasDemand } from './vm-work';

export interface VmStats {
  domid: number;
  name: string;
  pcpu: number;
  /** Class as scheduled now: LSVM only when vSlicer microslices it. */
  class: 'LSVM' | 'NLSVM';
  microsliceMs: number;
  /** T_m actually used (after Eq. 12 adjustments), ms; 0 for an NLSVM. */
  effectiveMicrosliceMs: number;
  weight: number;
  cap: number;
  cpuUs: number;
  /** CPU time minus cache-refill penalties: what a CPU-bound benchmark gets done. */
  usefulUs: number;
  contextSwitches: number;
  schedLatencyMs: LatencySummaryMs;
  requestsServed: number;
  state: 'running' | 'runnable' | 'blocked' | 'parked';
}

export class SimHost extends TrafficCore {
  readonly hostname: string;
  private nextDomid = 1;
  private readonly controls: ((host: SimHost) => void)[] = [];

  private constructor(
    spec: HostSpec,
    private readonly seed: number,
  ) {
    super(
      spec.scheduler,
      spec.pcpus,
      spec.tsliceMs ?? DEFAULT_TSLICE_MS,
      spec.ratelimitUs ?? DEFAULT_RATELIMIT_US,
      seed,
      {
        ...DEFAULT_TIMING,
        ...spec.timing,
      },
    );
    this.hostname = spec.hostname ?? 'vslicer-sim';
  }

  static create(spec: HostSpec): Result<SimHost> {
    if (spec.scheduler !== 'credit' && spec.scheduler !== 'vslicer') {
      return fail(
        'invalid-argument',
        `Scheduler must be credit or vslicer, got ${String(spec.scheduler)}.`,
      );
    }
    if (!Number.isInteger(spec.pcpus) || spec.pcpus < 1 || spec.pcpus > 256) {
      return fail('invalid-argument', `pCPU count must be an integer 1–256, got ${spec.pcpus}.`);
    }
    const ts = validateTslice(spec.tsliceMs ?? DEFAULT_TSLICE_MS);
    if (!ts.ok) return ts;
    const rl = validateRatelimit(spec.ratelimitUs ?? DEFAULT_RATELIMIT_US, ts.value);
    if (!rl.ok) return rl;
    const host = new SimHost(spec, spec.seed ?? 1);
    for (const vm of spec.vms) {
      const r = host.addVm(vm);
      if (!r.ok) return r;
    }
    return ok(host);
  }

  get nowUs(): number {
    return this.now;
  }

  /** Advances simulated time to timeUs (never backwards). Deterministic and chunk-independent. */
  advanceTo(timeUs: number): void {
    if (timeUs > this.now) this.runUntil(Math.floor(timeUs));
  }

  runFor(durationUs: number): void {
    this.advanceTo(this.now + durationUs);
  }

  snapshot(): SimHostSnapshot {
    return buildSnapshot(this);
  }

  notices(): EngineNotice[] {
    return this.pcpus.flatMap((p) => p.params.notices);
  }

  /** A run-time event at a future simulated time: add/remove VM, class, weight… */
  at(timeUs: number, action: (host: SimHost) => void): void {
    this.controls.push(action);
    this.q.push(Math.max(this.now, timeUs), EV_CONTROL, this.controls.length - 1, 0);
  }

  protected onControl(index: number): void {
    this.controls[index]!(this);
  }

  liveVms(): Vm[] {
    return this.vms.filter((v) => !v.removed);
  }

  private find(domid: number): Result<Vm> {
    const vm = this.vms.find((v) => v.domid === domid && !v.removed);
    return vm ? ok(vm) : fail('unknown-domain', `No running domain with id ${domid}.`);
  }

  addVm(spec: VmSpec): Result<{ domid: number }> {
    const domid = spec.domid ?? this.nextDomid;
    if (!Number.isInteger(domid) || domid < 1 || domid > 32767) {
      return fail('invalid-argument', `Domain id must be 1–32767, got ${domid}.`);
    }
    if (this.vms.some((v) => v.domid === domid && !v.removed)) {
      return fail('invalid-argument', `Domain id ${domid} is already in use.`);
    }
    if (this.vms.some((v) => v.name === spec.name && !v.removed)) {
      return fail('invalid-argument', `A domain named "${spec.name}" already exists.`);
    }
    const built = buildVm(spec, {
      slot: this.vms.length,
      domid,
      pcpus: this.pcpus.length,
      seed: this.seed,
      acctUs: this.timing.acctUs,
      lookbusyPeriodUs: this.timing.lookbusyPeriodUs,
      rng: this.rng,
    });
    if (!built.ok) return built;
    const vm = built.value;
    this.nextDomid = Math.max(this.nextDomid, domid + 1);
    this.vms.push(vm);
    const p = this.pcpus[vm.pcpu]!;
    p.vms.push(vm);
    this.recompute(p);
    vm.runnableSinceUs = this.now;
    if (hasDemand(vm, this.now, this.timing.lookbusyPeriodUs)) this.wake(vm);
    this.startRequests(vm);
    return ok({ domid });
  }

  removeVm(domid: number): Result<void> {
    const found = this.find(domid);
    if (!found.ok) return found;
    const vm = found.value;
    const p = this.pcpus[vm.pcpu]!;
    if (vm.state === QUEUED) removeFrom(p.runq, vm);
    const wasRunning = vm.state === RUNNING;
    if (wasRunning) this.settleVm(vm);
    vm.state = BLOCKED;
    vm.removed = true;
    vm.gen++;
    for (let i = vm.pktHead; i < vm.pkts.length; i++) this.packets.release(vm.pkts[i]!);
    vm.pkts.length = 0;
    vm.pktHead = 0;
    removeFrom(p.vms, vm);
    if (p.lastVm === vm) p.lastVm = null;
    this.recompute(p);
    if (wasRunning) this.schedule(p);
    return ok(undefined);
  }

  /** `xl sched-vslicer -d DOM -m MS`: 0 = NLSVM. Effective at the next scheduling decision. */
  setMicroslice(domid: number, microsliceMs: number): Result<void> {
    if (this.scheduler !== 'vslicer') {
      return fail('not-supported', 'This host runs the credit scheduler, which has no microslice.');
    }
    const ms = checkMicroslice(microsliceMs);
    if (!ms.ok) return ms;
    const found = this.find(domid);
    if (!found.ok) return found;
    found.value.microsliceMs = ms.value;
    this.recompute(this.pcpus[found.value.pcpu]!);
    return ok(undefined);
  }

  setWeight(domid: number, weight: number): Result<void> {
    const w = validateWeight(weight);
    if (!w.ok) return w;
    const found = this.find(domid);
    if (!found.ok) return found;
    found.value.weight = w.value;
    return ok(undefined);
  }

  setCap(domid: number, cap: number): Result<void> {
    const c = checkCap(cap);
    if (!c.ok) return c;
    const found = this.find(domid);
    if (!found.ok) return found;
    const vm = found.value;
    vm.cap = c.value;
    if (vm.state === PARKED && vm.cap === 0) this.applyCaps(this.pcpus[vm.pcpu]!);
    return ok(undefined);
  }

  /** Pool time slice = T_NLSVM; T_S, T_n, T_m are recomputed (Eq. 12). */
  setTslice(tsliceMs: number): Result<void> {
    const ts = validateTslice(tsliceMs);
    if (!ts.ok) return ts;
    if (this.ratelimitUs > ts.value * 1000) this.ratelimitUs = ts.value * 1000;
    this.tsliceUs = ts.value * 1000;
    for (const p of this.pcpus) this.recompute(p);
    return ok(undefined);
  }

  setRatelimit(ratelimitUs: number): Result<void> {
    const rl = validateRatelimit(ratelimitUs, this.tsliceUs / 1000);
    if (!rl.ok) return rl;
    this.ratelimitUs = rl.value;
    return ok(undefined);
  }

  /** Ping from Domain-0; results fill in as simulated time passes (see PingProbe). */
  ping(domid: number, options: PingOptions): Result<PingProbe> {
    const found = this.find(domid);
    if (!found.ok) return found;
    const { count, intervalMs = 1000, timeoutMs = 1000 } = options;
    if (!Number.isInteger(count) || count < 1 || count > 1_000_000) {
      return fail('invalid-argument', `Ping count must be an integer ≥ 1, got ${count}.`);
    }
    if (
      !(intervalMs >= 1 && intervalMs <= 3_600_000) ||
      !(timeoutMs >= 1 && timeoutMs <= 3_600_000)
    ) {
      return fail('invalid-argument', 'Ping interval and timeout must be 1 ms – 1 h.');
    }
    return ok(
      this.startPingProbe(
        found.value,
        count,
        Math.round(intervalMs * 1000),
        Math.round(timeoutMs * 1000),
      ),
    );
  }

  vmStats(domid: number): VmStats | undefined {
    const vm = this.vms.find((v) => v.domid === domid && !v.removed);
    if (!vm) return undefined;
    const running = vm.state === RUNNING ? this.now - vm.lastSettleUs : 0;
    const states = ['blocked', 'runnable', 'running', 'parked'] as const;
    return {
      domid: vm.domid,
      name: vm.name,
      pcpu: vm.pcpu,
      class: vm.microUs > 0 ? 'LSVM' : 'NLSVM',
      microsliceMs: vm.microsliceMs,
      effectiveMicrosliceMs: vm.microUs / 1000,
      weight: vm.weight,
      cap: vm.cap,
      cpuUs: vm.cpuUs + running,
      usefulUs: vm.usefulUs + Math.max(0, running - vm.penaltyLeftUs),
      contextSwitches: vm.switches,
      schedLatencyMs: summaryMs(vm.latency),
      requestsServed: vm.requestsServed,
      state: states[vm.state]!,
    };
  }

  allVmStats(): VmStats[] {
    return this.liveVms().map((v) => this.vmStats(v.domid)!);
  }

  /** Context switches (VM changes) summed over pCPUs since boot. */
  totalContextSwitches(): number {
    return this.pcpus.reduce((a, p) => a + p.switches, 0);
  }
}
