/**
 * Network traffic to guests: pings from Domain-0 and request/response load.
 * A packet is put on the guest's queue when it arrives; the guest spends the packet's CPU burst
 * on it the next time it runs (vm-work.ts), then replies. Domain-0 is on its own core and is not
 * simulated, so sending and receiving in dom0 add only the network delay.
 */
import { EV_PACKET, EV_PING_SEND, EV_RR, SchedCore } from './core';
import { BLOCKED, RUNNING, type Vm } from './state';
import {
  PING_BYTES,
  PKT_PING,
  PKT_RR,
  PacketPool,
  RR_REQUEST_BYTES,
  RR_RESPONSE_BYTES,
} from './packets';
import { PingProbe } from './ping-probe';

export abstract class TrafficCore extends SchedCore {
  readonly packets = new PacketPool();
  readonly probes: PingProbe[] = [];
  private readonly probeVm: number[] = [];
  /** Packets handled by Domain-0's backend (its CPU grows with them). */
  dom0Packets = 0;

  burstOf(slot: number): number {
    return this.packets.burstUs[slot]!;
  }

  private oneWayUs(): number {
    const t = this.timing;
    return Math.max(1, Math.round(t.netOneWayUs + (this.rng.next() * 2 - 1) * t.netJitterUs));
  }

  packetDone(vm: Vm, slot: number, atUs: number): void {
    const pool = this.packets;
    vm.rxPackets++;
    if (pool.kind[slot] === PKT_PING) {
      vm.rxBytes += PING_BYTES;
      vm.txPackets++;
      vm.txBytes += PING_BYTES;
      const probe = this.probes[pool.probe[slot]!]!;
      probe.replyUs[pool.seq[slot]!] = atUs + this.oneWayUs();
    } else {
      vm.rxBytes += RR_REQUEST_BYTES;
      vm.txPackets++;
      vm.txBytes += RR_RESPONSE_BYTES;
      vm.requestsServed++;
    }
    this.dom0Packets += 2;
    pool.release(slot);
  }

  protected onPacket(slot: number): void {
    const pool = this.packets;
    const vm = this.vms[pool.vmSlot[slot]!]!;
    if (
      vm.removed ||
      vm.gen !== pool.vmGen[slot] ||
      (pool.kind[slot] === PKT_PING && !vm.work.pingResponder)
    ) {
      pool.release(slot); // gone, or not answering pings: the probe times out
      return;
    }
    if (vm.state === RUNNING) this.settleVm(vm);
    const wasEmpty = vm.pktHead === vm.pkts.length;
    vm.pkts.push(slot);
    if (wasEmpty) vm.headLeftUs = pool.burstUs[slot]!;
    if (vm.state === RUNNING) {
      if (wasEmpty) this.arm(this.pcpus[vm.pcpu]!);
    } else if (vm.state === BLOCKED) {
      this.wake(vm); // an I/O event: the credit scheduler's BOOST applies (sched-policy.ts)
    }
  }

  /** Starts the Poisson request stream of a VM's `rr:RATE` workload. */
  protected startRequests(vm: Vm): void {
    if (vm.work.rrRatePerS > 0)
      this.q.push(this.now + this.requestGapUs(vm), EV_RR, vm.slot, vm.gen);
  }

  private requestGapUs(vm: Vm): number {
    return Math.max(1, Math.round(this.rng.exp(1e6 / vm.work.rrRatePerS)));
  }

  protected onRr(vmSlot: number, gen: number): void {
    const vm = this.vms[vmSlot]!;
    if (vm.gen !== gen || vm.work.rrRatePerS <= 0) return;
    const slot = this.packets.alloc(vmSlot, gen, PKT_RR, vm.work.rrBurstUs, -1, 0);
    this.onPacket(slot);
    this.q.push(this.now + this.requestGapUs(vm), EV_RR, vmSlot, gen);
  }

  /** `ping -c count -i interval -W timeout` from Domain-0, starting now. */
  startPingProbe(vm: Vm, count: number, intervalUs: number, timeoutUs: number): PingProbe {
    const probe = new PingProbe(vm.domid, count, intervalUs, timeoutUs, this.now, this);
    const id = this.probes.length;
    this.probes.push(probe);
    this.probeVm.push(vm.slot);
    this.q.push(this.now, EV_PING_SEND, id, 0);
    return probe;
  }

  protected onPingSend(id: number, seq: number): void {
    const probe = this.probes[id]!;
    const vm = this.vms[this.probeVm[id]!]!;
    probe.sendUs[seq] = this.now;
    const burst = vm.work.pingBurstUs > 0 ? vm.work.pingBurstUs : this.timing.pingBurstUs;
    const slot = this.packets.alloc(vm.slot, vm.gen, PKT_PING, burst, id, seq);
    this.q.push(this.now + this.oneWayUs(), EV_PACKET, slot, 0);
    if (seq + 1 < probe.count) {
      // The pinger's clock is not locked to the host's scheduling period: each send is jittered by
      // up to ±10 % of the interval so that pings sample every phase of the schedule, as on real
      // hardware (a 1 s interval against a 120 ms period would otherwise hit only 3 phases).
      const nominal = probe.startUs + (seq + 1) * probe.intervalUs;
      const jitter = Math.round((this.rng.next() * 2 - 1) * 0.1 * probe.intervalUs);
      this.q.push(Math.max(this.now + 1, nominal + jitter), EV_PING_SEND, id, seq + 1);
    }
  }
}
