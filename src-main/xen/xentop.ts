import { splitLines, type ChatterLine } from './lines';
import { issue, type ParseIssue } from './parse-issue';
import { LineKind, classifyXentopLine, xentopHeaderColumns } from './xentop-classify';
import { VCPU_PREFIX, parseNetLine, parsePcpuLine, parseVbdLine, parseVcpuLine } from './xentop-extra';
import { fastNetLine, fastVbdLine, fastVcpuLine } from './xentop-fast';
import { parseXentopRow, type RowResult, type XentopColumns, type XentopDomain } from './xentop-row';

/**
 * `xentop -b` in every form (issue 4 item 1; FORMATS.md §1): one iteration of text → typed
 * records. Rows are keyed by name only (xentop has no domid column). A bad row is reported and
 * skipped; the good rows stay. Never throws.
 */
export type { ParseIssue } from './parse-issue';
export type {
  XentopColumns,
  XentopDomain,
  XentopDomainState,
  XentopNetRow,
  XentopVbdRow,
  XentopVcpuTime,
} from './xentop-row';
export { XentopFrameSplitter, splitXentopIterations } from './xentop-splitter';
export { xentopHeaderColumns, isXentopHeader } from './xentop-classify';

export interface XentopPcpu {
  core: number;
  usagePct: number;
}

export interface XentopFrame {
  domains: XentopDomain[];
  errors: ParseIssue[];
  /** 19 from Xen 4.0 on; 17 before (no VBD_RSECT/VBD_WSECT). 19 when the text has no header. */
  columns: XentopColumns;
  /** The `-p` physical-CPU table (4.21+); [] for `No PCPU data available`. */
  pcpus?: XentopPcpu[];
  /** stderr lines (libxenstat warnings) that arrived mixed into stdout: told apart, not data. */
  chatter?: ChatterLine[];
  /** True when the text is a copy of the interactive screen (summary lines were present). */
  interactive?: boolean;
}

/** Parses a row when no usable header says how many columns there are: 19 first, then 17. */
function parseRowGuessing(line: string, lineNo: number): RowResult & { columns?: XentopColumns } {
  const r19 = parseXentopRow(line, lineNo, 19);
  if (r19.ok) return { ...r19, columns: 19 };
  const r17 = parseXentopRow(line, lineNo, 17);
  return r17.ok ? { ...r17, columns: 17 } : r19;
}

export function parseXentopFrame(text: string): XentopFrame {
  const frame: XentopFrame = { domains: [], errors: [], columns: 19 };
  try {
    parseInto(typeof text === 'string' ? text : '', frame);
  } catch (e) {
    // A bug here must not take the poller down: it becomes one more typed error.
    frame.errors.push(issue(0, 0, 'parser to finish', String(e), 'internal error'));
  }
  return frame;
}

function parseInto(text: string, frame: XentopFrame): void {
  const lines = splitLines(text);
  // null until a known header is seen: rows are then parsed by guessing 19, then 17 columns.
  let columns: XentopColumns | null = null;
  let headerKnown = true;
  let sawHeader = false;
  // The domain that extra rows attach to; 'rejected' swallows the extra rows of a rejected row.
  let owner: XentopDomain | 'rejected' | null = null;
  let prev: LineKind = LineKind.Blank;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    const kind = classifyXentopLine(line, prev);
    prev = kind;
    switch (kind) {
      case LineKind.Domain: {
        const r = columns !== null ? parseXentopRow(line, lineNo, columns) : parseRowGuessing(line, lineNo);
        if (r.ok) {
          frame.domains.push(r.domain);
          owner = r.domain;
          if (!sawHeader && 'columns' in r && r.columns !== undefined) frame.columns = r.columns as XentopColumns;
        } else {
          if (!headerKnown) r.issue.message += ' (under a header this parser does not know)';
          frame.errors.push(r.issue);
          owner = 'rejected';
        }
        break;
      }
      case LineKind.Header: {
        const c = xentopHeaderColumns(line);
        if (c === null) {
          headerKnown = false;
          columns = null;
          frame.errors.push(issue(lineNo, 1, 'a 17- or 19-column xentop header', line, 'xentop header'));
        } else {
          headerKnown = true;
          columns = c;
          if (!sawHeader) frame.columns = c;
        }
        sawHeader = true;
        owner = null;
        break;
      }
      case LineKind.Vcpu:
      case LineKind.VcpuMore: {
        if (!attachable(owner, frame, lineNo, line, 'VCPUs') || owner === null || owner === 'rejected') break;
        const into = (owner.vcpuSec = owner.vcpuSec ?? []);
        if (fastVcpuLine(line, kind === LineKind.Vcpu ? VCPU_PREFIX.length : 0, into)) break;
        const bad = parseVcpuLine(line, lineNo, into);
        if (bad) frame.errors.push(bad);
        break;
      }
      case LineKind.Net: {
        if (!attachable(owner, frame, lineNo, line, 'Net') || owner === null || owner === 'rejected') break;
        const r = fastNetLine(line) ?? parseNetLine(line, lineNo);
        if ('message' in r) frame.errors.push(r);
        else (owner.netRows = owner.netRows ?? []).push(r);
        break;
      }
      case LineKind.Vbd: {
        if (!attachable(owner, frame, lineNo, line, 'VBD') || owner === null || owner === 'rejected') break;
        const r = fastVbdLine(line) ?? parseVbdLine(line, lineNo);
        if ('message' in r) frame.errors.push(r);
        else (owner.vbdRows = owner.vbdRows ?? []).push(r);
        break;
      }
      case LineKind.PcpuTitle:
        frame.pcpus = frame.pcpus ?? [];
        owner = null;
        break;
      case LineKind.PcpuNone:
        frame.pcpus = [];
        owner = null;
        break;
      case LineKind.PcpuRow: {
        const p = parsePcpuLine(line);
        if (p) (frame.pcpus = frame.pcpus ?? []).push(p);
        else frame.errors.push(issue(lineNo, 1, 'a "| core | usage% |" row', line, 'xentop pcpu table'));
        break;
      }
      case LineKind.Summary:
        frame.interactive = true;
        break;
      case LineKind.Chatter:
        (frame.chatter = frame.chatter ?? []).push({ line: lineNo, text: line });
        break;
      default:
        // Blank, PcpuBorder, PcpuHead: layout only.
        break;
    }
  }
}

/** Extra rows need a domain row above them; without one the line is reported. */
function attachable(
  owner: XentopDomain | 'rejected' | null,
  frame: XentopFrame,
  lineNo: number,
  line: string,
  what: string,
): boolean {
  if (owner !== null) return true;
  frame.errors.push(issue(lineNo, 1, `a domain row before this ${what} row`, line, 'xentop'));
  return false;
}
