import { DOM0_NAME, type HostSample } from '../model';
import type { HostSched } from '../sched';
import { DEFAULT_WEIGHT } from '../vslicer/credit-defaults';

/**
 * Fairness of CPU share among a host's guests: one definition for the dashboard, the reports and
 * the simulation.
 *
 * A VM's entitlement is its weight over the sum of the weights of the guests sharing the pCPUs
 * (Domain-0 runs on its own core and is left out). Jain's index (Jain, Chiu and Hawe 1984) is
 * taken over the shares normalised by entitlement, x_i = share_i / entitlement_i,
 * J = (Σx)² / (n·Σx²): 1 when every guest gets exactly its entitlement, down to 1/n when one guest
 * gets everything. J is scale-invariant, so share_i / weight_i gives the same index — which is
 * how a hot path that has no entitlement at hand computes it (`JainSums`). Without a scheduler
 * listing every weight counts as equal.
 */

export type Weights = ReadonlyMap<string, number>;

export function weightsOf(sched: HostSched | null | undefined): Weights {
  return new Map((sched?.vms ?? []).filter((v) => v.weight > 0).map((v) => [v.name, v.weight]));
}

export const weightOf = (weights: Weights, name: string): number =>
  weights.get(name) ?? DEFAULT_WEIGHT;

/** Entitlement (0–1) of each named guest among `names`. */
export function entitlements(names: readonly string[], weights: Weights): Map<string, number> {
  const w = names.map((n) => weightOf(weights, n));
  const total = w.reduce((a, b) => a + b, 0);
  return new Map(names.map((n, i) => [n, total > 0 ? (w[i] ?? 0) / total : 0]));
}

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

/** Measured guests of one sample, with their share (0–1). */
export function guestShares(sample: HostSample): Array<{ name: string; share: number }> {
  const out: Array<{ name: string; share: number }> = [];
  for (const d of sample.domains) {
    if (d.name !== DOM0_NAME && d.share !== null) out.push({ name: d.name, share: d.share });
  }
  return out;
}

/** Jain's index of one sample over weight-normalised shares; null without measured guests. */
export function sampleFairness(sample: HostSample, weights: Weights): number | null {
  const sums = new JainSums();
  for (const g of guestShares(sample)) sums.add(g.share / weightOf(weights, g.name));
  return sums.index();
}

export interface EntitlementRow {
  name: string;
  weight: number;
  /** 0–1 of the guests' pCPUs. */
  entitlement: number;
  share: number;
}

/** Each measured guest's share against its entitlement, sorted by name. */
export function shareVsEntitlement(sample: HostSample | null, weights: Weights): EntitlementRow[] {
  if (!sample) return [];
  const g = guestShares(sample).sort((a, b) => a.name.localeCompare(b.name));
  const ent = entitlements(
    g.map((x) => x.name),
    weights,
  );
  return g.map(({ name, share }) => ({
    name,
    share,
    weight: weightOf(weights, name),
    entitlement: ent.get(name) ?? 0,
  }));
}
