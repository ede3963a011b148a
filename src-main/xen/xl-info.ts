import { isChatter, splitLines, type ChatterLine } from './text/lines';
import { issue, type ParseIssue } from './text/parse-issue';

/**
 * `xl info` / `xm info` (docs/host-formats.md §6, trap 14): `%-23s: %s` lines, split on the
 * first `": "` only (values hold colons and spaces, may be empty or end in a space). Keys differ
 * between xl and xend (`total_memory` vs `memory`), so the typed fields read both.
 */
export interface XlInfo {
  /** Every key as printed → its value as printed (trailing spaces kept). */
  values: Record<string, string>;
  host: string | null;
  nrCpus: number | null;
  /** MHz; `"%d.%03d"` since 4.11, an integer before. */
  cpuMhz: number | null;
  totalMemoryMiB: number | null;
  freeMemoryMiB: number | null;
  /** `xen_version`, or major.minor+extra on hosts older than 4.4. */
  xenVersion: string | null;
  scheduler: string | null;
  errors: ParseIssue[];
  chatter: ChatterLine[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function numberOrNull(v: string | undefined): number | null {
  if (v === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(v)) return null;
  return Number(v);
}

export function parseXlInfo(text: string): XlInfo {
  const values: Record<string, string> = Object.create(null);
  const errors: ParseIssue[] = [];
  const chatter: ChatterLine[] = [];
  const lines = splitLines(typeof text === 'string' ? text : '');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const sep = line.indexOf(':');
    const key = sep > 0 ? line.slice(0, sep).trimEnd() : '';
    if (sep < 0 || !KEY.test(key) || line.slice(0, sep) !== key.padEnd(sep)) {
      if (isChatter(line)) chatter.push({ line: i + 1, text: line });
      else errors.push(issue(i + 1, 1, '"key: value"', line, 'xl info'));
      continue;
    }
    // "key : value" – the space after ':' is part of the format; an empty value has it too.
    const value = line.charCodeAt(sep + 1) === 32 ? line.slice(sep + 2) : line.slice(sep + 1);
    values[key] = value;
  }
  const v = (k: string): string | undefined => values[k];
  const version =
    v('xen_version') ??
    (v('xen_major') !== undefined && v('xen_minor') !== undefined
      ? `${v('xen_major')}.${v('xen_minor')}${v('xen_extra') ?? ''}`
      : null);
  return {
    values,
    host: v('host') ?? null,
    nrCpus: numberOrNull(v('nr_cpus')),
    cpuMhz: numberOrNull(v('cpu_mhz')),
    totalMemoryMiB: numberOrNull(v('total_memory') ?? v('memory')),
    freeMemoryMiB: numberOrNull(v('free_memory')),
    xenVersion: version?.trim() ?? null,
    scheduler: v('xen_scheduler')?.trim() ?? null,
    errors,
    chatter,
  };
}
