import {
  ALERT_KINDS,
  ALERT_WINDOW_MS,
  AlertRuleBook,
  withOverride,
  type Alert,
  type AlertList,
  type AlertOverride,
  type AlertSettings,
} from '../common/alerts';
import type { ApiEvent } from '../common/api';
import { printable } from '../common/printable';
import type { HostId, HostSample, HostSummary } from '../common/model';
import type { HostSched, LatencySample } from '../common/sched';
import { HysteresisEvaluator, type Observation } from './hysteresis';
import { observeHost, rttFigures } from './rule-figures';
import type { RoundFigures } from '../common/metrics/rtt';
import { ShareWindow } from './share-window';

/** Where the engine reads what the dashboard shows: the registry's hosts and the stores. */
export interface AlertSources {
  hosts(): HostSummary[];
  sched(hostId: HostId): HostSched | null;
  latestSample(hostId: HostId): HostSample | undefined;
  /** Probe rounds strictly after `sinceMs`, oldest first. */
  latency(hostId: HostId, sinceMs: number): LatencySample[];
}

export interface AlertEngineOptions {
  sources: AlertSources;
  /** Each raise and clear, as it happens (the core publishes it as the `alert` event). */
  onAlert: (alert: Alert) => void;
  settings: AlertSettings;
  /** Persists the settings after a change (the data directory's alerts.json); none in tests. */
  save?: (settings: AlertSettings) => Promise<void>;
  now?: () => number;
  /** Raises and clears kept for the alert list, newest first. */
  historySize?: number;
  /**
   * RTT figures of a host are recomputed every this many rounds, hosts staggered over them: a
   * percentile over five minutes of pings is the costly figure (bench/alerts.bench.ts), and being
   * a few seconds late matters nothing to rules held for minutes, as Prometheus's own evaluation
   * interval does. 1: every round.
   */
  rttEveryRounds?: number;
}

/**
 * The console's alerts: once a second (the pace of xentop frames) every rule is judged on every
 * watched host and VM (rule-figures.ts) and raised or cleared with hysteresis (hysteresis.ts).
 * Fairness figures are taken from each sample as it is published; RTTs are read from the probe
 * rounds the latency panel reads.
 */
export class AlertEngine {
  private readonly evaluator: HysteresisEvaluator;
  private readonly windows = new Map<HostId, ShareWindow>();
  private readonly rtt = new Map<HostId, Map<string, RoundFigures>>();
  /** The watched hosts as of the last round: samples arrive hundreds a second at scale. */
  private known = new Map<HostId, HostSummary>();
  private rounds = 0;
  private readonly history: Alert[] = [];
  /** Reopened sessions' hosts: the raises and clears their journals kept, newest first. */
  private readonly recorded = new Map<HostId, Alert[]>();
  private book: AlertRuleBook;
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: AlertEngineOptions) {
    this.now = options.now ?? Date.now;
    this.book = new AlertRuleBook(options.settings);
    this.evaluator = new HysteresisEvaluator((o, state) => this.message(o, state));
  }

  /** Takes each published sample's fairness figures into its host's window. */
  observe(event: ApiEvent): void {
    if (event.name !== 'hostSample') return;
    const sample = event.payload;
    if (!this.known.has(sample.hostId)) this.refreshHosts();
    const host = this.known.get(sample.hostId);
    if (!host) return;
    let w = this.windows.get(sample.hostId);
    if (!w) this.windows.set(sample.hostId, (w = new ShareWindow(ALERT_WINDOW_MS)));
    w.add(sample, this.options.sources.sched(sample.hostId), host.guestPcpus);
  }

  /** One evaluation round: every raise and clear it made (each also handed to `onAlert`). */
  evaluate(now = this.now()): Alert[] {
    const { sources } = this.options;
    const observations: Observation[] = [];
    const live = this.refreshHosts();
    const every = Math.max(1, this.options.rttEveryRounds ?? 5);
    const slot = this.rounds++ % every;
    live.forEach((host, i) => {
      const shares = this.windows.get(host.id) ?? null;
      shares?.trim(now);
      const latest = sources.latestSample(host.id);
      let rtt = this.rtt.get(host.id);
      if (!rtt || i % every === slot) {
        rtt = rttFigures(sources.latency(host.id, now - ALERT_WINDOW_MS));
        this.rtt.set(host.id, rtt);
      }
      observations.push(
        ...observeHost(
          now,
          {
            host,
            sched: sources.sched(host.id),
            rtt,
            lastFrameT: latest?.t ?? null,
            shares,
          },
          this.book,
        ),
      );
    });
    const ids = new Set(live.map((h) => h.id));
    for (const map of [this.windows, this.rtt])
      for (const id of map.keys()) if (!ids.has(id)) map.delete(id);
    const changes = this.evaluator.round(now, observations);
    for (const a of changes) {
      this.history.unshift(a);
      this.options.onAlert(a);
    }
    const max = this.options.historySize ?? 500;
    if (this.history.length > max) this.history.length = max;
    return changes;
  }

  /**
   * Raised alerts and recent raises and clears, of one host or of all the live ones. A recorded
   * host has nothing raised now, only what its session kept.
   */
  list(hostId?: HostId): AlertList {
    const recorded = hostId === undefined ? undefined : this.recorded.get(hostId);
    if (recorded) return { active: [], history: recorded };
    const mine = (a: Alert) => hostId === undefined || a.hostId === hostId;
    return {
      active: this.evaluator.active().filter(mine),
      history: this.history.filter(mine),
    };
  }

  /** A reopened session's host and the raises and clears recorded of it (oldest first). */
  showRecorded(hostId: HostId, alerts: readonly Alert[]): void {
    this.recorded.set(hostId, [...alerts].reverse());
  }

  forgetRecorded(hostIds: readonly HostId[]): void {
    for (const id of hostIds) this.recorded.delete(id);
  }

  settings(): AlertSettings {
    return this.book.settings;
  }

  /** Puts one override in place (null removes it) and saves; the next round judges by it. */
  async setOverride(
    target: Pick<AlertOverride, 'hostId' | 'vm' | 'kind'>,
    override: AlertOverride | null,
  ): Promise<AlertSettings> {
    const next = withOverride(this.book.settings, target, override);
    await this.options.save?.(next);
    this.book = new AlertRuleBook(next);
    return next;
  }

  start(): void {
    this.stop();
    this.timer = setInterval(() => this.evaluate(), 1000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The live hosts (a reopened session's are history, not watched). */
  private refreshHosts(): HostSummary[] {
    const live = this.options.sources.hosts().filter((h) => h.kind !== 'recorded');
    this.known = new Map(live.map((h) => [h.id, h]));
    return live;
  }

  private message(o: Observation, state: 'raised' | 'cleared'): string {
    const host = this.known.get(o.hostId)?.name ?? o.hostId;
    // VM names are whatever xl prints: shown in one printable line, never raw.
    const who =
      o.vm === null ? printable(host, 80) : `${printable(o.vm, 80)} on ${printable(host, 80)}`;
    const what = ALERT_KINDS[o.kind].label;
    return state === 'raised'
      ? `${who}: ${what} — ${o.text}`
      : `${who}: ${what} cleared — ${o.text}`;
  }
}
