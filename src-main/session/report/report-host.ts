import type { FairShareCalculator, GuestShare } from '../../common/metrics/fair-share';
import { MinMaxSeries } from '../../common/metrics/thinning';
import type { HostSched } from '../../common/sched';
import type { JournalRecord } from '../journal/record';
import type { HostReport } from './report-schema';
import type { VmTimeline } from './vm-timeline';

/** What a report keeps of one host while its journal streams through. */
export interface HostState {
  facts: Partial<Omit<HostReport, 'fairness' | 'samples'>>;
  firstSeen: number;
  lastSeen: number;
  /**
   * Start time of each epoch. A class switch on the host begins two: one when it starts (its
   * rounds belong to neither side of the comparison: the class was changing) and one when it
   * finishes — the windows of common/metrics/switch-windows.ts, which the dashboard uses too.
   */
  epochStarts: number[];
  /** Per switch seen starting: the epoch before it (its comparison's "before"). */
  transitions: Map<string, number>;
  fairness: MinMaxSeries;
  vms: Map<string, VmTimeline>;
  /** The VM at each position of the host's last sample: xentop lists domains in a stable order. */
  vmAt: (VmTimeline | undefined)[];
  /** The same for probe rounds, which go through the VMs in the same order each time. */
  probeAt: (VmTimeline | undefined)[];
  probeT: number;
  probePos: number;
  lastState: string | null;
  /** The latest scheduler listing: placements (pools, affinity) for fair shares. */
  sched: HostSched | null;
  /** Built from `sched` on the first sample after it; kept while the same guests come back. */
  fairCalc: FairShareCalculator | null;
  /** The measured guests of the current sample, objects reused from sample to sample. */
  guests: GuestShare[];
  waitReadings: number;
  waitsUnavailable: string | null;
}

export function newHostState(t: number): HostState {
  return {
    facts: {},
    firstSeen: t,
    lastSeen: t,
    epochStarts: [t],
    transitions: new Map(),
    fairness: new MinMaxSeries(),
    vms: new Map(),
    vmAt: [],
    probeAt: [],
    probeT: NaN,
    probePos: 0,
    lastState: null,
    sched: null,
    fairCalc: null,
    guests: [],
    waitReadings: 0,
    waitsUnavailable: null,
  };
}

/**
 * A `host` record's facts. Xen's own word on its scheduler (xl info) first, else the profile's
 * scheduler family; journals older than both have neither.
 */
export function learnHostFacts(
  h: HostState,
  data: Extract<JournalRecord, { kind: 'host' }>['data'],
): void {
  const extra = data as { xenVersion?: unknown; scheduler?: unknown };
  Object.assign(h.facts, {
    name: data.name,
    kind: data.kind,
    target: data.target,
    profile: data.profile,
    guestPcpus: data.guestPcpus,
    xenVersion:
      typeof extra.xenVersion === 'string' ? extra.xenVersion : (h.facts.xenVersion ?? null),
    scheduler:
      typeof extra.scheduler === 'string'
        ? extra.scheduler
        : (data.capabilities?.scheduler ?? null),
  });
}

export function hostReport(hostId: string, h: HostState, samples: number): HostReport {
  return {
    hostId,
    name: h.facts.name ?? hostId,
    kind: h.facts.kind ?? null,
    target: h.facts.target ?? null,
    profile: h.facts.profile ?? null,
    guestPcpus: h.facts.guestPcpus ?? null,
    xenVersion: h.facts.xenVersion ?? null,
    scheduler: h.facts.scheduler ?? null,
    tsliceMs: h.facts.tsliceMs ?? null,
    ratelimitUs: h.facts.ratelimitUs ?? null,
    switchable: h.facts.switchable ?? null,
    firstSeen: h.firstSeen,
    lastSeen: h.lastSeen,
    samples,
    fairness: h.fairness.toSeries(),
    waits: { readings: h.waitReadings, unavailable: h.waitsUnavailable },
  };
}
