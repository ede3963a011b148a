/** Numbers with their units, as the dashboard prints them. */

export function formatKiB(kib: number | null): string {
  if (kib === null) return 'no limit';
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = kib;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

export const formatPct = (pct: number | null, digits = 1): string =>
  pct === null ? '—' : `${pct.toFixed(digits)} %`;

export function formatClock(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** xentop's STATE letters (dsbcpr, FORMATS.md §1.5) as words. */
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

/** A relative change with its sign (a real minus sign), e.g. "−62 %"; "—" when unknown. */
export function formatChange(pct: number | null): string {
  if (pct === null) return '—';
  const rounded = Math.round(pct);
  if (rounded === 0) return '±0 %';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)} %`;
}

/** Bytes with a binary unit, e.g. "1.2 MiB" (journal sizes). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

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
