import { COUNTER_MAX } from '../text/numbers';
import type { XentopNetRow, XentopVbdRow, XentopVcpuTime } from './row';

/**
 * Fast paths for the `-v/-n/-x` rows (built for ≥ 1M domain rows/s with all three). They read
 * the line in place, b[s, e) of the frame's bytes (xentop/bytes.ts), and give no diagnostics: on
 * any mismatch they return null (false) and the caller re-parses the line with the detailed
 * parsers in xentop/extra.ts, which say where and what was expected. Lines end at `\n`, `\r` or
 * the 0 after the frame, none of which is a digit, space or unit letter, so scans stop there by
 * themselves.
 *
 * The readers are small functions, faster here than a scanner object whose methods move its
 * fields. Those of small numbers return the next position (-1: no match) and leave the number in
 * `val`; the counter readers return the counter and leave the next position in `at`.
 */

/** What the last small-number reader read (ids, indexes, hex). */
let val = 0;
/** A counter column's `-`. */
export const DASH = -1;

/** Character codes of a literal, compared byte by byte (no string call per unit). */
export function codes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** p + w.length when b holds w at p, else -1. */
export function lit(b: Uint8Array, p: number, w: Uint8Array): number {
  for (let i = 0; i < w.length; i++) if (b[p + i] !== w[i]) return -1;
  return p + w.length;
}

function spaces(b: Uint8Array, p: number): number {
  while (b[p] === 32) p++;
  return p;
}

/**
 * Where the last digit reader stopped. Counters are returned rather than left in `val`: a value
 * past 2^31 would be boxed on every store to a module variable, a position never is.
 */
let at = 0;

/** The digits at p: their value, with the position after them in `at` (p when there are none). */
function digitRun(b: Uint8Array, p: number): number {
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

/**
 * The digits at p as a counter up to COUNTER_MAX, with `at` after them; -1 when there are none or
 * the value is larger (declined, so the detailed parser reports it; 16 digits already hold every
 * counter up to it, and the cap keeps the sum finite). Left to right in doubles: exact while the
 * value is at most 2^53 − 1, never rounded back below it when larger.
 */
function counter(b: Uint8Array, p: number): number {
  const n = digitRun(b, p);
  return at === p || at - p > 16 || n > COUNTER_MAX ? -1 : n;
}

/** 1–9 digits at p into val (ids, indexes). */
function index(b: Uint8Array, p: number): number {
  val = digitRun(b, p);
  return at === p || at - p > 9 ? -1 : at;
}

/** Lower- or upper-case hex (`%x`, 1–8 digits) at p into val. */
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
  if (p === from || p - from > 8) return -1;
  val = n;
  return p;
}

/** ` +<counter>` at p, as `counter` reads it. */
function spacedCounter(b: Uint8Array, p: number): number {
  return b[p] === 32 ? counter(b, spaces(b, p + 1)) : -1;
}

/** labelled's answer when the text is not ` +LABEL +value`. */
const NO_FIELD = -2;

/**
 * ` +LABEL +value` at p: the counter, DASH for `-` (unreadable stats, Xen 4.13+) or NO_FIELD,
 * with the position after the value in `at`.
 */
function labelled(b: Uint8Array, p: number, e: number, label: Uint8Array): number {
  const q = spaces(b, p);
  if (q === p || (p = lit(b, q, label)) < 0 || b[p] !== 32) return NO_FIELD;
  p = spaces(b, p + 1);
  if (b[p] === 45 && (p + 1 === e || b[p + 1] === 32)) {
    at = p + 1;
    return DASH;
  }
  const v = counter(b, p);
  return v < 0 ? NO_FIELD : v;
}

const BYTES = codes('bytes');
const PKTS = codes('pkts');
const ERR = codes('err');
const DROP = codes('drop');
const NET = codes('Net');
const RX = codes(' RX:');
const TX = codes('TX:');
const VBD = codes('VBD ');
const OO = codes('OO:');
const RD = codes('RD:');
const WR = codes('WR:');
const RSECT = codes('RSECT:');
const WSECT = codes('WSECT:');

/** `VCPUs(sec):   0:       5674s  1: …` (or a continuation line from `s`); appends to `into`. */
export function fastVcpuLine(b: Uint8Array, s: number, e: number, into: XentopVcpuTime[]): boolean {
  const mark = into.length;
  let p = s;
  for (;;) {
    p = spaces(b, p);
    if (p >= e) return true;
    p = index(b, p);
    if (p < 0 || b[p] !== 58 /* : */) break;
    const id = val;
    const sec = counter(b, spaces(b, p + 1));
    if (sec < 0 || b[at] !== 115 /* s */) break;
    p = at + 1;
    into.push({ id, sec });
  }
  into.length = mark;
  return false;
}

/**
 * ` +<counter><unit>` at p: the counter, with `at` after the unit; -1, and `at` -1, when it is not
 * there or p is -1 (an earlier miss), so a run of them needs one check at the end.
 */
function unitCounter(b: Uint8Array, p: number, unit: Uint8Array): number {
  if (p < 0) return -1;
  const v = spacedCounter(b, p);
  at = v < 0 ? -1 : lit(b, at, unit);
  return at < 0 ? -1 : v;
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` */
export function fastNetLine(b: Uint8Array, s: number, e: number): XentopNetRow | null {
  let p = lit(b, s, NET);
  if (p < 0 || (p = index(b, p)) < 0) return null;
  const idx = val;
  if ((p = lit(b, p, RX)) < 0) return null;
  const rxBytes = unitCounter(b, p, BYTES);
  const rxPackets = unitCounter(b, at, PKTS);
  const rxErrors = unitCounter(b, at, ERR);
  const rxDrops = unitCounter(b, at, DROP);
  if (rxBytes < 0 || rxPackets < 0 || rxErrors < 0 || rxDrops < 0) return null;
  p = at;
  const q = spaces(b, p);
  if (q === p || (p = lit(b, q, TX)) < 0) return null;
  const txBytes = unitCounter(b, p, BYTES);
  const txPackets = unitCounter(b, at, PKTS);
  const txErrors = unitCounter(b, at, ERR);
  const txDrops = unitCounter(b, at, DROP);
  if (txBytes < 0 || txPackets < 0 || txErrors < 0 || txDrops < 0 || at !== e) return null;
  return {
    index: idx,
    rxBytes,
    rxPackets,
    rxErrors,
    rxDrops,
    txBytes,
    txPackets,
    txErrors,
    txDrops,
  };
}

/** The VBD types libxenstat prints, so the common ones need no substring of their own. */
const VBD_TYPES = ['BlkBack', 'Tapdisk3', 'BlkTap', 'Unidentified'];
const VBD_TYPE_CODES = VBD_TYPES.map(codes);

function vbdType(t: string, b: Uint8Array, s: number, e: number): string {
  for (let k = 0; k < VBD_TYPE_CODES.length; k++) {
    const w = VBD_TYPE_CODES[k]!;
    // Bytes stand for ASCII characters only (bytes.ts), so equal bytes are equal text.
    if (e - s === w.length && lit(b, s, w) === e) return VBD_TYPES[k]!;
  }
  return t.slice(s, e);
}

/** A dashable column's value: null for `-`. */
export const orNull = (v: number): number | null => (v === DASH ? null : v);

/** `VBD Tapdisk3  768 [ 3: 0]  OO:        0   RD: …   WSECT: …` (RSECT/WSECT absent before 4.0). */
export function fastVbdLine(t: string, b: Uint8Array, s: number, e: number): XentopVbdRow | null {
  let p = lit(b, s, VBD);
  if (p < 0) return null;
  const t0 = (p = spaces(b, p));
  while (p < e && b[p] !== 32) p++;
  // LineCursor also skips tabs before the type; leave such a line to it.
  if (p === t0 || b[t0] === 9) return null;
  const type = vbdType(t, b, t0, p);
  let q = spaces(b, p);
  if (q === p) return null;
  // `%4d` of the virtual-device id, up to 15 digits as LineCursor.small reads it.
  const dev = digitRun(b, q);
  p = at;
  if (p === q || p - q > 15) return null;
  let major: number | null = null;
  let minor: number | null = null;
  // Without the `[..]` details, `field` needs the separating spaces again, so p stays.
  q = spaces(b, p);
  if (q === p) return null;
  if (b[q] === 91 /* [ */) {
    if ((q = hex(b, spaces(b, q + 1))) < 0 || b[q] !== 58 /* : */) return null;
    major = val;
    if ((q = hex(b, spaces(b, q + 1))) < 0 || b[q] !== 93 /* ] */) return null;
    minor = val;
    p = q + 1;
  }
  const oo = labelled(b, p, e, OO);
  if (oo === NO_FIELD) return null;
  const rd = labelled(b, at, e, RD);
  if (rd === NO_FIELD) return null;
  const wr = labelled(b, at, e, WR);
  if (wr === NO_FIELD) return null;
  // Before Xen 4.0 the line ends here; null then, like `-`.
  let rsect = DASH;
  let wsect = DASH;
  if (at !== e) {
    rsect = labelled(b, at, e, RSECT);
    if (rsect === NO_FIELD) return null;
    wsect = labelled(b, at, e, WSECT);
    if (wsect === NO_FIELD || at !== e) return null;
  }
  return {
    type,
    dev,
    major,
    minor,
    oo: orNull(oo),
    rd: orNull(rd),
    wr: orNull(wr),
    rsect: orNull(rsect),
    wsect: orNull(wsect),
  };
}
