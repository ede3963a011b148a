import { COUNTER_MAX } from '../text/numbers';
import { endsAt, lastLine } from './bytes';
import type { XentopNetRow, XentopVbdRow, XentopVcpuTime } from './row';

/**
 * Fast paths for the `-v/-n/-x` rows (built for ≥ 1M domain rows/s with all three). They read
 * the line in place, from s in the frame's bytes (xentop/bytes.ts) of a text of `len`
 * characters, and give no diagnostics: on any mismatch they return null (false) and the caller
 * re-parses the line with the detailed parsers in xentop/extra.ts, which say where and what was
 * expected. They take a line only when it ends where they stop (`endsAt`), and leave that end in
 * `lastLine.end`. Lines end at `\n`, `\r` or the 0 after the frame, none of which is a digit,
 * space or label byte, so scans stop there by themselves.
 *
 * Each line is read in one pass by one function: the fields of a Net or VBD line come in a fixed
 * order, so a loop walks a table of the literals between them instead of calling a reader per
 * field (small helpers, one call per field, cost about as much as the reading; V8 does not inline
 * them all; the one left, `digits`, is called once in each loop). What a loop reads goes into `got` and becomes the row's object once the whole line
 * has matched, so a declined line allocates nothing.
 *
 * Imported values are copied into module constants: the benchmark's runner (tsx) compiles each
 * module to CommonJS, where every read of an imported binding is a getter call.
 */
const MAX = COUNTER_MAX;
const LINE = lastLine;
const lineEndsAt = endsAt;

/**
 * Counters of the line being read, in the order printed; null for a `-`. A plain array that
 * holds null is never turned into unboxed doubles, so a counter read back from it is the small
 * integer it was, and the row's object stores it without a box of its own (read out of a
 * Float64Array every value is a double, and the rows built from them took twice the memory).
 */
const got: Array<number | null> = new Array<number | null>(8).fill(null);

/** Where the last `digits` stopped. */
let at = 0;

/**
 * The run of digits at p: its value, with the position after it in `at` (p when there is none).
 * Summed left to right in doubles: exact while the value is at most 2^53 − 1, and never rounded
 * back below it when larger, so one comparison with MAX after it decides.
 */
function digits(b: Uint8Array, p: number): number {
  let n = 0;
  for (;;) {
    const c = b[p]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
    p++;
  }
  at = p;
  return n;
}

/** Character codes of a literal, compared byte by byte (no string call per field). */
export function codes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Several literals packed into one array: the k-th is LITS[FROM[k], FROM[k + 1]). */
function packed(words: readonly string[]): { lits: Uint8Array; from: Int32Array } {
  const from = new Int32Array(words.length + 1);
  for (let k = 0; k < words.length; k++) from[k + 1] = from[k]! + words[k]!.length;
  return { lits: codes(words.join('')), from };
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` (FORMATS §1.7): units after each. */
const NET = packed(['bytes', 'pkts', 'err', 'drop', 'bytes', 'pkts', 'err', 'drop']);

/** `VBD %s %4d %s OO: %8llu   RD: %8llu   WR: %8llu   RSECT: %10llu   WSECT: %10llu`: labels before. */
const VBD = packed(['OO:', 'RD:', 'WR:', 'RSECT:', 'WSECT:']);

/** `Net%d RX: … TX: …`, or null when the line is not exactly that shape. */
export function fastNetLine(b: Uint8Array, s: number, len: number): XentopNetRow | null {
  if (b[s] !== 78 || b[s + 1] !== 101 || b[s + 2] !== 116) return null;
  // `%d` index, 1–9 digits, then ` RX:`.
  const index = digits(b, s + 3);
  let p = at;
  if (p === s + 3 || p - s > 12) return null;
  if (b[p] !== 32 || b[p + 1] !== 82 || b[p + 2] !== 88 || b[p + 3] !== 58) return null;
  p += 4;
  const { lits, from } = NET;
  for (let k = 0; k < 8; k++) {
    let q = p;
    while (b[p] === 32) p++;
    if (p === q) return null;
    if (k === 4) {
      // `  TX:` then the spaces before its first counter.
      if (b[p] !== 84 || b[p + 1] !== 88 || b[p + 2] !== 58) return null;
      q = p += 3;
      while (b[p] === 32) p++;
      if (p === q) return null;
    }
    // A counter: 1–16 digits (16 hold every value up to 2^53 − 1) no larger than MAX; a larger
    // one is declined so the detailed parser reports it.
    q = p;
    const n = digits(b, p);
    p = at;
    if (p === q || p - q > 16 || n > MAX) return null;
    for (let i = from[k]!, end = from[k + 1]!; i < end; i++, p++) if (b[p] !== lits[i]) return null;
    got[k] = n;
  }
  if (!lineEndsAt(b, p, len)) return null;
  LINE.end = p;
  return {
    index,
    rxBytes: got[0] as number,
    rxPackets: got[1] as number,
    rxErrors: got[2] as number,
    rxDrops: got[3] as number,
    txBytes: got[4] as number,
    txPackets: got[5] as number,
    txErrors: got[6] as number,
    txDrops: got[7] as number,
  };
}

/** The VBD types libxenstat prints, so the common ones need no substring of their own. */
const VBD_TYPES = ['BlkBack', 'Tapdisk3', 'BlkTap', 'Unidentified'];
const VBD_TYPE_CODES = VBD_TYPES.map(codes);

function vbdType(t: string, b: Uint8Array, s: number, e: number): string {
  for (let k = 0; k < VBD_TYPE_CODES.length; k++) {
    const w = VBD_TYPE_CODES[k]!;
    if (e - s !== w.length) continue;
    let i = 0;
    // Bytes stand for ASCII characters only (bytes.ts), so equal bytes are equal text.
    while (i < w.length && b[s + i] === w[i]) i++;
    if (i === w.length) return VBD_TYPES[k]!;
  }
  return t.slice(s, e);
}

/** Lower- or upper-case hex (`%x`, 1–8 digits) at p: its value, with the position after in `hexEnd`. */
let hexEnd = 0;
function hex(b: Uint8Array, p: number): number {
  const from = p;
  let n = 0;
  for (;;) {
    const c = b[p]!;
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else break;
    n = n * 16 + d;
    p++;
  }
  hexEnd = p === from || p - from > 8 ? -1 : p;
  return n;
}

/** `VBD Tapdisk3  768 [ 3: 0]  OO:        0   RD: …   WSECT: …` (RSECT/WSECT absent before 4.0). */
export function fastVbdLine(t: string, b: Uint8Array, s: number, len: number): XentopVbdRow | null {
  if (b[s] !== 86 || b[s + 1] !== 66 || b[s + 2] !== 68 || b[s + 3] !== 32) return null;
  let p = s + 4;
  while (b[p] === 32) p++;
  const t0 = p;
  // A type with a control byte in it (a tab, a line end) goes the detailed way.
  while (b[p]! > 32) p++;
  if (p === t0) return null;
  const type = vbdType(t, b, t0, p);
  let q = p;
  while (b[p] === 32) p++;
  if (p === q) return null;
  // `%4d` of the virtual-device id, up to 15 digits as LineCursor.small reads it.
  q = p;
  const dev = digits(b, p);
  p = at;
  if (p === q || p - q > 15) return null;
  let major: number | null = null;
  let minor: number | null = null;
  q = p;
  while (b[p] === 32) p++;
  if (p === q) return null;
  if (b[p] === 91 /* [ */) {
    p++;
    while (b[p] === 32) p++;
    major = hex(b, p);
    if ((p = hexEnd) < 0 || b[p] !== 58 /* : */) return null;
    p++;
    while (b[p] === 32) p++;
    minor = hex(b, p);
    if ((p = hexEnd) < 0 || b[p] !== 93 /* ] */) return null;
    q = ++p;
    while (b[p] === 32) p++;
    if (p === q) return null;
  }
  // The labelled counters; before Xen 4.0 the line ends after WR, and RSECT/WSECT are null.
  const { lits, from } = VBD;
  got[3] = got[4] = null;
  for (let k = 0; k < 5; k++) {
    if (k === 3 && lineEndsAt(b, p, len)) break;
    if (k > 0) {
      q = p;
      while (b[p] === 32) p++;
      if (p === q) return null;
    }
    for (let i = from[k]!, end = from[k + 1]!; i < end; i++, p++) if (b[p] !== lits[i]) return null;
    q = p;
    while (b[p] === 32) p++;
    if (p === q) return null;
    // `-` where libxenstat could not read the stats (4.13+), else a counter as on a Net line.
    if (b[p] === 45 && (b[p + 1] === 32 || lineEndsAt(b, p + 1, len))) {
      got[k] = null;
      p++;
      continue;
    }
    q = p;
    const n = digits(b, p);
    p = at;
    if (p === q || p - q > 16 || n > MAX) return null;
    got[k] = n;
  }
  if (!lineEndsAt(b, p, len)) return null;
  LINE.end = p;
  return {
    type,
    dev,
    major,
    minor,
    oo: got[0] as number | null,
    rd: got[1] as number | null,
    wr: got[2] as number | null,
    rsect: got[3] as number | null,
    wsect: got[4] as number | null,
  };
}

/** `VCPUs(sec):   0:       5674s  1: …` (or a continuation line from `s`); appends to `into`. */
export function fastVcpuLine(
  b: Uint8Array,
  s: number,
  len: number,
  into: XentopVcpuTime[],
): boolean {
  const mark = into.length;
  let p = s;
  for (;;) {
    while (b[p] === 32) p++;
    if (lineEndsAt(b, p, len)) {
      LINE.end = p;
      return true;
    }
    // ` %2u: %10llus`: an id of 1–9 digits, `:`, spaces, a counter glued to `s`.
    let q = p;
    const id = digits(b, p);
    p = at;
    if (p === q || p - q > 9 || b[p] !== 58 /* : */) break;
    p++;
    while (b[p] === 32) p++;
    q = p;
    const sec = digits(b, p);
    p = at;
    if (p === q || p - q > 16 || sec > MAX || b[p] !== 115 /* s */) break;
    p++;
    into.push({ id, sec });
  }
  into.length = mark;
  return false;
}
