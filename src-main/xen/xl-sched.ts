import { issue, type ParseIssue } from './text/parse-issue';
import {
  INT,
  SIGNED,
  named,
  parseTable,
  parseTail,
  type TableResult,
  tok,
  type TailToken,
} from './text/table';

/**
 * `xl sched-vslicer`, `xl sched-credit` / `sched-credit2` (docs/host-formats.md §3) and
 * Xen 3.x `xm sched-credit`, with or without `-s`: per cpupool a `Cpupool …:` line,
 * the `Name ID Weight [Cap] [Microslice]` header and rows. The header decides which columns the
 * rows have (credit2 before 4.10 has no Cap); rows are matched by their fixed tail
 * (trap 15) and belong to the pool of the last `Cpupool` line.
 */
export interface SchedPool {
  name: string;
  tsliceMs: number | null;
  ratelimitUs: number | null;
  migrationDelayUs: number | null;
  /** `[sched params unavailable]`. */
  unavailable: boolean;
}

export interface SchedDomain {
  name: string;
  domid: number;
  weight: number;
  /** null where the header has no Cap column (credit2 < 4.10). */
  cap: number | null;
  /** vSlicer's micro time slice, ms; 0 = NLSVM; null on stock schedulers. */
  microsliceMs: number | null;
  /** The pool of the preceding `Cpupool` line; null for `-d DOM` output and xm. */
  pool: string | null;
}

export interface SchedResult extends TableResult<SchedDomain> {
  pools: SchedPool[];
}

/** Whole ms from `xl sched-vslicer`; vslicer-ctl prints up to three decimals (µs resolution). */
const MICROSLICE = tok('ms, whole or with up to 3 decimals', /^\d+(\.\d{1,3})?$/);
const POOL_LINE = /^Cpupool (.+?):(.*)$/;
const HEADER = /^\s*Name\s+ID\s+Weight(\s+Cap)?(\s+Microslice)?\s*$/;

export function parsePoolLine(line: string, lineNo: number): SchedPool | ParseIssue | null {
  const m = POOL_LINE.exec(line);
  if (!m) return null;
  const pool: SchedPool = {
    name: m[1]!,
    tsliceMs: null,
    ratelimitUs: null,
    migrationDelayUs: null,
    unavailable: false,
  };
  const rest = m[2]!.trim();
  if (rest === '[sched params unavailable]') return { ...pool, unavailable: true };
  if (rest === '' || rest === 'sched=RTDS') return pool;
  let col = line.length - m[2]!.length;
  for (const part of m[2]!.split(' ')) {
    col += part.length + 1;
    if (part === '') continue;
    const kv = /^(tslice|ratelimit|migration-delay)=(\d+)(ms|us)$/.exec(part);
    if (!kv)
      return issue(
        lineNo,
        col - part.length,
        'tslice=Nms, ratelimit=Nus or migration-delay=Nus',
        part,
        'Cpupool line',
      );
    const n = Number(kv[2]);
    if (kv[1] === 'tslice') pool.tsliceMs = n;
    else if (kv[1] === 'ratelimit') pool.ratelimitUs = n;
    else pool.migrationDelayUs = n;
  }
  return pool;
}

export function parseXlSched(text: string): SchedResult {
  const pools: SchedPool[] = [];
  let pool: string | null = null;
  let cols = { cap: true, microslice: false };
  const extraErrors: ParseIssue[] = [];
  const res = parseTable<SchedDomain>(
    text,
    'xl sched',
    (line, lineNo) => {
      const spec: TailToken[] = [named(INT, 'ID'), named(INT, 'Weight')];
      if (cols.cap) spec.push(named(SIGNED, 'Cap'));
      if (cols.microslice) spec.push(named(MICROSLICE, 'Microslice'));
      const r = parseTail(line, lineNo, 'xl sched row', spec);
      if (!r.ok) return r.issue;
      return {
        name: r.name,
        domid: Number(r.tokens[0]),
        weight: Number(r.tokens[1]),
        cap: cols.cap ? Number(r.tokens[2]) : null,
        microsliceMs: cols.microslice ? Number(r.tokens[3]) : null,
        pool,
      };
    },
    (line, lineNo) => {
      const h = HEADER.exec(line);
      if (h) {
        cols = { cap: h[1] !== undefined, microslice: h[2] !== undefined };
        return true;
      }
      const p = parsePoolLine(line, lineNo);
      if (p === null) return false;
      if ('message' in p) extraErrors.push(p);
      else {
        pools.push(p);
        pool = p.name;
      }
      return true;
    },
  );
  return { ...res, errors: [...res.errors, ...extraErrors].sort((a, b) => a.line - b.line), pools };
}

/** Xen 3.x `xm sched-credit`: same columns, no pool lines. */
export const parseXmSchedCredit = parseXlSched;
