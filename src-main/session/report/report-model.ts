import type { PredictionCheck } from '../../common/advice';
import { AlertRows } from './alert-report';
import { FairShareCalculator } from '../../common/metrics/fair-share';
import { DOM0_NAME, type HostStatus } from '../../common/model';
import type { JournalDamage } from '../../common/session';
import type { ClassSwitch, HostSched, SchedWaits } from '../../common/sched';
import {
  rttMsOf,
  sampleColumns,
  type JournalItem,
  type LatencyColumns,
  type SampleColumns,
} from '../journal/columns';
import type { JournalRecord } from '../journal/record';
import { IntegrityTracker } from './integrity-tracker';
import { comparison, type ComparisonDraft } from './report-comparison';
import { hostReport, learnHostFacts, newHostState, type HostState } from './report-host';
import {
  REPORT_FORMAT,
  REPORT_VERSION,
  type HostReport,
  type Report,
  type ReportEvent,
} from './report-schema';
import { switchSentence, toSwitchReport } from './report-switches';
import { VmTimeline } from './vm-timeline';

/**
 * The report of a session, built incrementally: `add()` one journal record at a time (in journal
 * order), `finish()` once. Memory depends on hosts, VMs and switches — never on the session's
 * length — so a 24-hour, 100-VM journal streams through.
 */
const MAX_EVENTS = 5000;

export interface ReportMeta {
  sessionId: string;
  journalSha256: string;
  /** What reading the journal found damaged (bad lines, a torn end, notes). */
  damage?: JournalDamage;
  title?: string;
  generatedAt?: number;
}

export interface ReportBuilderOptions {
  /**
   * The downsampled time series the HTML charts and the JSON carry (CPU share and RTT per VM,
   * fairness per host); default on. The CSV export writes its own full-resolution tables and
   * uses only the report's summary tables, so it turns them off and saves their cost.
   */
  charts?: boolean;
}

export class ReportBuilder {
  private readonly charts: boolean;
  private readonly hosts = new Map<string, HostState>();
  private lastHost: [string, HostState] | null = null;
  private readonly switches = new Map<string, ClassSwitch>();
  /** The advisor's checks, each in its last recorded state (by switch). */
  private readonly predictions = new Map<string, PredictionCheck>();
  /** In-app alerts, a raise and its clear met by id. */
  private readonly alerts = new AlertRows();
  private readonly finished = new Set<string>();
  private readonly drafts: ComparisonDraft[] = [];
  private readonly events: ReportEvent[] = [];
  private eventsDropped = 0;
  private readonly integrity = new IntegrityTracker();
  /** One probe result's RTTs in ms, reused result after result (addRound copies what it keeps). */
  private readonly rtts: (number | null)[] = [];

  constructor(opts: ReportBuilderOptions = {}) {
    this.charts = opts.charts ?? true;
  }

  /** A record, or a compact line's columns (JournalReader.items: no record objects to make). */
  add(r: JournalItem): void {
    if (r.kind === 'sample-columns') {
      this.integrity.countOf('sample', 1, r.t);
      return this.sampleColumns(r);
    }
    if (r.kind === 'latency-columns') {
      this.integrity.countOf('latency', r.n, r.t);
      return this.latencyColumns(r);
    }
    this.integrity.count(r);
    switch (r.kind) {
      case 'sample':
        return this.sampleColumns(sampleColumns(r.t, r.data));
      case 'latency': {
        const l = r.data;
        return this.probe(this.round(l.hostId, l.t), l.hostId, l.vm, l.t, l.rttMs);
      }
      case 'switch':
        return this.switch(r.data, r.t);
      case 'status':
        return this.status(r.data, r.t);
      case 'sched':
        return this.sched(r.data);
      case 'waits':
        return this.waits(r.data);
      case 'host': {
        learnHostFacts(this.host(r.data.hostId, r.t), r.data);
        return;
      }
      case 'note':
        return this.event({ t: r.t, kind: 'note', hostId: null, text: r.data.text });
      case 'prediction':
        this.predictions.set(r.data.switchId, r.data);
        return;
      case 'alert':
        return this.alerts.add(r.data);
      case 'gap':
        this.integrity.journalGap(r.data);
        return this.event({
          t: r.t,
          kind: 'note',
          hostId: null,
          text:
            r.data.records > 0
              ? `recording paused: ${r.data.records} records from ${new Date(r.data.from).toISOString()} to ${new Date(r.data.to).toISOString()} were not recorded (${r.data.reason})`
              : `recording paused from ${new Date(r.data.from).toISOString()} to ${new Date(r.data.to).toISOString()} (${r.data.reason}); every record was kept and written when it could be`,
        });
    }
  }

  private host(hostId: string, t: number): HostState {
    // Records of one host come in runs: the last one found is the likeliest.
    let h = this.lastHost?.[0] === hostId ? this.lastHost[1] : this.hosts.get(hostId);
    if (!h) {
      h = newHostState(t);
      this.hosts.set(hostId, h);
    }
    if (t > h.lastSeen) h.lastSeen = t;
    this.lastHost = [hostId, h];
    return h;
  }

  private vm(h: HostState, hostId: string, name: string, t: number): VmTimeline {
    let vm = h.vms.get(name);
    if (!vm)
      h.vms.set(
        name,
        (vm = new VmTimeline(hostId, name, t, h.epochStarts.length - 1, this.charts)),
      );
    return vm;
  }

  /**
   * The hot path: 100 VMs at 1 Hz for a day is 8.6 M domain rows, read as columns (a record's
   * domains are turned into columns first). The VM of each position is remembered from the last
   * sample (a name comparison instead of a map lookup), and the fairness sums are taken on the
   * way over share / fair share — the dashboard's index (common/metrics/fairness.ts).
   */
  private sampleColumns(c: SampleColumns): void {
    const h = this.host(c.hostId, c.sampleT);
    const epoch = h.epochStarts.length - 1;
    const gap = c.gapBefore;
    const t = c.sampleT;
    this.integrity.sample(c.hostId, t, gap);
    const { name, share: shares } = c;
    // The measured guests, in objects reused sample after sample (the fairness calculator keeps
    // its groups while the same guests come back).
    const guests = h.guests;
    let n = 0;
    for (let i = 0; i < name.length; i++) {
      const share = shares[i]!;
      // Domain-0 runs on its own core in the paper's setup: no share, not part of fairness.
      if (share === null || name[i] === DOM0_NAME) continue;
      let vm = h.vmAt[i];
      if (vm === undefined || vm.name !== name[i])
        h.vmAt[i] = vm = this.vm(h, c.hostId, name[i]!, t);
      vm.addShare(epoch, t, share, gap);
      const g = (guests[n++] ??= { name: '', share: 0, vcpus: 1, state: '' });
      g.name = vm.name;
      g.share = share;
      g.vcpus = c.vcpus[i]!;
      g.state = c.state[i]!;
    }
    guests.length = n;
    if (!this.charts || n === 0) return;
    h.fairCalc ??= new FairShareCalculator(h.sched, h.facts.guestPcpus ?? 1);
    const index = h.fairCalc.jain(guests);
    if (index !== null) h.fairness.add(t, index, gap);
  }

  /** The other hot path: 4.3 M probe results in a 24-hour, 100-VM session. */
  private latencyColumns(c: LatencyColumns): void {
    const h = this.round(c.hostId, c.probeT);
    // The same milliseconds a record of the result would hold, in one reused array.
    for (let i = 0; i < c.n; i++)
      this.probe(h, c.hostId, c.vm[i]!, c.probeT, rttMsOf(c, i, this.rtts));
  }

  /** The host of a probe result, its round (probe time) started if this result begins one. */
  private round(hostId: string, probeT: number): HostState {
    const h = this.host(hostId, probeT);
    if (probeT !== h.probeT) {
      h.probeT = probeT;
      h.probePos = 0;
    }
    return h;
  }

  private probe(
    h: HostState,
    hostId: string,
    name: string,
    probeT: number,
    rttMs: readonly (number | null)[],
  ): void {
    const pos = h.probePos++;
    let vm = h.probeAt[pos];
    if (vm === undefined || vm.name !== name)
      h.probeAt[pos] = vm = this.vm(h, hostId, name, probeT);
    vm.addRound(h.epochStarts.length - 1, probeT, rttMs);
  }

  private sched(s: HostSched): void {
    const h = this.host(s.hostId, s.t);
    h.sched = s;
    h.fairCalc = null;
    Object.assign(h.facts, {
      tsliceMs: s.tsliceMs,
      ratelimitUs: s.ratelimitUs,
      switchable: s.switchable,
    });
    for (const v of s.vms) {
      if (v.name === DOM0_NAME) continue;
      const vm = this.vm(h, s.hostId, v.name, s.t);
      vm.domid = v.domid;
      if (vm.observeClass(v.vmClass, v.microsliceMs, s.t, h.epochStarts.length)) {
        // Changed outside this app (or by a switch we never saw): a new period, a new epoch.
        h.epochStarts.push(s.t);
        vm.current.fromEpoch = h.epochStarts.length - 1;
        this.event({
          t: s.t,
          kind: 'listing',
          hostId: s.hostId,
          text: `${v.name} is now ${v.vmClass} (${v.microsliceMs} ms) according to the scheduler listing`,
        });
      }
    }
  }

  /**
   * A reading's windows go to the epoch they lie in; one that began before the current epoch
   * straddles a switch and counts on neither side (the dashboard's waitsOver does the same).
   */
  private waits(w: SchedWaits): void {
    const h = this.host(w.hostId, w.t);
    if (w.unavailable !== null) {
      h.waitsUnavailable = w.unavailable;
      return;
    }
    h.waitsUnavailable = null;
    h.waitReadings++;
    const epoch = h.epochStarts.length - 1;
    if (w.sinceT < h.epochStarts[epoch]! || w.t <= w.sinceT) return;
    for (const v of w.vms) {
      if (v.vm === DOM0_NAME) continue;
      this.vm(h, w.hostId, v.vm, w.t).addWaits(epoch, v.window, w.t - w.sinceT);
    }
  }

  private switch(sw: ClassSwitch, t: number): void {
    this.switches.set(sw.id, sw);
    const h = this.host(sw.hostId, t);
    const vm = this.vm(h, sw.hostId, sw.vm, sw.startedAt);
    vm.domid = sw.domid;
    vm.learnInitialClass(sw.from.vmClass, sw.from.microsliceMs);
    if (!vm.switchIds.includes(sw.id)) vm.switchIds.push(sw.id);
    if (!h.transitions.has(sw.id)) {
      h.transitions.set(sw.id, h.epochStarts.length - 1);
      h.epochStarts.push(sw.startedAt);
    }
    if (sw.state === 'running') {
      vm.switchPending = true;
      return;
    }
    if (this.finished.has(sw.id)) return;
    this.finished.add(sw.id);
    vm.switchPending = false;
    const at = sw.finishedAt ?? t;
    h.epochStarts.push(at);
    const epochAfter = h.epochStarts.length - 1;
    this.drafts.push({ sw, t: at, epochBefore: h.transitions.get(sw.id)!, epochAfter });
    if (sw.state === 'done') vm.switched(sw.to.vmClass, sw.to.microsliceMs, at, epochAfter, sw.id);
    this.event({ t: at, kind: 'switch', hostId: sw.hostId, text: switchSentence(sw) });
  }

  private status(s: HostStatus, t: number): void {
    const h = this.host(s.hostId, t);
    this.integrity.status(s, t);
    if (h.lastState === s.state) return;
    const was = h.lastState ?? 'start';
    h.lastState = s.state;
    const why = s.message ? ` — ${s.message}` : '';
    this.event({ t, kind: 'status', hostId: s.hostId, text: `${was} → ${s.state}${why}` });
  }

  private event(e: ReportEvent): void {
    if (this.events.length < MAX_EVENTS) this.events.push(e);
    else this.eventsDropped++;
  }

  finish(meta: ReportMeta): Report {
    const integrity = this.integrity.toReport(meta.journalSha256, meta.damage ?? null);
    const hosts: HostReport[] = [];
    const vms: Report['vms'] = [];
    for (const [hostId, h] of this.hosts) {
      hosts.push(hostReport(hostId, h, this.integrity.samplesOf(hostId)));
      for (const vm of h.vms.values()) vms.push(vm.toReport(h.epochStarts.length, h.lastSeen));
    }
    return {
      format: REPORT_FORMAT,
      version: REPORT_VERSION,
      sessionId: meta.sessionId,
      title: meta.title ?? `Session ${meta.sessionId}`,
      generatedAt: meta.generatedAt ?? Date.now(),
      from: integrity.firstT,
      to: integrity.lastT,
      hosts,
      vms,
      switches: [...this.switches.values()].map(toSwitchReport),
      comparisons: this.drafts.map((d) => comparison(d, this.hosts.get(d.sw.hostId)!)),
      predictions: [...this.predictions.values()].sort((a, b) => a.t - b.t),
      alerts: this.alerts.toReport(),
      events: [...this.events].sort((a, b) => a.t - b.t),
      eventsDropped: this.eventsDropped,
      integrity,
    };
  }
}

/** Builds a report from a stream of records (the journal reader's, or a test's). */
export async function buildReport(
  records: AsyncIterable<JournalRecord> | Iterable<JournalRecord>,
  meta: ReportMeta,
): Promise<Report> {
  const b = new ReportBuilder();
  for await (const r of records) b.add(r);
  return b.finish(meta);
}
