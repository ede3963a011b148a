import { LineKind } from './classify';
import { frameBytes, lastLine } from './bytes';
import { detailedLine, type FrameState } from './detailed';
import { VCPU_PREFIX } from './extra';
import { codes, fastNetLine, fastVbdLine, fastVcpuLine } from './fast';
import { fastXentopRow } from './fast-row';

/**
 * The line loop of the xentop frame parser (built for ≥ 1M domain rows/s). Lines are read in
 * place, and a fast path that takes a line finds its end as it reads it; only a line that goes
 * to the detailed path is searched for its end (indexOf) and cut out of the frame. Each line is first judged by its first character, and the fast parser for that
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
    lineNo++;
    if (b !== null && fastLine(st, text, b, s, len)) {
      // The fast path stopped at the line's end: `\n`, `\r\n`, or the end of the text.
      const end = LINE.end;
      s = b[end] === 13 ? end + 2 : end + 1;
      continue;
    }
    let nl = text.indexOf('\n', s);
    if (nl < 0) nl = len;
    // CRLF: the `\r` is transport noise (see splitLines).
    const e = nl > s && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    detailedLine(st, text.slice(s, e), lineNo);
    s = nl + 1;
  }
}

/**
 * The imports the line loop uses, as module constants: under tsx (the benchmark's runner) each
 * read of an imported binding is a getter call, 1,000 a frame here (see xentop/fast.ts).
 */
const LINE = lastLine;
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

/**
 * true when the line at t[s…] was parsed and recorded, with its end in LINE.end; false leaves it
 * to the detailed path. The fast paths find the line's end themselves; conditions classify puts
 * on the line's last character are checked once a fast path has found it, before anything is
 * recorded.
 */
function fastLine(st: FrameState, t: string, b: Uint8Array, s: number, len: number): boolean {
  const c0 = b[s]!;
  if (c0 === 32) {
    // classifyXentopLine: a `-v` wrap line after VCPUs, then the header, then a domain row.
    const prev = st.prev;
    if ((prev === VCPU || prev === VCPU_MORE) && isIndentAt(b, s)) {
      return isVcpuContinuationAt(b, s) && vcpus(st, b, s, len, VCPU_MORE);
    }
    let i = s + 1;
    while (b[i] === 32) i++;
    return !isNameAt(b, i) && domainRow(st, t, b, s, len, false);
  }
  // Otherwise classifyXentopLine tries the extra-row shapes by first letter, then (when the line
  // ends in a digit) the summary lines, and calls everything else a domain row: a row whose name
  // fills NAME's width starts at column 1. Chatter is only considered when the last character is
  // not a digit, so requiring one (domainRow's `endsInDigit`) keeps a row-shaped chatter line on
  // the detailed path.
  if (c0 === 86 /* V */) {
    const c1 = b[s + 1];
    // `VBD ` (fastVbdLine checks the rest) or `VCPUs(sec):` (ends in the `s` of its last item).
    if (c1 === 66 /* B */ && b[s + 2] === 68 && b[s + 3] === 32) return vbd(st, t, b, s, len);
    if (c1 === 67 /* C */ && isVcpuPrefixAt(b, s)) return vcpus(st, b, s + VCPUS_AT, len, VCPU);
    return domainRow(st, t, b, s, len, true);
  }
  if (c0 === 78 /* N */) {
    // A Net row ends in `drop`; a row of a `Netflix…` domain ends in a digit.
    if (b[s + 1] === 101 && b[s + 2] === 116 && net(st, b, s, len)) return true;
    return !isNameAt(b, s) && domainRow(st, t, b, s, len, true);
  }
  // Empty lines, pCPU table lines, tabs, and what could be a summary line (`xentop - …`,
  // `N domains: …`, `Mem: …`) go the detailed way.
  if (
    c0 === 10 ||
    c0 === 13 ||
    c0 === 0 ||
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
  return domainRow(st, t, b, s, len, true);
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

function net(st: FrameState, b: Uint8Array, s: number, len: number): boolean {
  const owner = st.owner;
  if (owner === null || owner === 'rejected') return false;
  const r = netLine(b, s, len);
  if (r === null) return false;
  const rows = owner.netRows;
  if (rows === undefined) owner.netRows = [r];
  else rows.push(r);
  st.prev = NET;
  return true;
}

function vbd(st: FrameState, t: string, b: Uint8Array, s: number, len: number): boolean {
  const owner = st.owner;
  if (owner === null || owner === 'rejected') return false;
  const r = vbdLine(t, b, s, len);
  if (r === null) return false;
  const rows = owner.vbdRows;
  if (rows === undefined) owner.vbdRows = [r];
  else if (rows.length === 1) owner.vbdRows = [rows[0]!, r];
  else rows.push(r);
  st.prev = VBD;
  return true;
}

function domainRow(
  st: FrameState,
  t: string,
  b: Uint8Array,
  s: number,
  len: number,
  endsInDigit: boolean,
): boolean {
  if (st.columns === null) return false;
  const d = domainLine(t, b, s, len, st.columns);
  if (d === null) return false;
  if (endsInDigit) {
    const last = b[LINE.end - 1]!;
    if (!(last >= 48 && last <= 57)) return false;
  }
  st.frame.domains.push(d);
  st.owner = d;
  st.prev = DOMAIN;
  return true;
}

function vcpus(st: FrameState, b: Uint8Array, s: number, len: number, kind: LineKind): boolean {
  const owner = st.owner;
  if (owner === null || owner === 'rejected') return false;
  // classifyXentopLine calls a line a VCPUs line when it ends in the `s` of its last item. A
  // domain's first VCPUs line gets its array only when taken: the detailed path may not call
  // the line a VCPUs line at all.
  const had = owner.vcpuSec;
  const into = had ?? [];
  const mark = into.length;
  if (!vcpuLine(b, s, len, into) || b[LINE.end - 1] !== 115 /* s */) {
    into.length = mark;
    return false;
  }
  if (had === undefined) owner.vcpuSec = into;
  st.prev = kind;
  return true;
}

/**
 * isVcpuContinuation at t[s…], known to start with 8 spaces, but for its last character being
 * the `s` of an item: vcpus checks that once the line's end is found.
 */
function isVcpuContinuationAt(b: Uint8Array, s: number): boolean {
  let i = s + 8;
  while (b[i] === 32) i++;
  const d = i;
  while (b[i]! >= 48 && b[i]! <= 57) i++;
  return i > d && b[i] === 58; /* : */
}
