import { LineCursor } from '../text/cursor';
import type { ParseIssue } from '../text/parse-issue';
import type { XentopNetRow, XentopVbdRow, XentopVcpuTime } from './row';

/**
 * The extra rows of `xentop -b -v/-n/-x/-p` (docs/host-formats.md §1.7, trap 12): a different
 * grammar from the domain rows, with units glued to numbers and hex device numbers. Each parser
 * returns the row or the first issue.
 */

export const VCPU_PREFIX = 'VCPUs(sec):';

/** A `-v` wrap line: 8 spaces, then ` %2u: %10llus` items (so it starts with spaces and digits). */
export function isVcpuContinuation(line: string): boolean {
  if (!line.startsWith('        ')) return false;
  let i = 8;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  const c = line.charCodeAt(i);
  if (!(c >= 48 && c <= 57)) return false;
  while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return line.charCodeAt(i) === 58 /* : */ && line.charCodeAt(line.length - 1) === 115; /* s */
}

/** `VCPUs(sec):   0:       5674s  1: …` or its continuation; items are appended to `into`. */
export function parseVcpuLine(
  line: string,
  lineNo: number,
  into: XentopVcpuTime[],
): ParseIssue | null {
  const cur = new LineCursor(line, lineNo, 'xentop VCPUs row');
  cur.optional(VCPU_PREFIX);
  for (;;) {
    cur.skipSpaces();
    if (cur.atEnd) break;
    const id = cur.small('vCPU id');
    if (id < 0 || !cur.literal(':')) break;
    cur.skipSpaces();
    const sec = cur.uint('vCPU seconds');
    if (sec === null || !cur.literal('s')) break;
    into.push({ id, sec });
  }
  return cur.failed;
}

const RX_UNITS = ['bytes', 'pkts', 'err', 'drop'] as const;
const RX_COLUMNS = ['RX bytes', 'RX pkts', 'RX err', 'RX drop'];
const TX_COLUMNS = ['TX bytes', 'TX pkts', 'TX err', 'TX drop'];

/** Four `%8llu<unit>` counters into `out` from index `at`; false (issue recorded) on a mismatch. */
function counters(cur: LineCursor, out: number[], at: number, columns: readonly string[]): boolean {
  for (let u = 0; u < 4; u++) {
    if (!cur.spaces()) return false;
    const v = cur.uint(columns[u]!);
    if (v === null || !cur.literal(RX_UNITS[u]!)) return false;
    out[at + u] = v;
  }
  return true;
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` */
export function parseNetLine(line: string, lineNo: number): XentopNetRow | ParseIssue {
  const cur = new LineCursor(line, lineNo, 'xentop Net row');
  const v: number[] = [0, 0, 0, 0, 0, 0, 0, 0];
  if (!cur.literal('Net')) return cur.issue('a Net row');
  const index = cur.small('Net index');
  if (index < 0) return cur.issue('a Net row');
  if (!cur.spaces() || !cur.literal('RX:') || !counters(cur, v, 0, RX_COLUMNS))
    return cur.issue('a Net row');
  if (!cur.spaces() || !cur.literal('TX:') || !counters(cur, v, 4, TX_COLUMNS))
    return cur.issue('a Net row');
  if (!cur.end()) return cur.issue('a Net row');
  return {
    index,
    rxBytes: v[0]!,
    rxPackets: v[1]!,
    rxErrors: v[2]!,
    rxDrops: v[3]!,
    txBytes: v[4]!,
    txPackets: v[5]!,
    txErrors: v[6]!,
    txDrops: v[7]!,
  };
}

const VBD_LABELS = ['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:'] as const;
const VBD_COLUMNS = ['OO', 'RD', 'WR', 'RSECT', 'WSECT'];

/** `VBD Tapdisk3  768 [ 3: 0]  OO:        0   RD: …   WSECT: …` (RSECT/WSECT absent before 4.0). */
export function parseVbdLine(line: string, lineNo: number): XentopVbdRow | ParseIssue {
  const cur = new LineCursor(line, lineNo, 'xentop VBD row');
  if (!cur.literal('VBD') || !cur.spaces()) return cur.issue('a VBD row');
  const type = cur.word('VBD type');
  if (!type || !cur.spaces()) return cur.issue('a VBD row');
  // `%4d` of the virtual-device id; extended ids ((1<<28)|…) are positive too.
  const dev = cur.small('virtual device id');
  if (dev < 0 || !cur.spaces()) return cur.issue('a VBD row');
  let major: number | null = null;
  let minor: number | null = null;
  if (cur.optional('[')) {
    cur.skipSpaces();
    major = cur.hex('major (hex)');
    if (major < 0 || !cur.literal(':')) return cur.issue('a VBD row');
    cur.skipSpaces();
    minor = cur.hex('minor (hex)');
    if (minor < 0 || !cur.literal(']') || !cur.spaces()) return cur.issue('a VBD row');
  }
  const v: Array<number | null> = [null, null, null, null, null];
  for (let i = 0; i < 5; i++) {
    // Pre-4.0 rows stop after WR.
    if (i === 3 && cur.atEnd) break;
    if (i > 0 && !cur.spaces()) return cur.issue('a VBD row');
    if (!cur.literal(VBD_LABELS[i]!) || !cur.spaces()) return cur.issue('a VBD row');
    const x = cur.uintOrDash(VBD_COLUMNS[i]!);
    if (x === undefined) return cur.issue('a VBD row');
    v[i] = x;
  }
  if (!cur.end()) return cur.issue('a VBD row');
  return { type, dev, major, minor, oo: v[0]!, rd: v[1]!, wr: v[2]!, rsect: v[3]!, wsect: v[4]! };
}

/** `| %-5d | %5.1f%% |` of the `-p` table (4.21+). */
const PCPU_ROW = /^\| (\d+) +\| +(\d+\.\d)% \|$/;

export function parsePcpuLine(line: string): { core: number; usagePct: number } | null {
  const m = PCPU_ROW.exec(line);
  if (!m) return null;
  return { core: Number(m[1]), usagePct: Number(m[2]) };
}

export const PCPU_TITLE = 'Physical CPU Usage:';
export const PCPU_BORDER = '+-------+--------+';
export const PCPU_HEAD = '| Core  | Usage  |';
export const PCPU_NONE = 'No PCPU data available';
