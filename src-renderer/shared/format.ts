import type { VmClass } from '@common/sched';

/** Numbers with their units, as the dashboard prints them. */

/** `value` in the first of `units`, scaled by 1024 to the largest unit it reaches. */
function binary(value: number, units: readonly string[]): string {
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export const formatKiB = (kib: number | null): string =>
  kib === null ? 'no limit' : binary(kib, ['KiB', 'MiB', 'GiB', 'TiB']);

export const formatPct = (pct: number | null, digits = 1): string =>
  pct === null ? '—' : `${pct.toFixed(digits)} %`;

export function formatClock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * xentop's STATE column as words: six positions, one flag each (d dying, s shut down, b blocked,
 * c crashed, p paused, r running), '-' where the flag is off.
 */
export function describeState(state: string): string {
  const words: string[] = [];
  const flags: Array<[number, string, string]> = [
    [0, 'd', 'dying'],
    [1, 's', 'shut down'],
    [2, 'b', 'blocked'],
    [3, 'c', 'crashed'],
    [4, 'p', 'paused'],
    [5, 'r', 'running'],
  ];
  for (const [pos, letter, word] of flags) if (state[pos] === letter) words.push(word);
  return words.length ? words.join(', ') : 'runnable, waiting for a pCPU';
}

/** Milliseconds as the latency views print them: one decimal below 100 ms, whole above. */
export const formatMs = (ms: number | null): string =>
  ms === null ? '—' : `${ms >= 100 ? ms.toFixed(0) : ms.toFixed(1)} ms`;

/** A VM's class as the switch views name it: "LSVM 5 ms" (with its microslice) or "NLSVM". */
export const formatClass = (c: { vmClass: VmClass; microsliceMs: number }): string =>
  c.vmClass === 'LSVM' ? `LSVM ${c.microsliceMs} ms` : 'NLSVM';

/** A relative change with its sign (a real minus sign), e.g. "−62 %"; "—" when unknown. */
export function formatChange(pct: number | null): string {
  if (pct === null) return '—';
  const rounded = Math.round(pct);
  if (rounded === 0) return '±0 %';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} %`;
}

/** Bytes with a binary unit, e.g. "1.2 MiB" (journal sizes). */
export const formatBytes = (bytes: number): string =>
  binary(bytes, ['B', 'KiB', 'MiB', 'GiB', 'TiB']);

/** A duration as an operator reads it: "42 s", "3 min 05 s", "2 h 07 min". */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** A date and time in the operator's locale, for session start times. */
export const formatDateTime = (ms: number): string =>
  new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
