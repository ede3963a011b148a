import { DOM0_NAME, type HostSample } from '../model';
import type { HostSched } from '../sched';
import {
  entitlementsOf,
  FairShareCalculator,
  type Entitlement,
  type GuestShare,
} from './fair-share';

/**
 * Fairness of CPU share among a host's guests: one definition for the dashboard, the reports and
 * the simulation. Jain's index (Jain, Chiu and Hawe 1984) is taken over the shares normalised by
 * each guest's fair share (fair-share.ts: by weight among the guests that can use the same pCPUs,
 * within what each can and wants to use), x_i = share_i / fair_i, J = (Σx)² / (n·Σx²): 1 when
 * every guest gets exactly its fair share, down to 1/n when one guest gets everything. Without a
 * scheduler listing every weight counts as equal.
 */

/** Running sums of Jain's index, for callers that see the values one at a time. */
export class JainSums {
  n = 0;
  sum = 0;
  sumSq = 0;

  add(x: number): void {
    this.n++;
    this.sum += x;
    this.sumSq += x * x;
  }

  reset(): void {
    this.n = this.sum = this.sumSq = 0;
  }

  /** null when there is nothing to judge: no values, or all zero. */
  index(): number | null {
    return this.n === 0 || this.sumSq === 0 ? null : (this.sum * this.sum) / (this.n * this.sumSq);
  }
}

/** Jain's index of the values; null when there is nothing to judge (no values, or all zero). */
export function jainIndex(xs: readonly number[]): number | null {
  const sums = new JainSums();
  for (const x of xs) sums.add(x);
  return sums.index();
}

/** Measured guests of one sample: their share (0–1 of their group's pCPUs), vCPUs and state. */
export function guestShares(sample: HostSample): GuestShare[] {
  const out: GuestShare[] = [];
  for (const d of sample.domains) {
    if (d.name !== DOM0_NAME && d.share !== null) {
      out.push({ name: d.name, share: d.share, vcpus: d.vcpus, state: d.state });
    }
  }
  return out;
}

/**
 * Jain's index of one sample over each guest's share normalised by its fair share
 * (fair-share.ts: by weight where the guest can run, demand-aware); null without measured guests.
 */
export function sampleFairness(
  sample: HostSample,
  sched: Pick<HostSched, 'vms'> | null | undefined,
  fallbackPcpus: number,
): number | null {
  return new FairShareCalculator(sched, fallbackPcpus).jain(guestShares(sample));
}

/** Each measured guest's share against its fair share, sorted by name. */
export function shareVsEntitlement(
  sample: HostSample | null,
  sched: Pick<HostSched, 'vms'> | null | undefined,
  fallbackPcpus: number,
): Entitlement[] {
  if (!sample) return [];
  return entitlementsOf(guestShares(sample), sched, fallbackPcpus).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
}
