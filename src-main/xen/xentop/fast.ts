import { bigFromSafe } from '../text/numbers';
import type { XentopNetRow, XentopVbdRow, XentopVcpuTime } from './row';

/**
 * Fast paths for the `-v/-n/-x` rows (built for ≥ 1M domain rows/s with all three). They
 * read the line in place, b[s, e] of the frame's bytes (xentop/bytes.ts), and give no diagnostics: on any mismatch
 * they return null (false) and the caller re-parses the line with the detailed parsers in
 * xentop/extra.ts, which say where and what was expected. Lines end at `\n`, `\r` or the 0 after
 * the frame, none of which is a digit, space or unit letter, so scans stop there by themselves.
 */

/** Character codes of a literal, compared byte by byte (no string call per unit). */
function codes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function lit(b: Uint8Array, p: number, w: Uint8Array): boolean {
  for (let i = 0; i < w.length; i++) if (b[p + i] !== w[i]) return false;
  return true;
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

/** The value `num()` read; positions travel as return values so the hot loops keep them local. */
let V = 0n;

/** Reads digits at `p` into V; returns the end, or -1 when there are none (or more than 20). */
function num(t: string, b: Uint8Array, p: number): number {
  const from = p;
  let n = 0;
  for (;;) {
    const c = b[p]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
    p++;
  }
  const len = p - from;
  if (len === 0 || len > 20) return -1;
  V = len <= 15 ? bigFromSafe(n) : BigInt(t.slice(from, p));
  return p;
}

/** The last small number `index()` or `hex()` read. */
let I = 0;

/** Digits at `p` as a small number (at most 9 of them) into I; returns the end, or -1. */
function index(b: Uint8Array, p: number): number {
  const from = p;
  let n = 0;
  for (;;) {
    const c = b[p]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
    p++;
  }
  I = n;
  return p === from || p - from > 9 ? -1 : p;
}

/** `VCPUs(sec):   0:       5674s  1: …` (or a continuation line from `s`); appends to `into`. */
export function fastVcpuLine(t: string, b: Uint8Array, s: number, e: number, into: XentopVcpuTime[]): boolean {
  const mark = into.length;
  let p = s;
  for (;;) {
    while (b[p] === 32) p++;
    if (p >= e) return true;
    p = index(b, p);
    if (p < 0 || b[p] !== 58) break;
    const id = I;
    p++;
    while (b[p] === 32) p++;
    p = num(t, b, p);
    if (p < 0 || b[p] !== 115) break;
    p++;
    into.push({ id, sec: V });
  }
  into.length = mark;
  return false;
}

/** ` +<digits><unit>`: returns the position after the unit, or -1. */
function counter(t: string, b: Uint8Array, p: number, unit: Uint8Array): number {
  const sp = p;
  while (b[p] === 32) p++;
  if (p === sp) return -1;
  p = num(t, b, p);
  if (p < 0 || !lit(b, p, unit)) return -1;
  return p + unit.length;
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` */
export function fastNetLine(t: string, b: Uint8Array, s: number, e: number): XentopNetRow | null {
  if (!lit(b, s, NET)) return null;
  let p = index(b, s + 3);
  if (p < 0 || !lit(b, p, RX)) return null;
  const idx = I;
  p = counter(t, b, p + 4, BYTES);
  if (p < 0) return null;
  const rxBytes = V;
  p = counter(t, b, p, PKTS);
  if (p < 0) return null;
  const rxPackets = V;
  p = counter(t, b, p, ERR);
  if (p < 0) return null;
  const rxErrors = V;
  p = counter(t, b, p, DROP);
  if (p < 0) return null;
  const rxDrops = V;
  const sp = p;
  while (b[p] === 32) p++;
  if (p === sp || !lit(b, p, TX)) return null;
  p = counter(t, b, p + 3, BYTES);
  if (p < 0) return null;
  const txBytes = V;
  p = counter(t, b, p, PKTS);
  if (p < 0) return null;
  const txPackets = V;
  p = counter(t, b, p, ERR);
  if (p < 0) return null;
  const txErrors = V;
  p = counter(t, b, p, DROP);
  if (p !== e) return null;
  return { index: idx, rxBytes, rxPackets, rxErrors, rxDrops, txBytes, txPackets, txErrors, txDrops: V };
}

/** Whether the last `field()` read a `-` (unreadable stats, 4.13+). */
let DASH = false;

/** ` +LABEL +value`: returns the position after the value (in V, or DASH), or -1. */
function field(t: string, b: Uint8Array, p: number, e: number, label: Uint8Array): number {
  const sp = p;
  while (b[p] === 32) p++;
  if (p === sp || !lit(b, p, label)) return -1;
  p += label.length;
  const sp2 = p;
  while (b[p] === 32) p++;
  if (p === sp2) return -1;
  if (b[p] === 45 && (p + 1 === e || b[p + 1] === 32)) {
    DASH = true;
    return p + 1;
  }
  DASH = false;
  return num(t, b, p);
}

/** Lower- or upper-case hex (`%x`, at most 8 digits) into I; returns the end, or -1. */
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
  I = n;
  return p === from || p - from > 8 ? -1 : p;
}

/** The VBD types libxenstat prints, so the common ones need no substring of their own. */
const VBD_TYPES = ['BlkBack', 'Tapdisk3', 'BlkTap', 'Unidentified'];

function vbdType(t: string, s: number, e: number): string {
  for (const known of VBD_TYPES) if (e - s === known.length && t.startsWith(known, s)) return known;
  return t.slice(s, e);
}

/** `VBD Tapdisk3  768 [ 3: 0]  OO:        0   RD: …   WSECT: …` (RSECT/WSECT absent before 4.0). */
export function fastVbdLine(t: string, b: Uint8Array, s: number, e: number): XentopVbdRow | null {
  if (!lit(b, s, VBD)) return null;
  let p = s + 4;
  while (b[p] === 32) p++;
  const t0 = p;
  while (p < e && b[p] !== 32) p++;
  // LineCursor also skips tabs before the type; leave such a line to it.
  if (p === t0 || b[t0] === 9) return null;
  const type = vbdType(t, t0, p);
  const sp = p;
  while (b[p] === 32) p++;
  if (p === sp) return null;
  const d0 = p;
  let dev = 0;
  for (;;) {
    const c = b[p]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    dev = dev * 10 + c;
    p++;
  }
  if (p === d0 || p - d0 > 15) return null;
  let major: number | null = null;
  let minor: number | null = null;
  let q = p;
  while (b[q] === 32) q++;
  if (q === p) return null;
  if (b[q] === 91 /* [ */) {
    q++;
    while (b[q] === 32) q++;
    q = hex(b, q);
    if (q < 0 || b[q] !== 58) return null;
    major = I;
    q++;
    while (b[q] === 32) q++;
    q = hex(b, q);
    if (q < 0 || b[q] !== 93) return null;
    minor = I;
    p = q + 1;
  }
  // Without the `[..]` details, `field` needs the separating spaces again, so p stays put.
  p = field(t, b, p, e, OO);
  if (p < 0) return null;
  const oo = DASH ? null : V;
  p = field(t, b, p, e, RD);
  if (p < 0) return null;
  const rd = DASH ? null : V;
  p = field(t, b, p, e, WR);
  if (p < 0) return null;
  const wr = DASH ? null : V;
  if (p === e) return { type, dev, major, minor, oo, rd, wr, rsect: null, wsect: null };
  p = field(t, b, p, e, RSECT);
  if (p < 0) return null;
  const rsect = DASH ? null : V;
  p = field(t, b, p, e, WSECT);
  if (p !== e) return null;
  return { type, dev, major, minor, oo, rd, wr, rsect, wsect: DASH ? null : V };
}
