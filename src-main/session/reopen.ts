import type { PredictionCheck } from '../common/advice';
import type { Alert } from '../common/alerts';
import { ThinnedSeries } from '../common/metrics/thinning';
import type { HostSample } from '../common/model';
import type { ClassSwitch, HostSched, LatencySample, SchedWaits } from '../common/sched';
import { HostHistory } from './host-history';
import { hostSample, latencyResult } from './journal/columns';
import { emptySummary, type JournalSummary } from './journal/reader';
import { readOnThread } from './journal/thread';

/** Per recorded host, at most this many samples / probe rounds are kept in memory. */
const MAX_SAMPLES = 3600;
const MAX_ROUNDS = 20_000;
/** Scheduling-wait readings: the newest, as a live host keeps them (an hour at one per 5 s). */
const MAX_WAITS = 720;
/** Alert raises and clears: the newest, as the live engine keeps them. */
const MAX_ALERTS = 500;

/** A host as a past session recorded it, thinned to what a dashboard can hold. */
export interface RecordedHost {
  /** The host's id when it was recorded. */
  hostId: string;
  name: string;
  target: string | null;
  profile: string;
  guestPcpus: number;
  samples: HostSample[];
  rounds: LatencySample[];
  waits: SchedWaits[];
  /** Every switch in its last recorded state (its outcome). */
  switches: ClassSwitch[];
  /** The last scheduler listing. */
  sched: HostSched | null;
  /** The advisor's predictions checked after switches, each in its last recorded state. */
  predictions: PredictionCheck[];
  /** The in-app alerts' raises and clears, oldest first. */
  alerts: Alert[];
}

interface Collected {
  name: string;
  target: string | null;
  profile: string;
  guestPcpus: number;
  samples: ThinnedSeries<HostSample>;
  rounds: ThinnedSeries<LatencySample>;
  waits: HostHistory<SchedWaits>;
  switches: Map<string, ClassSwitch>;
  sched: HostSched | null;
  predictions: Map<string, PredictionCheck>;
  alerts: Alert[];
}

/**
 * Reads a session's journal (on the journal thread, as columns: only the samples and probe
 * results kept become objects) into its hosts, each series evenly thinned to bounded memory with
 * outages kept. Hosts without samples or rounds are left out.
 */
export async function readRecordedHosts(
  dir: string,
  log: (line: string) => void = () => undefined,
  summary: JournalSummary = emptySummary(),
): Promise<RecordedHost[]> {
  const hosts = new Map<string, Collected>();
  const host = (hostId: string): Collected => {
    let c = hosts.get(hostId);
    if (!c) {
      c = {
        name: hostId,
        target: null,
        profile: 'vslicer',
        guestPcpus: 1,
        sched: null,
        switches: new Map(),
        predictions: new Map(),
        alerts: [],
        samples: new ThinnedSeries<HostSample>(MAX_SAMPLES),
        rounds: new ThinnedSeries<LatencySample>(MAX_ROUNDS),
        waits: new HostHistory<SchedWaits>(MAX_WAITS),
      };
      hosts.set(hostId, c);
    }
    return c;
  };
  const items = readOnThread(dir, summary, {
    onFallback: (why) =>
      log(
        `reopening a session: reading the journal in the main thread (slower), as its thread could not start: ${why}`,
      ),
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
      else if (rec.kind === 'waits') host(rec.data.hostId).waits.append(rec.data);
      // The journal holds every state of a switch; the last one is its outcome.
      else if (rec.kind === 'switch') host(rec.data.hostId).switches.set(rec.data.id, rec.data);
      else if (rec.kind === 'sched') host(rec.data.hostId).sched = rec.data;
      else if (rec.kind === 'prediction')
        host(rec.data.hostId).predictions.set(rec.data.switchId, rec.data);
      else if (rec.kind === 'alert') {
        const alerts = host(rec.data.hostId).alerts;
        alerts.push(rec.data);
        if (alerts.length > 2 * MAX_ALERTS) alerts.splice(0, alerts.length - MAX_ALERTS);
      } else if (rec.kind === 'host') {
        Object.assign(host(rec.data.hostId), {
          name: rec.data.name,
          target: rec.data.target,
          profile: rec.data.profile,
          guestPcpus: rec.data.guestPcpus,
        });
      }
    }
  }
  const out: RecordedHost[] = [];
  for (const [hostId, c] of hosts) {
    const samples = c.samples.items();
    const rounds = c.rounds.items();
    if (samples.length === 0 && rounds.length === 0) continue;
    out.push({
      hostId,
      name: c.name,
      target: c.target,
      profile: c.profile,
      guestPcpus: c.guestPcpus,
      samples,
      rounds,
      waits: c.waits.history(hostId),
      switches: [...c.switches.values()],
      sched: c.sched,
      predictions: [...c.predictions.values()],
      alerts: c.alerts.slice(-MAX_ALERTS),
    });
  }
  return out;
}
