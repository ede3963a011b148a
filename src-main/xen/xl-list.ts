import type { ParseIssue } from './text/parse-issue';
import {
  DECIMAL,
  INT,
  named,
  parseTable,
  parseTail,
  tok,
  type TableResult,
  type TailToken,
} from './text/table';

/**
 * `xl list [-v]`, `xl claims` and Xen 3.4's `xm list` (docs/host-formats.md §2, trap 13):
 * name left-aligned in 40 columns (never cut, may contain spaces, `(null)` for an unnamed
 * domain), then ID, Mem (MiB), VCPUs (online), State and Time(s). The header carries TABs, so
 * columns are never located from it; it only says which optional columns follow.
 */
export interface XlListDomain {
  /** As printed; `(null)` for a domain without a name in xenstore (several may coexist). */
  name: string;
  domid: number;
  memMiB: number;
  /** Online vCPUs (xentop's VCPUS counts max_vcpu_id + 1 instead). */
  vcpus: number;
  stateText: string;
  state: {
    running: boolean;
    blocked: boolean;
    paused: boolean;
    shutdown: boolean;
    /** `-` poweroff, `r` reboot, `s` suspend, `c` crash, `w` watchdog, `S` soft reset, `?` unknown; null when not shut down. */
    shutdownReason: string | null;
    dying: boolean;
  };
  /** CPU time, seconds (0.1 s resolution). */
  timeSec: number;
  /** `-v` columns. */
  uuid?: string;
  /** Shutdown reason code (hex in the output), null for `-`. */
  reasonCode?: number | null;
  securityLabel?: string;
  /** `xl claims`: outstanding claim, MiB. */
  claimedMiB?: number;
}

export type XlListResult = TableResult<XlListDomain>;

/** xl prints 6 letters `rbps?d`; xm (3.x) printed 5 or 6 (`---c-`: crashed, Xen 3.2's `xm li`). */
const STATE = tok('State (e.g. "-b----")', /^[r-][b-][p-][sc-][-rscwS?c]?[d-]?$/);
const UUID = tok('UUID', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const REASON = tok('Reason-Code (hex or "-")', /^([0-9a-f]+|-)$/);
const LABEL = tok('Security Label', /^\S+$/);

const BASE: TailToken[] = [
  named(INT, 'ID'),
  named(INT, 'Mem'),
  named(INT, 'VCPUs'),
  STATE,
  named(DECIMAL, 'Time(s)'),
];

interface Layout {
  verbose: boolean;
  claimed: boolean;
}

export function isXlListHeader(line: string): boolean {
  return /^\s*Name\s+ID\s+Mem\s+VCPUs\s+State\s+Time\(s\)/.test(line);
}

function stateOf(text: string): XlListDomain['state'] {
  const shutdown = text[3] === 's' || text[3] === 'c';
  const reason = text.length >= 5 && shutdown ? text[4]! : null;
  return {
    running: text[0] === 'r',
    blocked: text[1] === 'b',
    paused: text[2] === 'p',
    shutdown,
    shutdownReason: text[3] === 'c' ? 'c' : reason,
    dying: text.length === 6 ? text[5] === 'd' : false,
  };
}

export function parseXlListRow(
  line: string,
  lineNo: number,
  layout: Layout,
): XlListDomain | ParseIssue {
  const spec = [...BASE];
  if (layout.verbose) spec.push(UUID, REASON, LABEL);
  if (layout.claimed) spec.push(named(INT, 'Claimed'));
  const r = parseTail(line, lineNo, 'xl list row', spec);
  if (!r.ok) return r.issue;
  const t = r.tokens;
  const d: XlListDomain = {
    name: r.name,
    domid: Number(t[0]),
    memMiB: Number(t[1]),
    vcpus: Number(t[2]),
    stateText: t[3]!,
    state: stateOf(t[3]!),
    timeSec: Number(t[4]),
  };
  let k = 5;
  if (layout.verbose) {
    d.uuid = t[k++]!;
    const reason = t[k++]!;
    d.reasonCode = reason === '-' ? null : parseInt(reason, 16);
    d.securityLabel = t[k++]!;
  }
  if (layout.claimed) d.claimedMiB = Number(t[k]);
  return d;
}

export function parseXlList(text: string): XlListResult {
  let layout: Layout = { verbose: false, claimed: false };
  let sawHeader = false;
  return parseTable(
    text,
    'xl list',
    (line, lineNo) => {
      const r = parseXlListRow(line, lineNo, layout);
      if (sawHeader || !('expected' in r)) return r;
      // No header (a pasted excerpt): try the verbose layout before giving up.
      const v = parseXlListRow(line, lineNo, { verbose: true, claimed: false });
      return 'expected' in v ? r : v;
    },
    (line) => {
      if (!isXlListHeader(line)) return false;
      sawHeader = true;
      // -c / -n layouts are not read: their rows then fail with typed errors, never mis-assigned.
      layout = { verbose: /UUID/.test(line), claimed: /Claimed/.test(line) };
      return true;
    },
  );
}

/** Xen 3.4 hosts: `xm list` prints the same table (5- or 6-letter state). */
export const parseXmList = parseXlList;
