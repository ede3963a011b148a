import { expect } from 'vitest';

/** One exposition line: name, labels (unescaped as Prometheus reads them) and value. */
export interface Line {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A strict reader of OpenMetrics sample lines: anything it cannot read fails the test. */
export function parse(text: string): { lines: Line[]; types: Map<string, string> } {
  const rows = text.split('\n');
  expect(rows.at(-1)).toBe('');
  expect(rows.at(-2)).toBe('# EOF');
  const lines: Line[] = [];
  const types = new Map<string, string>();
  for (const row of rows.slice(0, -2)) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(row);
    if (type) types.set(type[1]!, type[2]!);
    if (row.startsWith('# HELP ') || type) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(row);
    if (!m) throw new Error(`not an OpenMetrics sample line: ${JSON.stringify(row)}`);
    const labels: Record<string, string> = {};
    const body = m[2] ?? '';
    const label = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;
    for (let at = 0; at < body.length; at = label.lastIndex) {
      label.lastIndex = at;
      const l = label.exec(body);
      if (!l) throw new Error(`bad labels in ${JSON.stringify(row)}`);
      labels[l[1]!] = l[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    lines.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return { lines, types };
}

export const find = (lines: Line[], name: string, labels: Record<string, string>) =>
  lines.filter(
    (l) => l.name === name && Object.entries(labels).every(([k, v]) => l.labels[k] === v),
  );
