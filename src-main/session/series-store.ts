import type { HostId, HostSample } from '../common/model';

/**
 * The bounded in-memory series of each host, in ring buffers. Charts read the last
 * minutes from here; the on-disk journal keeps everything. One slot per sample, so the
 * cost per arriving frame is O(1) and memory is capped at `capacity` samples per host.
 *
 * Memory budget: the last hour at 1 Hz, so a 24-hour session costs what one hour does.
 * For 100 VMs that is 3,600 × 100 domain rows ≈ 51 MB of heap (measured, bench/journal.bench.ts),
 * about 140 bytes per VM-second, whatever the session's length; with the latency store's ≤ 4 MB
 * per host the budget is 60 MB for 100 VMs. Older data is read back from the journal on request.
 */
export class SeriesStore {
  private readonly rings = new Map<HostId, Ring>();

  constructor(private readonly capacity = 3600) {}

  append(sample: HostSample): void {
    let ring = this.rings.get(sample.hostId);
    if (!ring) {
      ring = new Ring(this.capacity);
      this.rings.set(sample.hostId, ring);
    }
    ring.push(sample);
  }

  /** Oldest first; only samples strictly after `sinceMs` when given. */
  history(hostId: HostId, sinceMs?: number): HostSample[] {
    const all = this.rings.get(hostId)?.toArray() ?? [];
    if (sinceMs === undefined) return all;
    const first = all.findIndex((s) => s.t > sinceMs);
    return first < 0 ? [] : all.slice(first);
  }

  latest(hostId: HostId): HostSample | undefined {
    return this.rings.get(hostId)?.last();
  }
}

class Ring {
  private readonly items: (HostSample | undefined)[];
  private next = 0;
  private size = 0;

  constructor(private readonly capacity: number) {
    this.items = new Array<HostSample | undefined>(capacity);
  }

  push(item: HostSample): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  last(): HostSample | undefined {
    return this.size === 0
      ? undefined
      : this.items[(this.next - 1 + this.capacity) % this.capacity];
  }

  toArray(): HostSample[] {
    const out: HostSample[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const item = this.items[(start + i) % this.capacity];
      if (item) out.push(item);
    }
    return out;
  }
}
