import { ThinnedSeries } from '../common/metrics/thinning';
import type { HostId, HostSample, HostSummary } from '../common/model';
import type { ClassSwitch, HostSched, LatencySample } from '../common/sched';
import type { SessionId } from '../common/session';
import type { HostRegistry } from '../hosts/host-registry';
import { recordedHostDefinition } from '../hosts/recorded-host';
import type { LatencyStore } from '../session/latency-store';
import type { SeriesStore } from '../session/series-store';
import { hostSample, latencyResult } from '../session/journal-columns';
import { readOnThread } from '../session/journal-thread';
import type { SessionManager } from '../session/session-manager';

/** Per recorded host, at most this many samples / probe rounds are kept in memory. */
const MAX_SAMPLES = 3600;
const MAX_ROUNDS = 20_000;

interface Collected {
  name: string;
  target: string | null;
  profile: string;
  guestPcpus: number;
  samples: ThinnedSeries<HostSample>;
  rounds: ThinnedSeries<LatencySample>;
  switches: Map<string, ClassSwitch>;
  sched: HostSched | null;
}

/**
 * Reopens a past session read-only (issue 7): its hosts join the host list as recorded hosts
 * whose history, latency, class switches and last scheduler listing come from the journal.
 */
export class RecordedSessions {
  private readonly open = new Map<SessionId, HostId[]>();

  constructor(
    private readonly deps: { sessions: SessionManager; registry: HostRegistry; store: SeriesStore; latency: LatencyStore; log?: (line: string) => void },
  ) {}

  async openSession(id: SessionId): Promise<HostSummary[]> {
    this.closeSession(id);
    const info = this.deps.sessions.list().find((s) => s.id === id);
    const reader = await this.deps.sessions.reader(id);
    const hosts = new Map<string, Collected>();
    const host = (hostId: string): Collected => {
      let c = hosts.get(hostId);
      if (!c) {
        c = {
          name: hostId, target: null, profile: 'vslicer', guestPcpus: 1, sched: null, switches: new Map(),
          samples: new ThinnedSeries<HostSample>(MAX_SAMPLES),
          rounds: new ThinnedSeries<LatencySample>(MAX_ROUNDS),
        };
        hosts.set(hostId, c);
      }
      return c;
    };
    // Read on the journal thread, as columns: only the samples and probe results kept become objects.
    const items = readOnThread(reader.dir, undefined, {
      onFallback: (why) => this.deps.log?.(`reopening a session: reading the journal in the main thread (slower), as its thread could not start: ${why}`),
    });
    for await (const batch of items) {
      for (const rec of batch) {
        if (rec.kind === 'sample-columns') {
          const samples = host(rec.hostId).samples;
          if (samples.next(rec.gapBefore)) samples.keep(hostSample(rec));
        } else if (rec.kind === 'latency-columns') {
          const rounds = host(rec.hostId).rounds;
          for (let i = 0; i < rec.n; i++) if (rounds.next(false)) rounds.keep(latencyResult(rec, i));
        } else if (rec.kind === 'sample') host(rec.data.hostId).samples.push(rec.data);
        else if (rec.kind === 'latency') host(rec.data.hostId).rounds.push(rec.data);
        // The journal holds every state of a switch; the last one is its outcome.
        else if (rec.kind === 'switch') host(rec.data.hostId).switches.set(rec.data.id, rec.data);
        else if (rec.kind === 'sched') host(rec.data.hostId).sched = rec.data;
        else if (rec.kind === 'host') Object.assign(host(rec.data.hostId), {
          name: rec.data.name, target: rec.data.target, profile: rec.data.profile, guestPcpus: rec.data.guestPcpus,
        });
      }
    }
    const suffix = id.slice(-6);
    const ids: HostId[] = [];
    const summaries: HostSummary[] = [];
    let n = 0;
    for (const [, c] of hosts) {
      if (c.samples.items().length === 0 && c.rounds.items().length === 0) continue;
      const rid = `rec-${suffix}-${++n}`;
      ids.push(rid);
      for (const s of c.samples.items()) this.deps.store.append({ ...s, hostId: rid });
      for (const r of c.rounds.items()) this.deps.latency.append({ ...r, hostId: rid });
      const switches = [...c.switches.values()].map((s) => ({ ...s, hostId: rid }));
      const sched = c.sched ? { ...c.sched, hostId: rid, switchable: false, readOnlyReason: 'a recorded session is read-only' } : null;
      const def = recordedHostDefinition({
        id: rid, name: c.name, group: `Recorded: ${info?.name ?? id}`, target: c.target, profile: c.profile, guestPcpus: c.guestPcpus, sessionId: id,
      });
      summaries.push(this.deps.registry.addRecorded(def, sched, switches));
    }
    this.open.set(id, ids);
    return summaries;
  }

  closeSession(id: SessionId): void {
    const ids = this.open.get(id);
    if (!ids) return;
    this.deps.registry.removeRecorded(ids);
    this.open.delete(id);
  }
}
