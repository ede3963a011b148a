import type { PredictionChecks } from '../advisor/prediction-checks';
import type { AlertEngine } from '../alerts/alert-engine';
import type { HostId, HostSummary } from '../common/model';
import type { SessionId } from '../common/session';
import type { LatencySample, SchedWaits } from '../common/sched';
import type { HostRegistry } from '../hosts/host-registry';
import { recordedHostDefinition } from '../hosts/connection/recorded-host';
import type { HostHistory } from '../session/host-history';
import { damageOf, emptySummary } from '../session/journal/reader';
import { readRecordedHosts } from '../session/reopen';
import type { SeriesStore } from '../session/series-store';
import type { SessionManager } from '../session/session-manager';

/**
 * Reopens a past session read-only: its hosts (session/reopen.ts) join the host list as recorded
 * hosts whose history, latency, class switches and last scheduler listing come from the journal.
 */
export class RecordedSessions {
  private readonly open = new Map<SessionId, HostId[]>();

  constructor(
    private readonly deps: {
      sessions: SessionManager;
      registry: HostRegistry;
      store: SeriesStore;
      latency: HostHistory<LatencySample>;
      waits: HostHistory<SchedWaits>;
      /** The advisor's checks: a recorded host shows the ones its session kept. */
      checks?: PredictionChecks;
      /** The in-app alerts: a recorded host lists the raises and clears its session kept. */
      alerts?: Pick<AlertEngine, 'showRecorded' | 'forgetRecorded'>;
      log?: (line: string) => void;
    },
  ) {}

  async openSession(id: SessionId): Promise<HostSummary[]> {
    this.closeSession(id);
    const info = this.deps.sessions.list().find((s) => s.id === id);
    const reader = await this.deps.sessions.reader(id);
    const summary = emptySummary();
    const recorded = await readRecordedHosts(reader.dir, this.deps.log, summary);
    this.deps.sessions.noteDamage(id, damageOf(summary));
    const suffix = id.slice(-6);
    const ids: HostId[] = [];
    const summaries: HostSummary[] = [];
    recorded.forEach((h, i) => {
      const rid = `rec-${suffix}-${i + 1}`;
      ids.push(rid);
      for (const s of h.samples) this.deps.store.append({ ...s, hostId: rid });
      for (const r of h.rounds) this.deps.latency.append({ ...r, hostId: rid });
      for (const w of h.waits) this.deps.waits.append({ ...w, hostId: rid });
      this.deps.checks?.restore(h.predictions.map((c) => ({ ...c, hostId: rid })));
      this.deps.alerts?.showRecorded(
        rid,
        h.alerts.map((a) => ({ ...a, hostId: rid })),
      );
      const switches = h.switches.map((s) => ({ ...s, hostId: rid }));
      const sched = h.sched
        ? {
            ...h.sched,
            hostId: rid,
            switchable: false,
            readOnlyReason: 'a recorded session is read-only',
          }
        : null;
      const def = recordedHostDefinition({
        id: rid,
        name: h.name,
        group: `Recorded: ${info?.name ?? id}`,
        target: h.target,
        profile: h.profile,
        guestPcpus: h.guestPcpus,
        sessionId: id,
      });
      summaries.push(this.deps.registry.addRecorded(def, sched, switches));
    });
    this.open.set(id, ids);
    return summaries;
  }

  closeSession(id: SessionId): void {
    const ids = this.open.get(id);
    if (!ids) return;
    this.deps.registry.removeRecorded(ids);
    this.deps.alerts?.forgetRecorded(ids);
    this.open.delete(id);
  }
}
