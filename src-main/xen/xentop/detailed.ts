import type { ChatterLine } from '../text/lines';
import { issue, type ParseIssue } from '../text/parse-issue';
import { LineKind, classifyXentopLine, xentopHeaderColumns } from './classify';
import { parseNetLine, parsePcpuLine, parseVbdLine, parseVcpuLine } from './extra';
import { parseXentopRow, type RowResult, type XentopColumns, type XentopDomain } from './row';

/**
 * The reference path of the xentop frame parser: one line at a time, classified by
 * classifyXentopLine and parsed by the diagnosing parsers. It handles every line the fast path
 * (xentop/frame.ts) declines, and on its own it is the oracle the fast path is tested against.
 */
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

/** What one line leaves for the next: shared by the fast and the detailed path. */
export interface FrameState {
  frame: XentopFrame;
  /** null until a known header is seen: rows are then parsed by guessing 19, then 17 columns. */
  columns: XentopColumns | null;
  headerKnown: boolean;
  sawHeader: boolean;
  /** The domain that extra rows attach to; 'rejected' swallows the extra rows of a rejected row. */
  owner: XentopDomain | 'rejected' | null;
  prev: LineKind;
}

export function frameState(frame: XentopFrame): FrameState {
  return {
    frame,
    columns: null,
    headerKnown: true,
    sawHeader: false,
    owner: null,
    prev: LineKind.Blank,
  };
}

/** Parses a row when no usable header says how many columns there are: 19 first, then 17. */
function parseRowGuessing(line: string, lineNo: number): RowResult & { columns?: XentopColumns } {
  const r19 = parseXentopRow(line, lineNo, 19);
  if (r19.ok) return { ...r19, columns: 19 };
  const r17 = parseXentopRow(line, lineNo, 17);
  return r17.ok ? { ...r17, columns: 17 } : r19;
}

export function detailedLine(st: FrameState, line: string, lineNo: number): void {
  const frame = st.frame;
  const kind = classifyXentopLine(line, st.prev);
  st.prev = kind;
  switch (kind) {
    case LineKind.Domain: {
      const r =
        st.columns !== null
          ? parseXentopRow(line, lineNo, st.columns)
          : parseRowGuessing(line, lineNo);
      if (r.ok) {
        frame.domains.push(r.domain);
        st.owner = r.domain;
        if (!st.sawHeader && 'columns' in r && r.columns !== undefined)
          frame.columns = r.columns as XentopColumns;
      } else {
        if (!st.headerKnown) r.issue.message += ' (under a header this parser does not know)';
        frame.errors.push(r.issue);
        st.owner = 'rejected';
      }
      break;
    }
    case LineKind.Header: {
      const c = xentopHeaderColumns(line);
      if (c === null) {
        st.headerKnown = false;
        st.columns = null;
        frame.errors.push(
          issue(lineNo, 1, 'a 17- or 19-column xentop header', line, 'xentop header'),
        );
      } else {
        st.headerKnown = true;
        st.columns = c;
        if (!st.sawHeader) frame.columns = c;
      }
      st.sawHeader = true;
      st.owner = null;
      break;
    }
    case LineKind.Vcpu:
    case LineKind.VcpuMore: {
      const owner = attachable(st, lineNo, line, 'VCPUs');
      if (owner === null) break;
      const bad = parseVcpuLine(line, lineNo, (owner.vcpuSec = owner.vcpuSec ?? []));
      if (bad) frame.errors.push(bad);
      break;
    }
    case LineKind.Net: {
      const owner = attachable(st, lineNo, line, 'Net');
      if (owner === null) break;
      const r = parseNetLine(line, lineNo);
      if ('message' in r) frame.errors.push(r);
      else (owner.netRows = owner.netRows ?? []).push(r);
      break;
    }
    case LineKind.Vbd: {
      const owner = attachable(st, lineNo, line, 'VBD');
      if (owner === null) break;
      const r = parseVbdLine(line, lineNo);
      if ('message' in r) frame.errors.push(r);
      else (owner.vbdRows = owner.vbdRows ?? []).push(r);
      break;
    }
    case LineKind.PcpuTitle:
      frame.pcpus = frame.pcpus ?? [];
      st.owner = null;
      break;
    case LineKind.PcpuNone:
      frame.pcpus = [];
      st.owner = null;
      break;
    case LineKind.PcpuRow: {
      const p = parsePcpuLine(line);
      if (p) (frame.pcpus = frame.pcpus ?? []).push(p);
      else
        frame.errors.push(issue(lineNo, 1, 'a "| core | usage% |" row', line, 'xentop pcpu table'));
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

/**
 * The domain an extra row belongs to. Without a domain row above it the line is reported; under
 * a rejected row it is dropped silently (the row's error already covers it). Null in both cases.
 */
function attachable(
  st: FrameState,
  lineNo: number,
  line: string,
  what: string,
): XentopDomain | null {
  if (st.owner === null) {
    st.frame.errors.push(issue(lineNo, 1, `a domain row before this ${what} row`, line, 'xentop'));
    return null;
  }
  return st.owner === 'rejected' ? null : st.owner;
}
