import type { HostId } from '../common/model';
import type { LatencySample } from '../common/sched';

/**
 * Probe rounds kept in memory per host (the session journal keeps everything). Bounded:
 * 20,000 rounds is over two hours of five VMs probed every two seconds. Memory budget: at most
 * 22,000 rounds of 5 echoes per host (trimmed in chunks) ≈ 3.5 MB per host, measured in
 * bench/journal.bench.ts; a 24-hour session of 100 VMs probed every 2 s keeps only its last ~7 minutes
 * here, the journal the rest.
 */
export class LatencyStore {
  private readonly byHost = new Map<HostId, LatencySample[]>();

  constructor(private readonly capacity = 20_000) {}

  append(sample: LatencySample): void {
    let list = this.byHost.get(sample.hostId);
    if (!list) this.byHost.set(sample.hostId, (list = []));
    list.push(sample);
    // Drop in chunks so the cost per sample stays O(1) amortised.
    if (list.length > this.capacity * 1.1) list.splice(0, list.length - this.capacity);
  }

  history(hostId: HostId, sinceMs?: number): LatencySample[] {
    const list = this.byHost.get(hostId) ?? [];
    const from = list.length - Math.min(list.length, this.capacity);
    const kept = list.slice(from);
    return sinceMs === undefined ? kept : kept.filter((s) => s.t > sinceMs);
  }
}
