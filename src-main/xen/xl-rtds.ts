import {
  INT,
  named,
  parseTable,
  parseTail,
  tok,
  type TableResult,
  type TailToken,
} from './text/table';
import { parsePoolLine } from './xl-sched';

/**
 * `xl sched-rtds [-v all]`: per-domain or per-vCPU Period/Budget (µs) and, from 4.10, Extratime.
 * The per-domain rows always show the scheduler defaults; `-v all` has the real values. The
 * header says whether a VCPU and an Extratime column are present (docs/host-formats.md §4).
 */
export interface RtdsRow {
  name: string;
  domid: number;
  /** null for the per-domain listing. */
  vcpu: number | null;
  periodUs: number;
  budgetUs: number;
  /** null before 4.10 (no Extratime column). */
  extratime: boolean | null;
  pool: string | null;
}

const HEADER = /^\s*Name\s+ID(\s+VCPU)?\s+Period\s+Budget(\s+Extratime)?\s*$/;
const YESNO = tok('Extratime ("yes" or "no")', /^(yes|no)$/);

export function parseXlSchedRtds(text: string): TableResult<RtdsRow> {
  let cols = { vcpu: false, extratime: true };
  let pool: string | null = null;
  return parseTable<RtdsRow>(
    text,
    'xl sched-rtds',
    (line, lineNo) => {
      const spec: TailToken[] = [named(INT, 'ID')];
      if (cols.vcpu) spec.push(named(INT, 'VCPU'));
      spec.push(named(INT, 'Period'), named(INT, 'Budget'));
      if (cols.extratime) spec.push(YESNO);
      const r = parseTail(line, lineNo, 'xl sched-rtds row', spec);
      if (!r.ok) return r.issue;
      const t = r.tokens;
      const k = cols.vcpu ? 1 : 0;
      return {
        name: r.name,
        domid: Number(t[0]),
        vcpu: cols.vcpu ? Number(t[1]) : null,
        periodUs: Number(t[1 + k]),
        budgetUs: Number(t[2 + k]),
        extratime: cols.extratime ? t[3 + k] === 'yes' : null,
        pool,
      };
    },
    (line, lineNo) => {
      const h = HEADER.exec(line);
      if (h) {
        cols = { vcpu: h[1] !== undefined, extratime: h[2] !== undefined };
        return true;
      }
      const p = parsePoolLine(line.trim(), lineNo);
      if (p === null || 'message' in p) return false;
      pool = p.name;
      return true;
    },
  );
}
