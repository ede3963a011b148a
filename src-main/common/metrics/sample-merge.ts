import type { DomainSample, HostSample } from '../model';

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

/**
 * One sample standing for several consecutive ones: each VM's share and CPU % are the mean of
 * its measured values (an unmeasured frame is skipped, never counted as zero), so a thinned
 * series keeps the CPU time each VM got. The merged sample carries the newest time and the
 * newest other fields, and `gapBefore` when any merged frame followed an outage, so charts still
 * break the line there. Used by the session tier of the samples store and by chart bucketing.
 */
export function mergeSamples(group: readonly HostSample[]): HostSample {
  const last = group.at(-1);
  if (!last) throw new Error('mergeSamples: empty group');
  if (group.length === 1) return last;
  const byName = new Map<string, { latest: DomainSample; shares: number[]; cpu: number[] }>();
  for (const sample of group) {
    for (const d of sample.domains) {
      let acc = byName.get(d.name);
      if (!acc) byName.set(d.name, (acc = { latest: d, shares: [], cpu: [] }));
      acc.latest = d;
      if (d.share !== null) acc.shares.push(d.share);
      if (d.cpuPct !== null) acc.cpu.push(d.cpuPct);
    }
  }
  return {
    hostId: last.hostId,
    t: last.t,
    rejected: [],
    gapBefore: group.some((s) => s.gapBefore),
    domains: [...byName.values()].map(({ latest, shares, cpu }) => ({
      ...latest,
      share: mean(shares),
      cpuPct: mean(cpu),
    })),
  };
}

/** Index of the first sample with `t >= ms` (samples oldest first), by bisection. */
export function firstAtOrAfter(samples: readonly { t: number }[], ms: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((samples[mid]?.t ?? Infinity) < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
