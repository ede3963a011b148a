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
 * The readers are small functions that take a position and return the next one (-1: no match),
 * leaving what they read in `val`, so the position can stay in a register. Measured on the
 * bench's `-n -x -v` frame, these lines parse about a fifth faster this way than through a
 * scanner object whose methods move its fields.
 */

/** What the last reader read: a counter or small number, or DASH for `-`. */
let val = 0;
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

/** The digits at p into val; returns the position after them (p itself when there are none). */
function digitRun(b: Uint8Array, p: number): number {
  let n = 0;
  for (;;) {
    const c = b[p]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
    p++;
  }
  val = n;
  return p;
}

/**
 * Digits at p into val, as a counter up to COUNTER_MAX (a larger one is declined, so the detailed
 * parser reports it; 16 digits already hold every counter up to it, and the cap keeps the sum
 * finite). Left to right in doubles: exact while the value is at most 2^53 − 1, never rounded
 * back below it when larger.
 */
function counter(b: Uint8Array, p: number): number {
  const e = digitRun(b, p);
  return e === p || e - p > 16 || val > COUNTER_MAX ? -1 : e;
}

/** 1–9 digits at p into val (ids, indexes). */
function index(b: Uint8Array, p: number): number {
  const e = digitRun(b, p);
  return e === p || e - p > 9 ? -1 : e;
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

/** ` +<counter><unit>` at p into val. */
function unitCounter(b: Uint8Array, p: number, unit: Uint8Array): number {
  const q = spaces(b, p);
  if (q === p) return -1;
  p = counter(b, q);
  return p < 0 ? -1 : lit(b, p, unit);
}

/** ` +LABEL +value` at p into val; DASH for `-` (unreadable stats, Xen 4.13+). */
function field(b: Uint8Array, p: number, e: number, label: Uint8Array): number {
  let q = spaces(b, p);
  if (q === p) return -1;
  p = lit(b, q, label);
  if (p < 0) return -1;
  q = spaces(b, p);
  if (q === p) return -1;
  if (b[q] === 45 && (q + 1 === e || b[q + 1] === 32)) {
    val = DASH;
    return q + 1;
  }
  return counter(b, q);
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
    p = counter(b, spaces(b, p + 1));
    if (p < 0 || b[p] !== 115 /* s */) break;
    p++;
    into.push({ id, sec: val });
  }
  into.length = mark;
  return false;
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` */
export function fastNetLine(b: Uint8Array, s: number, e: number): XentopNetRow | null {
  let p = lit(b, s, NET);
  if (p < 0 || (p = index(b, p)) < 0) return null;
  const idx = val;
  if ((p = lit(b, p, RX)) < 0 || (p = unitCounter(b, p, BYTES)) < 0) return null;
  const rxBytes = val;
  if ((p = unitCounter(b, p, PKTS)) < 0) return null;
  const rxPackets = val;
  if ((p = unitCounter(b, p, ERR)) < 0) return null;
  const rxErrors = val;
  if ((p = unitCounter(b, p, DROP)) < 0) return null;
  const rxDrops = val;
  const q = spaces(b, p);
  if (q === p || (p = lit(b, q, TX)) < 0 || (p = unitCounter(b, p, BYTES)) < 0) return null;
  const txBytes = val;
  if ((p = unitCounter(b, p, PKTS)) < 0) return null;
  const txPackets = val;
  if ((p = unitCounter(b, p, ERR)) < 0) return null;
  const txErrors = val;
  if ((p = unitCounter(b, p, DROP)) !== e) return null;
  return {
    index: idx,
    rxBytes,
    rxPackets,
    rxErrors,
    rxDrops,
    txBytes,
    txPackets,
    txErrors,
    txDrops: val,
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
  p = digitRun(b, q);
  if (p === q || p - q > 15) return null;
  const dev = val;
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
  if ((p = field(b, p, e, OO)) < 0) return null;
  const oo = orNull(val);
  if ((p = field(b, p, e, RD)) < 0) return null;
  const rd = orNull(val);
  if ((p = field(b, p, e, WR)) < 0) return null;
  const wr = orNull(val);
  if (p === e) return { type, dev, major, minor, oo, rd, wr, rsect: null, wsect: null };
  if ((p = field(b, p, e, RSECT)) < 0) return null;
  const rsect = orNull(val);
  if ((p = field(b, p, e, WSECT)) !== e) return null;
  return { type, dev, major, minor, oo, rd, wr, rsect, wsect: orNull(val) };
}
