import type { HostSample } from '@common/model';
import { mergeSamples } from '../sample-merge';

/**
 * The coarse tier of a host's series: samples older than the samples store's hour, kept for the
 * "whole session" range. Memory is bounded by `capacity` merged samples whatever the session's
 * length: frames are merged into one per `stepMs` (means of each VM's share, see mergeSamples),
 * and when the tier is full every two neighbours are merged and the step doubles. A day at the
 * default 15 s step and 2880 slots thins once, to 30 s; a week, to 4 min. With 50 VMs a merged
 * sample is about 10 kB, so the tier stays under ~30 MB.
 */
export class SessionTier {
  private items: HostSample[] = [];
  private pending: HostSample[] = [];
  private step: number;

  constructor(
    private readonly capacity = 2880,
    stepMs = 15_000,
  ) {
    this.step = stepMs;
  }

  get stepMs(): number {
    return this.step;
  }

  /** Oldest first; the same array until something is added or thinned. */
  samples(): readonly HostSample[] {
    return this.items;
  }

  clear(): void {
    this.items = [];
    this.pending = [];
  }

  /** Samples must arrive oldest first (they are what the fine tier evicts). */
  push(sample: HostSample): void {
    const first = this.pending[0];
    if (first && sample.t - first.t >= this.step) {
      this.items = [...this.items, mergeSamples(this.pending)];
      this.pending = [];
      if (this.items.length > this.capacity) this.thin();
    }
    this.pending.push(sample);
  }

  private thin(): void {
    const next: HostSample[] = [];
    for (let i = 0; i < this.items.length; i += 2) next.push(mergeSamples(this.items.slice(i, i + 2)));
    this.items = next;
    this.step *= 2;
  }
}
