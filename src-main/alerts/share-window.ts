import { sampleFairness, shareVsEntitlement } from '../common/metrics/fairness';
import type { HostSample } from '../common/model';
import type { HostSched } from '../common/sched';

interface Entry {
  t: number;
  jain: number | null;
  shares: { name: string; share: number; fairShare: number }[];
}

interface Sums {
  share: number;
  fair: number;
  n: number;
}

/**
 * A host's last minutes of fairness figures, as the recording rules average them:
 * `avg_over_time` of Jain's index and, per VM, the mean share over the mean fair share. Each sample
 * is judged once, on arrival, by the dashboard's own functions (`sampleFairness`,
 * `shareVsEntitlement` with the scheduler listing of that moment), and running sums make a round's
 * read O(VMs) whatever the window's length.
 */
export class ShareWindow {
  private readonly entries: Entry[] = [];
  private head = 0;
  private jainSum = 0;
  private jainN = 0;
  private readonly vms = new Map<string, Sums>();

  constructor(private readonly windowMs: number) {}

  add(sample: HostSample, sched: HostSched | null, guestPcpus: number): void {
    // A sample after an outage starts afresh: the figures before the gap are not "now".
    if (sample.gapBefore) this.clear();
    const jain = sampleFairness(sample, sched, guestPcpus);
    const shares = shareVsEntitlement(sample, sched, guestPcpus).map((e) => ({
      name: e.name,
      share: e.share,
      fairShare: e.fairShare,
    }));
    if (jain === null && shares.length === 0) return;
    const entry: Entry = { t: sample.t, jain, shares };
    this.entries.push(entry);
    this.apply(entry, 1);
    this.trim(sample.t);
  }

  /** Drops what is older than the window before `now`. */
  trim(now: number): void {
    while (this.head < this.entries.length && this.entries[this.head]!.t < now - this.windowMs) {
      this.apply(this.entries[this.head]!, -1);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Mean of Jain's index over the window; null without data. */
  jain(): number | null {
    return this.jainN === 0 ? null : this.jainSum / this.jainN;
  }

  /** Per VM: mean share ÷ mean fair share over the window (null where the fair share was 0). */
  shareOfFair(): Map<string, number | null> {
    const out = new Map<string, number | null>();
    for (const [name, s] of this.vms) out.set(name, s.fair > 1e-9 ? s.share / s.fair : null);
    return out;
  }

  clear(): void {
    this.entries.length = 0;
    this.head = 0;
    this.jainSum = this.jainN = 0;
    this.vms.clear();
  }

  private apply(e: Entry, sign: 1 | -1): void {
    if (e.jain !== null) {
      this.jainSum += sign * e.jain;
      this.jainN += sign;
    }
    for (const v of e.shares) {
      let s = this.vms.get(v.name);
      if (!s) this.vms.set(v.name, (s = { share: 0, fair: 0, n: 0 }));
      s.share += sign * v.share;
      s.fair += sign * v.fairShare;
      s.n += sign;
      if (s.n === 0) this.vms.delete(v.name);
    }
  }
}
