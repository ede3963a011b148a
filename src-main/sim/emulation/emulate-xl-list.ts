import type { SimDomain, SimHostSnapshot } from '../snapshot';
import { fixed, num, padLeft, padRight } from './printf';

/**
 * `xl list [-v]` as tools/xl/xl_info.c `list_domains()` prints it (docs/host-formats.md §2): two
 * TABs in the header, rows in domid order, Mem in MiB, VCPUs online, State `rbps?d`, Time(s)
 * `%8.1f`.
 */
export const XL_LIST_HEADER =
  'Name                                        ID   Mem VCPUs\tState\tTime(s)';
const VERBOSE_HEADER = '   UUID                            Reason-Code\tSecurity Label';

/** libxl shutdown reasons 0 poweroff … 3 crash; the simulation knows only these two. */
const SHUTDOWN_POWEROFF = 0;
const SHUTDOWN_CRASH = 3;

function shutdownReason(d: SimDomain): number | null {
  if (d.flags.crashed) return SHUTDOWN_CRASH;
  if (d.flags.shutdown) return SHUTDOWN_POWEROFF;
  return null;
}

export function xlStateText(d: SimDomain): string {
  const f = d.flags;
  const reason = shutdownReason(d);
  return (
    (f.running ? 'r' : '-') +
    (f.blocked ? 'b' : '-') +
    (f.paused ? 'p' : '-') +
    (reason !== null ? 's' : '-') +
    (reason !== null ? '-rscwS'[reason] : '-') +
    (f.dying ? 'd' : '-')
  );
}

export function xlListRow(d: SimDomain, verbose: boolean): string {
  let s =
    `${padRight(d.name, 40)} ${num(d.domid, 5)} ${num(d.memKiB / 1024n, 5)} ${num(d.vcpuNs.length, 5)}     ` +
    `${xlStateText(d)}  ${fixed(Number(d.cpuNs) / 1e9, 1, 8)}`;
  if (verbose) {
    const reason = shutdownReason(d);
    s += ` ${d.uuid}`;
    s += reason !== null ? ` ${padLeft(reason.toString(16), 8)}` : ` ${padLeft('-', 8)}`;
    s += ` ${padLeft('-', 16)}`;
  }
  return s + '\n';
}

/** The whole listing; `domains` already filtered and in domid order. */
export function xlList(domains: readonly SimDomain[], verbose: boolean): string {
  let s = XL_LIST_HEADER + (verbose ? VERBOSE_HEADER : '') + '\n';
  for (const d of [...domains].sort((a, b) => a.domid - b.domid)) s += xlListRow(d, verbose);
  return s;
}

/** Domains of a snapshot in domid order. */
export function byDomid(snap: SimHostSnapshot): SimDomain[] {
  return [...snap.domains].sort((a, b) => a.domid - b.domid);
}
