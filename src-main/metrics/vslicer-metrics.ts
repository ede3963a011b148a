import type { ApiEvent } from '../common/api';
import { FairShareCalculator } from '../common/metrics/fair-share';
import { guestShares } from '../common/metrics/fairness';
import type { HostId, HostSample, HostSummary } from '../common/model';
import type { HostSched, VmSched } from '../common/sched';
import { plannedWorstCaseMs } from '../common/vslicer/microslice-options';
import { EventCounters } from './event-counters';
import { ByteWriter, OPENMETRICS_CONTENT_TYPE } from './text-writer';

/** Where the exposition reads what the dashboard shows: the registry's hosts and the stores. */
export interface MetricsSources {
  hosts(): HostSummary[];
  latestSample(hostId: HostId): HostSample | undefined;
  sched(hostId: HostId): HostSched | null;
}

export interface MetricsExposition {
  readonly contentType: string;
  /** Feeds the counters and histograms: every event the core publishes. */
  observe(event: ApiEvent): void;
  /** The exposition text (OpenMetrics 1.0, ends with `# EOF`). */
  scrape(): Promise<string>;
  /**
   * The same text as UTF-8, in buffers to be written one after the other (joined, they are
   * scrape()): a response at scale is 11 MiB, never one string. `tap` is told of each buffer as
   * soon as it is written, in order, while the rest is still being built (to compress it then).
   */
  scrapeParts(tap?: (piece: Uint8Array) => void): Promise<readonly (string | Uint8Array)[]>;
  /** Says nothing reads a scrapeParts() answer any more: its buffers may be written over. */
  release?(parts: readonly (string | Uint8Array)[]): void;
}

/**
 * The planner's worst case of each LSVM, by listing: a listing is replaced, never changed, when
 * the host is polled again (every few seconds), and planning a host takes as long as the rest of
 * its scrape, so each listing is planned once for all the scrapes that read it.
 */
const worstCases = new WeakMap<HostSched, Map<VmSched, number | null>>();

function worstCaseMs(sched: HostSched, vm: VmSched): number | null {
  let ofSched = worstCases.get(sched);
  if (!ofSched) worstCases.set(sched, (ofSched = new Map()));
  let ms = ofSched.get(vm);
  if (ms === undefined) ofSched.set(vm, (ms = plannedWorstCaseMs(sched, vm)));
  return ms;
}

/**
 * The OpenMetrics exposition of what hosts and sessions hold, for Prometheus. Every figure is the
 * dashboard's own: shares from the samples, fair shares and Jain's index from
 * common/metrics/fairness.ts on the latest sample and the scheduler listing (as the Fairness card
 * computes them), RTTs and waits counted from the same events the latency panel reads, the
 * planner's worst case from the same Eq. 12 plan the latency chart draws. Names follow Prometheus
 * practice: one `vslicer_` prefix, base units (seconds), `_total` counters, `_ratio` for 0–1.
 * Series are keyed by `host` (the host's id, stable across renames) and `vm` (the name xentop and
 * xl print: domids change when a VM reboots).
 */
export class VslicerMetrics implements MetricsExposition {
  readonly contentType = OPENMETRICS_CONTENT_TYPE;
  private readonly counters: EventCounters;
  private readonly now: () => number;
  private readonly out = new ByteWriter();
  /**
   * Each host's fair-share calculator, as the dashboard keeps one: what depends on the listing
   * and on which guests a frame has is worked out once, not twice a scrape for every host.
   */
  private readonly fairShares = new Map<
    HostId,
    { sched: HostSched | null; pcpus: number; calc: FairShareCalculator }
  >();

  constructor(
    private readonly sources: MetricsSources,
    version: string,
    now: () => number = Date.now,
  ) {
    this.counters = new EventCounters(version, now);
    this.now = now;
  }

  observe(event: ApiEvent): void {
    this.counters.observe(event);
  }

  async scrape(): Promise<string> {
    const parts = await this.scrapeParts();
    const text = Buffer.concat(parts).toString('utf8');
    this.release(parts);
    return text;
  }

  release(parts: readonly (string | Uint8Array)[]): void {
    this.out.recycle(parts as readonly Buffer[]);
  }

  scrapeParts(tap?: (piece: Uint8Array) => void): Promise<Buffer[]> {
    const hosts = this.sources.hosts().filter((h) => h.kind !== 'recorded');
    this.counters.hosts.clearGauges();
    this.counters.vms.clearGauges();
    for (const h of hosts) this.hostGauges(h);
    const live = new Set(hosts.map((h) => h.id));
    this.counters.collectGarbage(live);
    for (const host of this.fairShares.keys()) if (!live.has(host)) this.fairShares.delete(host);
    // The host families, then the per-VM families, then the one `# EOF`. Built whole before any
    // byte is sent, so the text is one moment's: events that arrive while the response is
    // written count in the next scrape.
    this.out.tap(tap);
    this.counters.hosts.write(this.out);
    this.counters.vms.write(this.out);
    this.out.ascii('# EOF\n');
    return Promise.resolve(this.out.done());
  }

  private hostGauges(h: HostSummary): void {
    const host = h.id;
    const series = this.counters.hosts.get(host);
    series.facts = h;
    const ready = h.status.state === 'ready';
    series.up = ready ? 1 : 0;
    series.state = h.status.state;
    series.guestPcpus = h.guestPcpus;
    const sched = this.sources.sched(host);
    const vms = this.counters.vms;
    const now = this.now();
    for (const v of sched?.vms ?? []) {
      const vm = vms.get(host, v.name, now);
      vm.vmClass = v.vmClass;
      vm.uuid = v.uuid ?? null;
      vm.microsliceS = v.microsliceMs / 1000;
      const worstMs = worstCaseMs(sched!, v);
      if (worstMs !== null) vm.worstCaseS = worstMs / 1000;
    }
    // A host that is not streaming has no current share: its last frame is history, not now.
    const sample = ready ? this.sources.latestSample(host) : undefined;
    if (!sample) return;
    // The Fairness card's figures (shareVsEntitlement, sampleFairness), on the host's calculator.
    let fair = this.fairShares.get(host);
    if (fair?.sched !== sched || fair.pcpus !== h.guestPcpus) {
      fair = { sched, pcpus: h.guestPcpus, calc: new FairShareCalculator(sched, h.guestPcpus) };
      this.fairShares.set(host, fair);
    }
    const guests = guestShares(sample);
    for (const e of fair.calc.entitlements(guests)) {
      const vm = vms.get(host, e.name, now);
      vm.share = e.share;
      vm.fairShare = e.fairShare;
    }
    series.jain = fair.calc.jain(guests);
  }
}
