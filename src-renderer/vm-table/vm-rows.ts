import { DOM0_NAME, type DomainSample } from '@common/model';
import { entitlementsOf, type GuestShare } from '@common/metrics/fair-share';
import type { WaitSummary } from '@common/metrics/sched-waits';
import type { VmClass, VmSched } from '@common/sched';

/**
 * The VM table's rows: xentop's domains joined with the scheduler listing by name (xentop has no
 * domid), plus each guest's fair share and recent latency. Pure, so sorting and the join are
 * tested without mounting the table.
 */
export interface VmRow {
  name: string;
  domid: number | null;
  state: string;
  cpuPct: number | null;
  /** Share of the guests' pCPUs, 0–1 (null for Domain-0). */
  share: number | null;
  /**
   * Its fair share of the pCPUs it can run on (common/metrics/fair-share.ts: by weight, within
   * its vCPUs, affinity and cap, demand-aware), 0–1; null for Domain-0 or before a measurement.
   */
  fairShare: number | null;
  /** Idle below its weight's entitlement: it wants less than it could have. */
  wantsLess: boolean;
  weight: number | null;
  cap: number | null;
  vmClass: VmClass | null;
  microsliceMs: number | null;
  p50: number | null;
  p99: number | null;
  /**
   * Its scheduling waits over the last minute, as the hypervisor counts them: the p99 as its
   * log2 bucket's bound (ms) and the largest; null where the host gives none.
   */
  waitP99: number | null;
  waitMax: number | null;
  isDom0: boolean;
}

export type SortKey =
  | 'name'
  | 'domid'
  | 'state'
  | 'cpuPct'
  | 'share'
  | 'weight'
  | 'cap'
  | 'vmClass'
  | 'microsliceMs'
  | 'p50'
  | 'p99'
  | 'waitP99';
export type SortDir = 'ascending' | 'descending';

/**
 * xentop prints at most 10 bytes of a name without -f, so "web-frontend" may arrive as
 * "web-fronte": an exact match first, else the one scheduler name the truncated one starts.
 */
function findSched(name: string, byName: ReadonlyMap<string, VmSched>): VmSched | undefined {
  const exact = byName.get(name);
  if (exact || name.length < 10) return exact;
  const candidates = [...byName.values()].filter((v) => v.name.startsWith(name));
  return candidates.length === 1 ? candidates[0] : undefined;
}

export function joinRows(
  domains: readonly DomainSample[],
  sched: readonly VmSched[],
  latency: ReadonlyMap<string, { p50: number | null; p99: number | null }>,
  /** The host's guest pCPUs, for VMs the host did not say where they run. */
  guestPcpus = 1,
  waits: ReadonlyMap<string, WaitSummary> = new Map(),
): VmRow[] {
  const byName = new Map(sched.map((v) => [v.name, v]));
  const guests: GuestShare[] = domains.flatMap((d) =>
    d.name === DOM0_NAME || d.share === null
      ? []
      : [
          {
            name: findSched(d.name, byName)?.name ?? d.name,
            share: d.share,
            vcpus: d.vcpus,
            state: d.state,
          },
        ],
  );
  const fair = new Map(
    entitlementsOf(guests, { vms: [...sched] }, guestPcpus).map((e) => [e.name, e]),
  );
  return domains.map((d) => {
    const s = findSched(d.name, byName);
    const isDom0 = d.name === DOM0_NAME;
    const name = s?.name ?? d.name;
    const lat = latency.get(name);
    const w = waits.get(name);
    return {
      name,
      domid: s?.domid ?? (isDom0 ? 0 : null),
      state: d.state,
      cpuPct: d.cpuPct,
      share: d.share,
      fairShare: isDom0 ? null : (fair.get(name)?.fairShare ?? null),
      wantsLess: !isDom0 && (fair.get(name)?.wantsLess ?? false),
      weight: s?.weight ?? null,
      cap: s?.cap ?? null,
      vmClass: isDom0 ? null : (s?.vmClass ?? null),
      microsliceMs: isDom0 ? null : (s?.microsliceMs ?? null),
      p50: lat?.p50 ?? null,
      p99: lat?.p99 ?? null,
      waitP99: w?.p99MaxMs ?? null,
      waitMax: w?.maxMs ?? null,
      isDom0,
    };
  });
}

/**
 * Case-insensitive: a class name ("lsvm", "nlsvm") matches that class exactly (so "lsvm" does not
 * also match every NLSVM), anything else matches part of the name.
 */
export function filterRows(rows: readonly VmRow[], query: string): VmRow[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...rows];
  return rows.filter((r) => r.name.toLowerCase().includes(q) || r.vmClass?.toLowerCase() === q);
}

/** Domain-0 stays on top (it runs on its own core, not among the guests); empty cells sort last. */
export function sortRows(rows: readonly VmRow[], key: SortKey, dir: SortDir): VmRow[] {
  const sign = dir === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (a.isDom0 !== b.isDom0) return a.isDom0 ? -1 : 1;
    const x = a[key];
    const y = b[key];
    if (x === y) return a.name.localeCompare(b.name);
    if (x === null) return 1;
    if (y === null) return -1;
    const c =
      typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c * sign || a.name.localeCompare(b.name);
  });
}
