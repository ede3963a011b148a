import type { HostId } from '../common/model';

/**
 * The recent history of one kind of per-host reading kept in memory (probe rounds, scheduling
 * waits); the session journal keeps everything. Bounded per host and trimmed in chunks, so the
 * cost per reading stays O(1) amortised.
 *
 * Probe rounds: 20,000 per host is over two hours of five VMs probed every two seconds, at most
 * ≈ 3.5 MB per host (measured in bench/journal.bench.ts); a 24-hour session of 100 VMs probed
 * every 2 s keeps only its last ~7 minutes here, the journal the rest.
 */
export class HostHistory<T extends { hostId: HostId; t: number }> {
  private readonly byHost = new Map<HostId, T[]>();

  constructor(private readonly capacity = 20_000) {}

  append(reading: T): void {
    let list = this.byHost.get(reading.hostId);
    if (!list) this.byHost.set(reading.hostId, (list = []));
    list.push(reading);
    if (list.length > this.capacity * 1.1) list.splice(0, list.length - this.capacity);
  }

  history(hostId: HostId, sinceMs?: number): T[] {
    const list = this.byHost.get(hostId) ?? [];
    const from = list.length - Math.min(list.length, this.capacity);
    const kept = list.slice(from);
    return sinceMs === undefined ? kept : kept.filter((s) => s.t > sinceMs);
  }
}
