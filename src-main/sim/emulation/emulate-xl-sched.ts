import type { SimDomain, SimHostSnapshot } from '../snapshot';
import { num, padRight } from './printf';
import { byDomid } from './emulate-xl-list';

/**
 * `xl sched-vslicer` (modelled on `xl sched-credit`, plus the Microslice column; 0 = NLSVM),
 * `xl sched-credit` and `xl sched-credit2` listings (docs/host-formats.md §3). Every listing is
 * per cpupool of that scheduler; the simulated host has one pool, Pool-0.
 */
export const POOL = 'Pool-0';

export type SchedKind = 'vslicer' | 'credit' | 'credit2';

export function schedHeader(kind: SchedKind): string {
  const base = `${padRight('Name', 33)} ${num('ID', 4)} ${num('Weight', 6)} ${num('Cap', 4)}`;
  return kind === 'vslicer' ? `${base} ${num('Microslice', 10)}\n` : `${base}\n`;
}

export function schedRow(kind: SchedKind, d: SimDomain): string {
  const base = `${padRight(d.name, 33)} ${num(d.domid, 4)} ${num(d.weight, 6)} ${num(d.cap, 4)}`;
  return kind === 'vslicer' ? `${base} ${num(d.microsliceMs, 10)}\n` : `${base}\n`;
}

export function poolLine(kind: SchedKind, snap: SimHostSnapshot): string {
  switch (kind) {
    case 'vslicer':
      return `Cpupool ${POOL}: tslice=${snap.tsliceMs}ms ratelimit=${snap.ratelimitUs}us\n`;
    case 'credit':
      return `Cpupool ${POOL}: tslice=${snap.tsliceMs}ms ratelimit=${snap.ratelimitUs}us migration-delay=0us\n`;
    case 'credit2':
      return `Cpupool ${POOL}: ratelimit=${snap.ratelimitUs}us\n`;
  }
}

/** `sched_domain_output`: pool line, header, rows — or nothing when no pool runs this scheduler. */
export function schedListing(kind: SchedKind, snap: SimHostSnapshot): string {
  if (snap.scheduler !== kind) return '';
  return (
    poolLine(kind, snap) +
    schedHeader(kind) +
    byDomid(snap)
      .map((d) => schedRow(kind, d))
      .join('')
  );
}
