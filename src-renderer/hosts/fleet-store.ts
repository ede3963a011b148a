import { DOM0_NAME, type HostId, type HostSample } from '@common/model';
import type { HostSched, LatencySample } from '@common/sched';
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { api } from '../api/client';
import { sampleFairness } from '@common/metrics/fairness';
import { useHostsStore } from './hosts-store';
import { LatencyTail } from './latency-tail';

/** Points of an overview sparkline: the last two minutes at one frame per second. */
export const SPARK_POINTS = 120;

/** What the overview shows of one host, replaced as a whole so only that host's card redraws. */
export interface HostPulse {
  /** Guests in the newest frame (Domain-0 not counted). */
  vmCount: number;
  /** null until the host's scheduler listing arrived. */
  lsvmCount: number | null;
  fairness: number | null;
  /** Worst per-VM p99 RTT (ms) over the recent probes; null without probes. */
  worstP99Ms: number | null;
  /** Total guest CPU share (%) per frame, oldest first; NaN marks an outage. */
  spark: readonly number[];
}

const EMPTY: HostPulse = {
  vmCount: 0,
  lsvmCount: null,
  fairness: null,
  worstP99Ms: null,
  spark: [],
};

/** What the store keeps of a host as events arrive: raw, not reactive, cheap to update. */
interface HostInputs {
  /** The newest frame, for the VM count and the fairness index. */
  last: HostSample | null;
  /** Total guest CPU share per frame, oldest first, at most SPARK_POINTS (changed in place). */
  spark: number[];
  tail: LatencyTail;
  /** The pulse last worked out, and whether an event came since. */
  pulse: HostPulse;
  stale: boolean;
}

/**
 * Every host at a glance (the overview's cards), and each host's scheduler listing (weights and
 * classes) for the fairness maths of the host view. Fed by the pushed events of all hosts;
 * memory per host is fixed (a sparkline ring and a latency tail per VM).
 *
 * A host's pulse is worked out when it is read, not when its events arrive: events only record
 * their inputs and mark the host stale. Every host sends a frame and its probe rounds each second
 * while the operator mostly watches one host; working out all 20 pulses (fairness, p99 tails,
 * new sparkline arrays) in the same frame as the followed host's table made that frame long. Read
 * by the overview, each stale pulse is worked out once per render, and a card whose host sent
 * nothing keeps the same pulse object, so it does not redraw.
 */
export const useFleetStore = defineStore('fleet', () => {
  const hostsStore = useHostsStore();
  const sched = shallowRef<Readonly<Record<HostId, HostSched>>>({});
  const inputs = new Map<HostId, HostInputs>();
  /** Bumped by every change: what a reader of pulseOf depends on. */
  const changes = shallowRef(0);
  const loading = new Set<HostId>();
  /** Time of the first live frame of each host, where fetched history must stop. */
  const firstLive = new Map<HostId, number>();

  function inputsOf(id: HostId): HostInputs {
    let host = inputs.get(id);
    if (!host) {
      host = { last: null, spark: [], tail: new LatencyTail(), pulse: EMPTY, stale: false };
      inputs.set(id, host);
    }
    return host;
  }

  function touch(host: HostInputs): void {
    host.stale = true;
    changes.value++;
  }

  function lsvmCount(s: HostSched | undefined): number | null {
    return s ? s.vms.filter((v) => v.vmClass === 'LSVM').length : null;
  }

  /** NaN for a frame without a measured guest (xentop's first): a hole, not a drop to zero. */
  function totalPct(sample: HostSample): number {
    let total = 0;
    let measured = false;
    for (const d of sample.domains) {
      if (d.name === DOM0_NAME || d.share === null) continue;
      total += d.share;
      measured = true;
    }
    return measured ? total * 100 : NaN;
  }

  function work(id: HostId, host: HostInputs): HostPulse {
    const { last } = host;
    const guestPcpus = hostsStore.hosts.find((h) => h.id === id)?.guestPcpus ?? 1;
    return {
      vmCount: last ? last.domains.filter((d) => d.name !== DOM0_NAME).length : 0,
      lsvmCount: lsvmCount(sched.value[id]),
      fairness: last ? sampleFairness(last, sched.value[id], guestPcpus) : null,
      worstP99Ms: host.tail.worstP99(),
      spark: host.spark.slice(),
    };
  }

  /** The host's pulse, worked out now if an event came since it was last read. */
  function pulseOf(id: HostId): HostPulse {
    void changes.value;
    const host = inputs.get(id);
    if (!host) return EMPTY;
    if (host.stale) {
      host.pulse = work(id, host);
      host.stale = false;
    }
    return host.pulse;
  }

  function pushSpark(host: HostInputs, ...values: number[]): void {
    host.spark.push(...values);
    if (host.spark.length > SPARK_POINTS) host.spark.splice(0, host.spark.length - SPARK_POINTS);
  }

  function applySample(sample: HostSample): void {
    if (!firstLive.has(sample.hostId)) firstLive.set(sample.hostId, sample.t);
    const host = inputsOf(sample.hostId);
    if (sample.gapBefore && host.spark.length) pushSpark(host, NaN);
    pushSpark(host, totalPct(sample));
    host.last = sample;
    touch(host);
  }

  function applySched(s: HostSched): void {
    sched.value = { ...sched.value, [s.hostId]: s };
    touch(inputsOf(s.hostId));
  }

  function applyLatency(samples: readonly LatencySample[]): void {
    for (const s of samples) {
      const host = inputsOf(s.hostId);
      host.tail.add(s.vm, s.rttMs);
      touch(host);
    }
  }

  /**
   * First look at a host: its listing, recent probes and the sparkline's history. Each call is
   * on its own, so a core that lacks one of them still fills the rest of the card.
   */
  async function ensure(id: HostId): Promise<void> {
    if (loading.has(id)) return;
    loading.add(id);
    const since = Date.now() - SPARK_POINTS * 1000;
    await Promise.allSettled([
      api.getSched({ hostId: id }).then((s) => s && applySched(s)),
      api.getLatency({ hostId: id, sinceMs: Date.now() - 5 * 60_000 }).then(applyLatency),
      api.getHistory({ hostId: id, sinceMs: since }).then((history) => {
        // Live frames may have arrived meanwhile: history goes before them, never twice.
        const until = firstLive.get(id) ?? Infinity;
        const host = inputsOf(id);
        const before = history.filter((s) => s.t < until).map(totalPct);
        host.spark = [...before, ...host.spark].slice(-SPARK_POINTS);
        if (!firstLive.has(id)) host.last = history.at(-1) ?? host.last;
        touch(host);
      }),
    ]);
  }

  function forget(keep: readonly HostId[]): void {
    const alive = new Set(keep);
    for (const id of [...inputs.keys()]) if (!alive.has(id)) inputs.delete(id);
    for (const id of [...loading]) if (!alive.has(id)) loading.delete(id);
    for (const id of [...firstLive.keys()]) if (!alive.has(id)) firstLive.delete(id);
    sched.value = Object.fromEntries(Object.entries(sched.value).filter(([id]) => alive.has(id)));
    changes.value++;
  }

  api.on('hostSample', applySample);
  api.on('hostSched', applySched);
  api.on('latencySample', (s) => applyLatency([s]));
  api.on('hostsChanged', (list) => forget(list.map((h) => h.id)));

  return { sched, pulseOf, ensure, applySample, applySched, applyLatency };
});
