import type { ApiEvent } from '../common/api';
import type { HostSummary } from '../common/model';
import type { HostSched } from '../common/sched';
import type { JournalRecord } from './journal/record';

/**
 * Turns the events the core publishes into journal records. Every sample, probe round,
 * scheduling-wait reading, switch state, connection change and alert raise or clear is kept. Class switches are kept in every state (`running`, then
 * `done`/`failed`), so a crash in mid-switch still leaves its trace; a reader takes the last record
 * per switch id. Scheduler listings are kept only when they differ from the host's previous one
 * (the poller re-reads them every few seconds and they rarely change). A host that becomes ready
 * gets a `host` record with its facts.
 */
export class EventRecorder {
  /** The last listing per host, and its content without the time (what "changed" compares). */
  private readonly scheds = new Map<string, { key: string; sched: HostSched }>();
  sink: { record(r: JournalRecord): void } | null = null;

  constructor(
    private readonly hosts: () => HostSummary[],
    private readonly now: () => number = Date.now,
  ) {}

  observe(event: ApiEvent): void {
    if (!this.sink) return;
    const t = this.now();
    switch (event.name) {
      case 'hostSample':
        return this.sink.record({ kind: 'sample', t, data: event.payload });
      case 'latencySample':
        return this.sink.record({ kind: 'latency', t, data: event.payload });
      case 'schedWaits':
        // The baseline reading holds no window: nothing to keep.
        if (event.payload.vms.length === 0 && event.payload.unavailable === null) return;
        return this.sink.record({ kind: 'waits', t, data: event.payload });
      case 'classSwitch':
        return this.sink.record({ kind: 'switch', t, data: event.payload });
      case 'predictionCheck':
        return this.sink.record({ kind: 'prediction', t, data: event.payload });
      case 'alert':
        return this.sink.record({ kind: 'alert', t, data: event.payload });
      case 'hostStatus': {
        const status = event.payload;
        this.sink.record({ kind: 'status', t, data: status });
        const facts = status.state === 'ready' ? this.facts(status.hostId, t) : null;
        if (facts) this.sink.record(facts);
        return;
      }
      case 'hostSched': {
        const sched = event.payload;
        const key = JSON.stringify({ ...sched, t: 0 });
        if (this.scheds.get(sched.hostId)?.key === key) return;
        // Record first: if this starts a session, its prelude still holds the previous listing.
        this.sink.record({ kind: 'sched', t, data: sched });
        this.scheds.set(sched.hostId, { key, sched });
        return;
      }
    }
  }

  /** What a new session starts with, so it stands alone: every host's state, facts and listing. */
  prelude(): JournalRecord[] {
    const t = this.now();
    const out: JournalRecord[] = [];
    // A reopened session's hosts are not part of what is recorded now.
    for (const host of this.hosts().filter((h) => h.kind !== 'recorded')) {
      out.push({ kind: 'status', t, data: host.status });
      const facts = host.status.state === 'ready' ? this.facts(host.id, t) : null;
      if (facts) out.push(facts);
      const sched = this.scheds.get(host.id)?.sched;
      if (sched) out.push({ kind: 'sched', t, data: sched });
    }
    return out;
  }

  private facts(hostId: string, t: number): JournalRecord | null {
    const h = this.hosts().find((x) => x.id === hostId);
    if (!h) return null;
    const data = {
      hostId,
      name: h.name,
      kind: h.kind,
      target: h.target,
      profile: h.profile,
      guestPcpus: h.guestPcpus,
      xenVersion: h.xenVersion,
      scheduler: h.scheduler,
      capabilities: h.capabilities,
    };
    return { kind: 'host', t, data };
  }
}
