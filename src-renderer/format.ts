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
