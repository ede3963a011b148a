import type { HostSched } from '../sched';
import { DEFAULT_WEIGHT } from '../vslicer/credit-defaults';

/**
 * What a VM is entitled to, where it can run: one definition for the share the core measures,
 * the fair share the dashboard and the reports show, and the fairness index over both.
 *
 * A VM competes with the VMs whose pCPUs overlap its own (its cpupool's pCPUs, narrowed by the
 * hard affinity of its vCPUs): together they form a group whose capacity is the number of pCPUs
 * they can use. A VM's share is its CPU time over that capacity. Its fair share comes from
 * weighted water-filling of the capacity: by weight, but never more than it can use — its vCPUs,
 * its pCPUs, its cap — and, demand-aware, never more than it wants: a VM that is blocked (idle)
 * while using less than its entitlement is fair at what it used, and the rest goes to the others
 * by weight. Domain-0 keeps its own accounting and is left out, as in the paper's setup.
 *
 * Exact when the VMs of a group can all use the same pCPUs (one pool, or all pinned alike);
 * where affinities only partly overlap, the group's water-filling is an approximation.
 */

/** Where each VM runs: its group's capacity in pCPUs (the denominator of its share). */
export interface Placement {
  /** pCPUs the VM's group can use; null when the host did not say (use the host's count). */
  capacity: number | null;
  /** The group's members, by name. */
  group: readonly string[];
}

/** Groups VMs whose pCPU sets overlap; each gets its group's capacity. */
export function placements(
  vms: readonly { name: string; pcpus?: number[] | null }[],
): Map<string, Placement> {
  const out = new Map<string, Placement>();
  const known = vms.filter(
    (v): v is { name: string; pcpus: number[] } => (v.pcpus?.length ?? 0) > 0,
  );
  const parent = known.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<number, number>();
  known.forEach((v, i) => {
    for (const c of v.pcpus) {
      const j = owner.get(c);
      if (j === undefined) owner.set(c, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, { names: string[]; cpus: Set<number> }>();
  known.forEach((v, i) => {
    const r = find(i);
    let g = groups.get(r);
    if (!g) groups.set(r, (g = { names: [], cpus: new Set() }));
    g.names.push(v.name);
    for (const c of v.pcpus) g.cpus.add(c);
  });
  for (const g of groups.values()) {
    for (const name of g.names) out.set(name, { capacity: g.cpus.size, group: g.names });
  }
  for (const v of vms) if (!out.has(v.name)) out.set(v.name, { capacity: null, group: [] });
  return out;
}

export interface FairOutput {
  /** Its fair share of the group's capacity, 0–1. */
  fairShare: number;
  /** It used less than its weight's entitlement because it wanted less (blocked, idle). */
  wantsLess: boolean;
}

/** Weighted water-filling of `capacity` pCPUs among VMs each limited to `limit` pCPUs. */
function waterFill(capacity: number, vms: readonly { weight: number; limit: number }[]): number[] {
  const alloc = vms.map(() => 0);
  let left = capacity;
  let open = vms.map((_, i) => i).filter((i) => vms[i]!.limit > 0);
  while (open.length > 0 && left > 1e-12) {
    const w = open.reduce((s, i) => s + vms[i]!.weight, 0);
    const full = open.filter((i) => (left * vms[i]!.weight) / w >= vms[i]!.limit - alloc[i]!);
    if (full.length === 0) {
      for (const i of open) alloc[i]! += (left * vms[i]!.weight) / w;
      break;
    }
    for (const i of full) {
      left -= vms[i]!.limit - alloc[i]!;
      alloc[i] = vms[i]!.limit;
    }
    open = open.filter((i) => !full.includes(i));
  }
  return alloc;
}

/** A measured guest of one sample: its share of its group's capacity, its state. */
export interface GuestShare {
  name: string;
  share: number;
  vcpus: number;
  /** xentop's STATE: `b` in it means blocked. */
  state: string;
}

export interface Entitlement extends FairOutput {
  name: string;
  weight: number;
  share: number;
  /** pCPUs of its group (the denominator of its share). */
  capacity: number;
}

interface Group {
  capacity: number;
  /** Indices into the guests of the prepared sample. */
  members: number[];
  weights: number[];
  limits: number[];
  /** Water-filling by weight alone: what each may have when all want all they can use. */
  byWeight: number[];
}

/**
 * Fair shares of a host's guests, sample after sample. What depends only on the host's listing
 * and on which guests a sample has (groups, capacities, limits, the allocation by weight) is
 * worked out once and kept while the guests stay the same; per sample only the demand-aware part
 * is redone, and only when an idle guest is below its entitlement. A report reads 86,400 samples
 * of 100 guests a day, the dashboard one a second: one implementation serves both.
 */
export class FairShareCalculator {
  private readonly byName: Map<string, HostSched['vms'][number]>;
  private keyNames: string[] = [];
  private keyVcpus: number[] = [];
  private groups: Group[] = [];

  constructor(
    sched: Pick<HostSched, 'vms'> | null | undefined,
    private readonly fallbackPcpus: number,
  ) {
    this.byName = new Map((sched?.vms ?? []).map((v) => [v.name, v]));
  }

  /** Each guest's share against its fair share. */
  entitlements(guests: readonly GuestShare[]): Entitlement[] {
    const out: Entitlement[] = [];
    this.evaluate(guests, (g, _i, capacity, weight, fairPcpus, wantsLess) =>
      out.push({
        name: g.name,
        weight,
        share: g.share,
        capacity,
        fairShare: fairPcpus / capacity,
        wantsLess,
      }),
    );
    return out;
  }

  /** Jain's index over share / fair share; null without a guest that has a fair share. */
  jain(guests: readonly GuestShare[]): number | null {
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    this.evaluate(guests, (g, _i, capacity, _w, fairPcpus) => {
      if (fairPcpus <= 0) return;
      const x = (g.share * capacity) / fairPcpus;
      n++;
      sum += x;
      sumSq += x * x;
    });
    return n === 0 || sumSq === 0 ? null : (sum * sum) / (n * sumSq);
  }

  private evaluate(
    guests: readonly GuestShare[],
    visit: (
      g: GuestShare,
      i: number,
      capacity: number,
      weight: number,
      fairPcpus: number,
      wantsLess: boolean,
    ) => void,
  ): void {
    this.prepare(guests);
    for (const grp of this.groups) {
      const m = grp.members.length;
      let anyLess = false;
      const less = new Array<boolean>(m);
      for (let k = 0; k < m; k++) {
        const g = guests[grp.members[k]!]!;
        less[k] = g.state.includes('b') && g.share * grp.capacity < grp.byWeight[k]! * 0.95;
        anyLess ||= less[k]!;
      }
      // An idle VM below its entitlement wants no more than it used; what it leaves goes to the rest.
      const fair = anyLess
        ? waterFill(
            grp.capacity,
            grp.members.map((gi, k) => ({
              weight: grp.weights[k]!,
              limit: less[k] ? guests[gi]!.share * grp.capacity : grp.limits[k]!,
            })),
          )
        : grp.byWeight;
      for (let k = 0; k < m; k++) {
        const gi = grp.members[k]!;
        visit(guests[gi]!, gi, grp.capacity, grp.weights[k]!, fair[k]!, less[k]!);
      }
    }
  }

  private prepare(guests: readonly GuestShare[]): void {
    const same =
      guests.length === this.keyNames.length &&
      guests.every((g, i) => g.name === this.keyNames[i] && g.vcpus === this.keyVcpus[i]);
    if (same) return;
    this.keyNames = guests.map((g) => g.name);
    this.keyVcpus = guests.map((g) => g.vcpus);
    const place = placements(
      guests.map((g) => ({ name: g.name, pcpus: this.byName.get(g.name)?.pcpus ?? null })),
    );
    const byKey = new Map<string, number[]>();
    guests.forEach((g, i) => {
      const p = place.get(g.name)!;
      const key = p.capacity === null ? '' : p.group.join('\u0000');
      const list = byKey.get(key) ?? [];
      list.push(i);
      byKey.set(key, list);
    });
    this.groups = [...byKey.values()].map((members) => {
      const capacity = place.get(guests[members[0]!]!.name)!.capacity ?? this.fallbackPcpus;
      const weights: number[] = [];
      const limits: number[] = [];
      for (const i of members) {
        const g = guests[i]!;
        const v = this.byName.get(g.name);
        const pcpus = v?.pcpus?.length ?? capacity;
        const maxPcpus = Math.min(Math.max(1, v?.vcpus ?? g.vcpus), pcpus);
        const cap = v?.cap ?? 0;
        weights.push(v && v.weight > 0 ? v.weight : DEFAULT_WEIGHT);
        limits.push(Math.min(maxPcpus, cap > 0 ? cap / 100 : Infinity, capacity));
      }
      const byWeight = waterFill(
        capacity,
        weights.map((weight, k) => ({ weight, limit: limits[k]! })),
      );
      return { capacity, members, weights, limits, byWeight };
    });
  }
}

/**
 * Each measured guest's share against its fair share, from one sample and the host's scheduling
 * view (weights, caps, pools, affinity; `fallbackPcpus` where the host did not say where VMs run).
 */
export function entitlementsOf(
  guests: readonly GuestShare[],
  sched: Pick<HostSched, 'vms'> | null | undefined,
  fallbackPcpus: number,
): Entitlement[] {
  return new FairShareCalculator(sched, fallbackPcpus).entitlements(guests);
}
