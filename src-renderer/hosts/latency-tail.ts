import { LatencyAccumulator } from '@common/metrics/latency';

/** RTTs kept per VM for the overview's p99: enough for a stable tail, fixed in size. */
const KEEP = 200;

/** 99th percentile by nearest rank, as the reports and the latency panel take it; null for no values. */
export function p99(values: readonly number[]): number | null {
  const acc = new LatencyAccumulator();
  for (const v of values) acc.add(v);
  return acc.quantile(0.99);
}

/**
 * The last RTTs of each VM of one host. Lost echoes (null) are left out of the percentile:
 * a loss is not a latency, and the latency panel reports losses on their own. A VM's p99 is
 * worked out when asked for (undefined until then), not on every probe round.
 */
export class LatencyTail {
  private readonly byVm = new Map<string, { rtts: number[]; p99: number | null | undefined }>();

  add(vm: string, rttMs: readonly (number | null)[]): void {
    let entry = this.byVm.get(vm);
    if (!entry) this.byVm.set(vm, (entry = { rtts: [], p99: null }));
    for (const r of rttMs) if (r !== null) entry.rtts.push(r);
    if (entry.rtts.length > KEEP) entry.rtts.splice(0, entry.rtts.length - KEEP);
    entry.p99 = undefined;
  }

  worstP99(): number | null {
    let worst: number | null = null;
    for (const entry of this.byVm.values()) {
      if (entry.p99 === undefined) entry.p99 = p99(entry.rtts);
      const v = entry.p99;
      if (v !== null && (worst === null || v > worst)) worst = v;
    }
    return worst;
  }
}
