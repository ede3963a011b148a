/**
 * What a running VM does with its CPU time: pending packets first (the guest's
 * interrupt and network path), then its own load (cpu or lookbusy). Also the context-switch cost:
 * a VM switched in after another VM spends its first switchPenaltyUs refilling caches, which
 * counts as CPU time but not as useful work — so throughput falls as slices shrink (Fig. 4, 11).
 */
import type { Vm } from './state';

export interface PacketSink {
  /** The VM finished the CPU burst of packet `slot` at time `atUs`. */
  packetDone(vm: Vm, slot: number, atUs: number): void;
  burstOf(slot: number): number;
}

/** Accounts the VM's run from vm.lastSettleUs to t (the VM is RUNNING throughout). */
export function settle(vm: Vm, t: number, periodUs: number, sink: PacketSink): void {
  const dt = t - vm.lastSettleUs;
  if (dt <= 0) return;
  let s = vm.lastSettleUs;
  vm.lastSettleUs = t;
  vm.cpuUs += dt;
  vm.credit -= dt;
  vm.active = true;
  let rem = dt;
  while (rem > 0 && vm.pktHead < vm.pkts.length) {
    const use = rem < vm.headLeftUs ? rem : vm.headLeftUs;
    vm.headLeftUs -= use;
    rem -= use;
    s += use;
    if (vm.headLeftUs <= 0) {
      const slot = vm.pkts[vm.pktHead++]!;
      if (vm.pktHead === vm.pkts.length) {
        vm.pkts.length = 0;
        vm.pktHead = 0;
      } else {
        vm.headLeftUs = sink.burstOf(vm.pkts[vm.pktHead]!);
      }
      sink.packetDone(vm, slot, s);
    }
  }
  if (rem <= 0) return;
  // Background load. The refill penalty is paid first (Fig. 4 / 11).
  if (vm.penaltyLeftUs > 0) {
    const p = rem < vm.penaltyLeftUs ? rem : vm.penaltyLeftUs;
    vm.penaltyLeftUs -= p;
    vm.usefulUs += rem - p;
  } else {
    vm.usefulUs += rem;
  }
  if (vm.work.lookbusyPct > 0 && !vm.work.cpuBound) consumeLookbusy(vm, s, rem, periodUs);
}

function consumeLookbusy(vm: Vm, s: number, rem: number, periodUs: number): void {
  while (rem > 0) {
    const k = Math.floor((s - vm.lbPhaseUs) / periodUs);
    if (k !== vm.lbPeriodIdx) {
      vm.lbPeriodIdx = k;
      vm.lbGotUs = 0;
    }
    const end = vm.lbPhaseUs + (k + 1) * periodUs;
    const chunk = rem < end - s ? rem : end - s;
    vm.lbGotUs += chunk;
    s += chunk;
    rem -= chunk;
  }
}

function lbTargetUs(vm: Vm, periodUs: number): number {
  return (vm.work.lookbusyPct * periodUs) / 100;
}

/** CPU time lookbusy has had in the period containing t. */
function lbGotAt(vm: Vm, t: number, periodUs: number): number {
  return Math.floor((t - vm.lbPhaseUs) / periodUs) === vm.lbPeriodIdx ? vm.lbGotUs : 0;
}

export function hasDemand(vm: Vm, t: number, periodUs: number): boolean {
  if (vm.pktHead < vm.pkts.length || vm.work.cpuBound) return true;
  if (vm.work.lookbusyPct > 0) return lbGotAt(vm, t, periodUs) < lbTargetUs(vm, periodUs);
  return false;
}

/** When, running from t without interruption, the VM next changes what it needs (or Infinity). */
export function nextInternalEvent(vm: Vm, t: number, periodUs: number): number {
  if (vm.pktHead < vm.pkts.length) return t + vm.headLeftUs;
  if (vm.work.cpuBound) return Infinity;
  if (vm.work.lookbusyPct > 0) {
    const target = lbTargetUs(vm, periodUs);
    const need = target - lbGotAt(vm, t, periodUs);
    if (need <= 0) return t;
    const end = vm.lbPhaseUs + (Math.floor((t - vm.lbPhaseUs) / periodUs) + 1) * periodUs;
    return Math.ceil(t + need <= end ? t + need : end + target);
  }
  return t;
}

/** Start of the next lookbusy period after t, when a sleeping lookbusy VM wakes. */
export function nextLookbusyWake(vm: Vm, t: number, periodUs: number): number {
  return vm.lbPhaseUs + (Math.floor((t - vm.lbPhaseUs) / periodUs) + 1) * periodUs;
}
