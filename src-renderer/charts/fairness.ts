import { DOM0_NAME, type HostSample } from '@common/model';
import type { HostSched } from '@common/sched';

/**
 * Fairness of CPU share among a host's guests (issue 6, item 4).
 *
 * A VM's entitlement is its weight over the sum of the weights of the guests sharing the pCPUs
 * (Domain-0 runs on its own core and is left out). Jain's index is taken over the shares
 * normalised by entitlement, x_i = share_i / entitlement_i, J = (Σx)² / (n·Σx²): 1 when every
 * guest gets exactly its entitlement, down to 1/n when one guest gets everything. Without a
 * scheduler listing every weight counts as equal.
 */

/** Xen's default credit weight: what a VM missing from the listing is assumed to have. */
export const DEFAULT_WEIGHT = 256;

export type Weights = ReadonlyMap<string, number>;

export function weightsOf(sched: HostSched | null | undefined): Weights {
  return new Map((sched?.vms ?? []).filter((v) => v.weight > 0).map((v) => [v.name, v.weight]));
}

/** Entitlement (0–1) of each named guest among `names`. */
export function entitlements(names: readonly string[], weights: Weights): Map<string, number> {
  const w = names.map((n) => weights.get(n) ?? DEFAULT_WEIGHT);
  const total = w.reduce((a, b) => a + b, 0);
  return new Map(names.map((n, i) => [n, total > 0 ? (w[i] ?? 0) / total : 0]));
}

/** Jain's index of the values; null when there is nothing to judge (no values, or all zero). */
export function jainIndex(xs: readonly number[]): number | null {
  let sum = 0;
  let sumSq = 0;
  for (const x of xs) {
    sum += x;
    sumSq += x * x;
  }
  return xs.length === 0 || sumSq === 0 ? null : (sum * sum) / (xs.length * sumSq);
}

/** Measured guests of one sample, with their share (0–1). */
function guests(sample: HostSample): Array<{ name: string; share: number }> {
  const out: Array<{ name: string; share: number }> = [];
  for (const d of sample.domains) {
    if (d.name !== DOM0_NAME && d.share !== null) out.push({ name: d.name, share: d.share });
  }
  return out;
}

/** Jain's index of one sample over weight-normalised shares; null without measured guests. */
export function sampleFairness(sample: HostSample, weights: Weights): number | null {
  const g = guests(sample);
  const ent = entitlements(
    g.map((x) => x.name),
    weights,
  );
  return jainIndex(g.map((x) => x.share / (ent.get(x.name) || 1)));
}

export interface FairnessPoint {
  x: number;
  /** null at an outage (see shareSeries) or when a sample has no measured guest. */
  y: number | null;
}

/**
 * The index per sample. Today's weights are applied to the whole range: the listing has no
 * history, and weights rarely change while a class switch (what the chart is watched for)
 * keeps them.
 */
export function fairnessSeries(samples: readonly HostSample[], weights: Weights): FairnessPoint[] {
  const points: FairnessPoint[] = [];
  for (const s of samples) {
    if (s.gapBefore && points.length > 0 && points.at(-1)?.y !== null) points.push({ x: s.t - 1, y: null });
    const j = sampleFairness(s, weights);
    if (j !== null) points.push({ x: s.t, y: j });
  }
  return points;
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
  const g = guests(sample).sort((a, b) => a.name.localeCompare(b.name));
  const ent = entitlements(
    g.map((x) => x.name),
    weights,
  );
  return g.map(({ name, share }) => ({
    name,
    share,
    weight: weights.get(name) ?? DEFAULT_WEIGHT,
    entitlement: ent.get(name) ?? 0,
  }));
}
