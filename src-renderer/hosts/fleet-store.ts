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

/**
 * Every host at a glance (the overview's cards), and each host's scheduler listing (weights and
 * classes) for the fairness maths of the host view. Fed by the pushed events of all hosts;
 * memory per host is fixed (a sparkline ring and a latency tail per VM).
 */
export const useFleetStore = defineStore('fleet', () => {
  const hostsStore = useHostsStore();
  const pulses = shallowRef<Readonly<Record<HostId, HostPulse>>>({});
  const sched = shallowRef<Readonly<Record<HostId, HostSched>>>({});
  const tails = new Map<HostId, LatencyTail>();
  const loading = new Set<HostId>();
  /** Time of the first live frame of each host, where fetched history must stop. */
  const firstLive = new Map<HostId, number>();

  const pulseOf = (id: HostId): HostPulse => pulses.value[id] ?? EMPTY;

  function patch(id: HostId, change: Partial<HostPulse>): void {
    pulses.value = { ...pulses.value, [id]: { ...pulseOf(id), ...change } };
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

  function summary(sample: HostSample): Pick<HostPulse, 'vmCount' | 'fairness'> {
    const vmCount = sample.domains.filter((d) => d.name !== DOM0_NAME).length;
    const guestPcpus = hostsStore.hosts.find((h) => h.id === sample.hostId)?.guestPcpus ?? 1;
    return { vmCount, fairness: sampleFairness(sample, sched.value[sample.hostId], guestPcpus) };
  }

  function applySample(sample: HostSample): void {
    if (!firstLive.has(sample.hostId)) firstLive.set(sample.hostId, sample.t);
    const prev = pulseOf(sample.hostId).spark;
    const added = sample.gapBefore && prev.length ? [NaN, totalPct(sample)] : [totalPct(sample)];
    const spark = [...prev.slice(Math.max(0, prev.length + added.length - SPARK_POINTS)), ...added];
    patch(sample.hostId, { ...summary(sample), spark });
  }

  function applySched(s: HostSched): void {
    sched.value = { ...sched.value, [s.hostId]: s };
    patch(s.hostId, { lsvmCount: lsvmCount(s) });
  }

  function applyLatency(samples: readonly LatencySample[]): void {
    const touched = new Set<HostId>();
    for (const s of samples) {
      let tail = tails.get(s.hostId);
      if (!tail) tails.set(s.hostId, (tail = new LatencyTail()));
      tail.add(s.vm, s.rttMs);
      touched.add(s.hostId);
    }
    for (const id of touched) patch(id, { worstP99Ms: tails.get(id)?.worstP99() ?? null });
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
        const before = history.filter((s) => s.t < until).map(totalPct);
        const spark = [...before, ...pulseOf(id).spark].slice(-SPARK_POINTS);
        const last = history.at(-1);
        patch(id, { spark, ...(last && !firstLive.has(id) ? summary(last) : {}) });
      }),
    ]);
  }

  function forget(keep: readonly HostId[]): void {
    const alive = new Set(keep);
    for (const id of [...tails.keys()]) if (!alive.has(id)) tails.delete(id);
    for (const id of [...loading]) if (!alive.has(id)) loading.delete(id);
    for (const id of [...firstLive.keys()]) if (!alive.has(id)) firstLive.delete(id);
    const drop = <T>(rec: Readonly<Record<HostId, T>>) =>
      Object.fromEntries(Object.entries(rec).filter(([id]) => alive.has(id)));
    pulses.value = drop(pulses.value);
    sched.value = drop(sched.value);
  }

  api.on('hostSample', applySample);
  api.on('hostSched', applySched);
  api.on('latencySample', (s) => applyLatency([s]));
  api.on('hostsChanged', (list) => forget(list.map((h) => h.id)));

  return { pulses, sched, pulseOf, ensure, applySample, applySched, applyLatency };
});
