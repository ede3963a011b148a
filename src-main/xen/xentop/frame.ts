import { LineKind } from './classify';
import { frameBytes } from './bytes';
import { detailedLine, type FrameState } from './detailed';
import { VCPU_PREFIX } from './extra';
import { codes, fastNetLine, fastVbdLine, fastVcpuLine } from './fast';
import { fastXentopRow } from './fast-row';

/**
 * The line loop of the xentop frame parser (built for ≥ 1M domain rows/s). Lines are found
 * with indexOf and read in place; a line is only cut out of the frame when it goes to the
 * detailed path. Each line is first judged by its first character, and the fast parser for that
 * shape runs only where classifyXentopLine would certainly give the same kind; whatever the fast
 * parser declines, or any shape it does not know (headers, pCPU table, chatter, summary lines,
 * rows without a known header, extra rows without a domain), goes to detailedLine unchanged. So
 * the result is the detailed path's result, only cheaper for well-formed lines.
 */
export function parseFrameText(text: string, st: FrameState, fast: boolean): void {
  const len = text.length;
  const b = fast ? frameBytes(text) : null;
  let s = 0;
  let lineNo = 0;
  while (s < len) {
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    // CRLF: the `\r` is transport noise (see splitLines).
    const e = nl > s && (b === null ? text.charCodeAt(nl - 1) : b[nl - 1]) === 13 ? nl - 1 : nl;
    lineNo++;
    if (b === null || !fastLine(st, text, b, s, e)) detailedLine(st, text.slice(s, e), lineNo);
    s = nl + 1;
  }
}

/**
 * The imports the line loop uses, as module constants: under tsx (the benchmark's runner) each
 * read of an imported binding is a getter call, 1,000 a frame here (see xentop/fast.ts).
 */
const netLine = fastNetLine;
const vbdLine = fastVbdLine;
const vcpuLine = fastVcpuLine;
const domainLine = fastXentopRow;
const VCPU = LineKind.Vcpu;
const VCPU_MORE = LineKind.VcpuMore;
const NET = LineKind.Net;
const VBD = LineKind.Vbd;
const DOMAIN = LineKind.Domain;
const VCPUS_AT = VCPU_PREFIX.length;

/** true when the line t[s, e) was parsed and recorded; false leaves it to the detailed path. */
function fastLine(st: FrameState, t: string, b: Uint8Array, s: number, e: number): boolean {
  if (e === s) return false;
  const c0 = b[s]!;
  if (c0 === 32) {
    // classifyXentopLine: a `-v` wrap line after VCPUs, then the header, then a domain row.
    const prev = st.prev;
    if ((prev === VCPU || prev === VCPU_MORE) && isIndentAt(b, s)) {
      return isVcpuContinuationAt(b, s, e) && vcpus(st, b, s, e, VCPU_MORE);
    }
    let i = s + 1;
    while (i < e && b[i] === 32) i++;
    return !isNameAt(b, i) && domainRow(st, t, b, s, e);
  }
  // Otherwise classifyXentopLine tries the extra-row shapes by first letter, then (when the line
  // ends in a digit) the summary lines, and calls everything else a domain row: a row whose name
  // fills NAME's width starts at column 1. Chatter is only considered when the last character is
  // not a digit, so requiring one keeps a row-shaped chatter line on the detailed path.
  const last = b[e - 1]!;
  const row = last >= 48 && last <= 57;
  if (c0 === 86 /* V */) {
    const c1 = b[s + 1];
    // `VBD ` (fastVbdLine checks the rest) or `VCPUs(sec):` (ends in the `s` of its last item).
    if (c1 === 66 /* B */ && b[s + 2] === 68 && b[s + 3] === 32) return vbd(st, t, b, s, e);
    if (c1 === 67 /* C */ && isVcpuPrefixAt(b, s)) {
      return last === 115 /* s */ && vcpus(st, b, s + VCPUS_AT, e, VCPU);
    }
    return row && domainRow(st, t, b, s, e);
  }
  if (c0 === 78 /* N */) {
    // A Net row ends in `drop`; a row of a `Netflix…` domain ends in a digit.
    if (!row && b[s + 1] === 101 && b[s + 2] === 116) return net(st, b, s, e);
    return row && !isNameAt(b, s) && domainRow(st, t, b, s, e);
  }
  // pCPU table lines, tabs, and what could be a summary line (`xentop - …`, `N domains: …`,
  // `Mem: …`) go the detailed way.
  if (
    c0 === 80 ||
    c0 === 43 ||
    c0 === 124 ||
    c0 === 9 ||
    c0 === 120 ||
    c0 === 77 ||
    (c0 >= 48 && c0 <= 57)
  ) {
    return false;
  }
  return row && domainRow(st, t, b, s, e);
}

/** `NAME` at i: the header's first word. */
function isNameAt(b: Uint8Array, i: number): boolean {
  return b[i] === 78 && b[i + 1] === 65 && b[i + 2] === 77 && b[i + 3] === 69;
}

const PREFIX = codes(VCPU_PREFIX);

function isVcpuPrefixAt(b: Uint8Array, s: number): boolean {
  for (let i = 0; i < PREFIX.length; i++) if (b[s + i] !== PREFIX[i]) return false;
  return true;
}

/** The 8 spaces a `-v` wrap line starts with. */
function isIndentAt(b: Uint8Array, s: number): boolean {
  for (let i = 0; i < 8; i++) if (b[s + i] !== 32) return false;
  return true;
}

function net(st: FrameState, b: Uint8Array, s: number, e: number): boolean {
  const owner = st.owner;
  if (owner === null || owner === 'rejected') return false;
  const r = netLine(b, s, e);
  if (r === null) return false;
  const rows = owner.netRows;
  if (rows === undefined) owner.netRows = [r];
  else rows.push(r);
  st.prev = NET;
  return true;
}

function vbd(st: FrameState, t: string, b: Uint8Array, s: number, e: number): boolean {
  const owner = st.owner;
  if (owner === null || owner === 'rejected') return false;
  const r = vbdLine(t, b, s, e);
  if (r === null) return false;
  const rows = owner.vbdRows;
  if (rows === undefined) owner.vbdRows = [r];
  else if (rows.length === 1) owner.vbdRows = [rows[0]!, r];
  else rows.push(r);
  st.prev = VBD;
  return true;
}

function domainRow(st: FrameState, t: string, b: Uint8Array, s: number, e: number): boolean {
  if (st.columns === null) return false;
  const d = domainLine(t, b, s, e, st.columns);
  if (d === null) return false;
  st.frame.domains.push(d);
  st.owner = d;
  st.prev = DOMAIN;
  return true;
}

function vcpus(st: FrameState, b: Uint8Array, s: number, e: number, kind: LineKind): boolean {
  const owner = st.owner;
  if (owner === null || owner === 'rejected') return false;
  if (!vcpuLine(b, s, e, (owner.vcpuSec = owner.vcpuSec ?? []))) return false;
  st.prev = kind;
  return true;
}

/** isVcpuContinuation on t[s, e), known to start with 8 spaces. */
function isVcpuContinuationAt(b: Uint8Array, s: number, e: number): boolean {
  let i = s + 8;
  while (i < e && b[i]! === 32) i++;
  const d = i;
  while (i < e && b[i]! >= 48 && b[i]! <= 57) i++;
  return i > d && b[i]! === 58 /* : */ && b[e - 1] === 115; /* s */
}
