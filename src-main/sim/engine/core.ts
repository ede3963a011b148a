/**
 * The discrete-event core: integer µs time, one binary-heap event queue, a seeded
 * PRNG. It owns the mechanics shared by both schedulers — stopping, picking, timing and waking VMs,
 * ticks and accounting — and delegates queue placement to a SchedPolicy (sched-policy.ts).
 * Traffic (pings, requests) lives in traffic.ts, VM creation and run-time controls in host.ts.
 */
import { accountPcpu } from './credit-accounting';
import { EventQueue } from './event-queue';
import {
  BLOCKED,
  PARKED,
  PRI_BOOST,
  PRI_UNDER,
  QUEUED,
  RUNNING,
  type Pcpu,
  type Vm,
  removeFrom,
} from './state';
import { Prng } from './prng';
import { countWait } from '../../common/metrics/sched-waits';
import {
  creditPolicy,
  roundRobinMicroPolicy,
  type SchedPolicy,
  vslicerPolicy,
} from './sched-policy';
import type { SchedulerKind } from '../../common/vslicer/notices';
import type { EngineTiming } from './types';
import { type PacketSink, hasDemand, nextInternalEvent, nextLookbusyWake, settle } from './vm-work';
import { type PcpuMode, computePcpuParams } from '../../common/vslicer/params';

export const EV_TIMER = 0;
export const EV_TICK = 1;
export const EV_ACCT = 2;
export const EV_PACKET = 3;
export const EV_LB_WAKE = 4;
export const EV_RR = 5;
export const EV_PING_SEND = 6;
export const EV_CONTROL = 7;

function policyFor(mode: PcpuMode): SchedPolicy {
  if (mode === 'credit') return creditPolicy;
  if (mode === 'round-robin-microslices') return roundRobinMicroPolicy;
  return vslicerPolicy;
}

export abstract class SchedCore implements PacketSink {
  now = 0;
  readonly q = new EventQueue();
  readonly rng: Prng;
  readonly vms: Vm[] = [];
  readonly pcpus: Pcpu[] = [];
  tsliceUs: number;
  ratelimitUs: number;

  constructor(
    readonly scheduler: SchedulerKind,
    pcpuCount: number,
    tsliceMs: number,
    ratelimitUs: number,
    seed: number,
    readonly timing: EngineTiming,
  ) {
    this.rng = new Prng(seed);
    this.tsliceUs = tsliceMs * 1000;
    this.ratelimitUs = ratelimitUs;
    for (let i = 0; i < pcpuCount; i++) {
      const params = computePcpuParams(scheduler, i, this.tsliceUs, []);
      this.pcpus.push({
        index: i,
        runq: [],
        cur: null,
        lastVm: null,
        sliceEndUs: 0,
        timerGen: 0,
        vms: [],
        params,
        policy: policyFor(params.mode),
        switches: 0,
      });
    }
    this.q.push(0, EV_TICK, 0, 0);
    this.q.push(0, EV_ACCT, 0, 0);
  }

  abstract packetDone(vm: Vm, slot: number, atUs: number): void;
  abstract burstOf(slot: number): number;
  protected abstract onPacket(slot: number): void;
  protected abstract onRr(vmSlot: number, gen: number): void;
  protected abstract onPingSend(probe: number, seq: number): void;
  protected abstract onControl(index: number): void;

  /** Processes every event up to and including `untilUs`; chunking does not change the result. */
  runUntil(untilUs: number): void {
    const q = this.q;
    while (q.peekTime() <= untilUs) {
      q.pop();
      this.now = q.popTime;
      switch (q.popKind) {
        case EV_TIMER: {
          const p = this.pcpus[q.popA]!;
          if (p.timerGen === q.popB) this.onTimer(p);
          break;
        }
        case EV_TICK:
          this.onTick();
          break;
        case EV_ACCT:
          this.onAcct();
          break;
        case EV_PACKET:
          this.onPacket(q.popA);
          break;
        case EV_LB_WAKE:
          this.onLookbusyWake(q.popA, q.popB);
          break;
        case EV_RR:
          this.onRr(q.popA, q.popB);
          break;
        case EV_PING_SEND:
          this.onPingSend(q.popA, q.popB);
          break;
        case EV_CONTROL:
          this.onControl(q.popA);
          break;
      }
    }
    if (untilUs > this.now) this.now = untilUs;
  }

  settleVm(vm: Vm): void {
    if (vm.state === RUNNING) settle(vm, this.now, this.timing.lookbusyPeriodUs, this);
  }

  private onTimer(p: Pcpu): void {
    const vm = p.cur;
    if (!vm) return;
    settle(vm, this.now, this.timing.lookbusyPeriodUs, this);
    if (!hasDemand(vm, this.now, this.timing.lookbusyPeriodUs)) {
      this.block(vm);
      this.schedule(p);
    } else if (this.now >= p.sliceEndUs) {
      this.schedule(p);
    } else {
      this.arm(p);
    }
  }

  private block(vm: Vm): void {
    vm.state = BLOCKED;
    if (vm.work.lookbusyPct > 0) {
      this.q.push(
        nextLookbusyWake(vm, this.now, this.timing.lookbusyPeriodUs),
        EV_LB_WAKE,
        vm.slot,
        vm.gen,
      );
    }
  }

  /** do_schedule: stop the running VM (if any), place it, run the head of the queue. */
  schedule(p: Pcpu): void {
    const now = this.now;
    const cur = p.cur;
    if (cur) {
      settle(cur, now, this.timing.lookbusyPeriodUs, this);
      const ran = now - cur.sliceStartUs;
      if (cur.state === RUNNING) {
        cur.state = QUEUED;
        cur.runnableSinceUs = now;
        p.policy.requeue(p, cur, ran);
      } else {
        p.policy.stopped(p, cur, ran);
      }
    }
    p.timerGen++;
    const next = p.runq.length > 0 ? p.runq.shift()! : null;
    p.cur = next;
    if (!next) return;
    next.state = RUNNING;
    if (next !== cur) {
      // A vCPU's first run is no wait (it became runnable when it was created); the hypervisor's
      // wait statistics skip it the same way.
      if (next.dispatched) {
        next.latency.add((now - next.runnableSinceUs) / 1000);
        countWait(next.waits, now - next.runnableSinceUs);
      }
      next.dispatched = true;
      if (next !== p.lastVm) {
        next.switches++;
        next.waits.dispatches++;
        p.switches++;
        next.penaltyLeftUs = this.timing.switchPenaltyUs;
      }
    }
    p.lastVm = next;
    next.sliceStartUs = now;
    next.lastSettleUs = now;
    p.sliceEndUs = now + p.policy.sliceUs(p, next);
    this.arm(p);
  }

  /** One pending timer per pCPU: slice end or the running VM's next change, whichever is first. */
  arm(p: Pcpu): void {
    const vm = p.cur!;
    let t = nextInternalEvent(vm, this.now, this.timing.lookbusyPeriodUs);
    if (t > p.sliceEndUs) t = p.sliceEndUs;
    this.q.push(t, EV_TIMER, p.index, ++p.timerGen);
  }

  wake(vm: Vm): void {
    if (vm.state !== BLOCKED) return;
    vm.state = QUEUED;
    vm.runnableSinceUs = this.now;
    const p = this.pcpus[vm.pcpu]!;
    const preempt = p.policy.wake(p, vm);
    if (!p.cur) this.schedule(p);
    else if (preempt) this.preempt(p);
  }

  private preempt(p: Pcpu): void {
    const cur = p.cur!;
    settle(cur, this.now, this.timing.lookbusyPeriodUs, this);
    // Ratelimit (µs): a VM that just started keeps the CPU that long before it can be preempted.
    const earliest = cur.sliceStartUs + this.ratelimitUs;
    if (this.now >= earliest) {
      this.schedule(p);
    } else if (earliest < p.sliceEndUs) {
      p.sliceEndUs = earliest;
      this.arm(p);
    }
  }

  private onLookbusyWake(slot: number, gen: number): void {
    const vm = this.vms[slot]!;
    if (
      vm.gen === gen &&
      vm.state === BLOCKED &&
      hasDemand(vm, this.now, this.timing.lookbusyPeriodUs)
    ) {
      this.wake(vm);
    }
  }

  private onTick(): void {
    for (const p of this.pcpus) {
      const vm = p.cur;
      if (!vm) continue;
      settle(vm, this.now, this.timing.lookbusyPeriodUs, this);
      // csched_vcpu_acct: a VM still running at a tick is consuming real CPU and loses BOOST.
      if (vm.pri === PRI_BOOST) vm.pri = PRI_UNDER;
    }
    this.q.push(this.now + this.timing.tickUs, EV_TICK, 0, 0);
  }

  private onAcct(): void {
    for (const p of this.pcpus) {
      if (p.cur) settle(p.cur, this.now, this.timing.lookbusyPeriodUs, this);
      accountPcpu(p.vms, this.timing.acctUs);
      this.applyCaps(p);
      p.policy.afterAccounting(p);
    }
    this.q.push(this.now + this.timing.acctUs, EV_ACCT, 0, 0);
  }

  /** Xen parks a capped VM in debt until accounting brings its credit back (csched_acct). */
  applyCaps(p: Pcpu): void {
    let stopCur = false;
    for (const vm of p.vms) {
      if (vm.cap > 0 && vm.credit < 0 && vm.state !== PARKED) {
        if (vm.state === QUEUED) removeFrom(p.runq, vm);
        if (vm.state === RUNNING) stopCur = true;
        vm.state = PARKED;
      } else if (vm.state === PARKED && (vm.cap === 0 || vm.credit >= 0)) {
        this.unpark(vm);
      }
    }
    if (stopCur) this.schedule(p);
  }

  private unpark(vm: Vm): void {
    vm.state = BLOCKED;
    if (hasDemand(vm, this.now, this.timing.lookbusyPeriodUs)) this.wake(vm);
    else this.block(vm);
  }

  /** Eq. 12 and the fallbacks, after the VM set, a class or the time slice changed (Section 4). */
  recompute(p: Pcpu): void {
    const params = computePcpuParams(
      this.scheduler,
      p.index,
      this.tsliceUs,
      p.vms.map((v) => ({ key: v.slot, domid: v.domid, microsliceMs: v.microsliceMs })),
    );
    p.params = params;
    p.policy = policyFor(params.mode);
    for (const vm of p.vms) {
      const s = params.lsvm.get(vm.slot);
      vm.microUs = s ? s.microUs : 0;
      vm.tnUs = s ? s.tnUs : 0;
      vm.microCredit = vm.tnUs;
    }
  }
}
