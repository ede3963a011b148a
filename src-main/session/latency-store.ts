import type { HostId } from '../common/model';
import type { LatencySample } from '../common/sched';

/**
 * Probe rounds kept in memory per host (the journal of issue 7 keeps everything). Bounded:
 * 20,000 rounds is over two hours of five VMs probed every two seconds.
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
