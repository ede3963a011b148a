import { COUNTER_MAX } from '../text/numbers';
import { endsAt, lastLine } from './bytes';
import { STATE_CODES, stateOf, type XentopColumns, type XentopDomain } from './row';

/**
 * Fast path for one xentop domain row (for ≥ 1M rows/s), read in place from the frame's bytes `b`
 * (xentop/bytes.ts) from `s` to the line's end, which it finds itself and leaves in
 * `lastLine.end` (see xentop/fast.ts); only the name is cut out of the text `t`. It accepts
 * only the plain shape: single-space separators may be runs of spaces, numbers are digits (with
 * one `.` in the percentages), `-` or `no limit       n/a` where xentop prints them. Anything else
 * (tabs, `nan`, negative numbers, a missing name) returns null and the caller re-parses the line
 * with parseXentopRow, which gives the diagnostics; so for every row it accepts, it must build
 * exactly what parseXentopRow builds.
 *
 * parseXentopRow reads right to left, because the name may contain spaces; this path finds STATE
 * after the name and reads the columns left to right (cheaper per byte: each digit is one
 * multiply-add), and takes the row only when they end exactly at the line's end, where both
 * readings agree. The columns are read by one loop over a table of what each holds, not by a
 * reader call per column (see xentop/fast.ts on why), into `got`; the row's object is built once
 * all matched.
 */

/** Copies of imported values (see xentop/fast.ts: under tsx each imported read is a call). */
const MAX = COUNTER_MAX;
const STATE = Uint8Array.from(STATE_CODES);
const flagsOf = stateOf;
const LINE = lastLine;
const lineEndsAt = endsAt;

/** What a column holds. */
const SMALL = 0; // ids and counts: 1–15 digits
const COUNTER = 1; // 1–16 digits, at most 2^53 − 1 (a larger one is declined, so it is reported)
const DASHABLE = 2; // a counter, or `-` (unreadable VBD stats, Xen 4.13+)
const FIXED = 3; // `%.1f`: digits with at most one `.` inside, at most 15 digits
const NO_LIMIT = 4; // MAXMEM(k): a counter, or `no limit` (then MAXMEM(%), next, must be `n/a`)
const DIGITS = Uint8Array.of(15, 16, 16, 15, 16);
/** 10^k, exact for the k ≤ 15 fraction digits a percentage may have. */
const POW10 = Float64Array.from({ length: 16 }, (_, k) => 10 ** k);

/** `got` slots, one per column from CPU(sec) to SSID (NAME and STATE are not numbers). */
const CPU_SEC = 0;
const CPU_PCT = 1;
const MEM = 2;
const MEM_PCT = 3;
const MAXMEM = 4;
const MAXMEM_PCT_SLOT = 5;
const VCPUS = 6;
const NETS = 7;
const NET_TX = 8;
const NET_RX = 9;
const VBDS = 10;
const VBD_OO = 11;
const VBD_RD = 12;
const VBD_WR = 13;
const VBD_RSECT = 14;
const VBD_WSECT = 15;
const SSID = 16;

/** The columns read so far; null where xentop printed `-` or the column is absent. A plain array, not a Float64Array: see `got` in xentop/fast.ts. */
const got: Array<number | null> = new Array<number | null>(17).fill(null);

/** The columns left to right after STATE: kind and slot, for each header xentop has printed. */
function layout(columns: Array<[number, number]>): { kinds: Uint8Array; slots: Uint8Array } {
  return {
    kinds: Uint8Array.from(columns, (c) => c[0]),
    slots: Uint8Array.from(columns, (c) => c[1]),
  };
}
const HEAD: Array<[number, number]> = [
  [COUNTER, CPU_SEC],
  [FIXED, CPU_PCT],
  [COUNTER, MEM],
  [FIXED, MEM_PCT],
  [NO_LIMIT, MAXMEM],
  [FIXED, MAXMEM_PCT_SLOT],
  [SMALL, VCPUS],
  [SMALL, NETS],
  [COUNTER, NET_TX],
  [COUNTER, NET_RX],
  [SMALL, VBDS],
  [DASHABLE, VBD_OO],
  [DASHABLE, VBD_RD],
  [DASHABLE, VBD_WR],
];
const LAYOUT_19 = layout([...HEAD, [DASHABLE, VBD_RSECT], [DASHABLE, VBD_WSECT], [SMALL, SSID]]);
const LAYOUT_17 = layout([...HEAD, [SMALL, SSID]]);

/** `no limit` and `n/a` as xentop prints them (`%10s %9s`), MAXMEM(k) and MAXMEM(%) both null. */
const NO_LIMIT_NA = Uint8Array.from('no limit       n/a', (c) => c.charCodeAt(0));

/** STATE as printed for each flag combination: equal to the slice, without cutting one. */
const STATE_TEXT: string[] = Array.from({ length: 64 }, (_, bits) =>
  Array.from('dsbcpr', (ch, i) => ((bits >> i) & 1 ? ch : '-')).join(''),
);

/** Whether the 6 bytes at p are a STATE (`dsbcpr`, each letter or `-`): its flag bits, or -1. */
function stateAt(b: Uint8Array, p: number): number {
  let bits = 0;
  for (let i = 0; i < 6; i++) {
    const c = b[p + i];
    if (c === STATE[i]) bits |= 1 << i;
    else if (c !== 45) return -1;
  }
  return bits;
}

/** The domain row at t[s…], or null when it is not in the plain shape (see above). */
export function fastXentopRow(
  t: string,
  b: Uint8Array,
  s: number,
  len: number,
  columns: XentopColumns,
): XentopDomain | null {
  // The name is right-aligned and may hold spaces: STATE is the first 6-byte token after it that
  // reads as one. Were the name to hold such a token, the columns after it would not match up to
  // the line's end, and the line goes the detailed way; when they do, the tail is the line's last
  // tokens, the very ones parseXentopRow reads from the right.
  let nameStart = s;
  while (b[nameStart] === 32) nameStart++;
  let g = nameStart;
  let bits = -1;
  for (;;) {
    // To the next space in the line; STATE's 6 bytes and the space after it cannot hold its end.
    while (b[g] !== 32 && b[g] !== 10 && g < len) g++;
    if (b[g] !== 32) return null;
    if (b[g + 7] === 32 && (bits = stateAt(b, g + 1)) >= 0) break;
    g++;
  }
  if (bits < 0 || g === nameStart) return null;
  const nameEnd = g;
  const { kinds, slots } = columns === 19 ? LAYOUT_19 : LAYOUT_17;
  got[VBD_RSECT] = got[VBD_WSECT] = null;
  let p = g + 7;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k]!;
    // A run of spaces before each column.
    const from = p;
    while (b[p] === 32) p++;
    if (p === from) return null;
    const c0 = b[p];
    if (c0 === 45 /* - */ && kind === DASHABLE && b[p + 1] === 32) {
      got[slots[k]!] = null;
      p++;
      continue;
    }
    if (c0 === 110 /* n */ && kind === NO_LIMIT) {
      for (let i = 0; i < NO_LIMIT_NA.length; i++, p++) if (b[p] !== NO_LIMIT_NA[i]) return null;
      got[MAXMEM] = got[MAXMEM_PCT_SLOT] = null;
      k++;
      continue;
    }
    // Digits, and in a percentage one `.` with digits on both sides, summed left to right as
    // scanCounter and scanFixed do, so the doubles are identical: exact while the value is at
    // most 2^53 − 1, and a larger one never rounds back to it or below (and is declined).
    const d = p;
    let n = 0;
    let dot = 0;
    // The first 9 bytes in small-integer arithmetic, a longer counter summed on in doubles apart:
    // V8 then keeps this loop's sum an int32. Summed in one loop, every column is a double and
    // needs a box to be stored, which took a quarter of the row's time.
    for (;;) {
      const c = b[p]! - 48;
      if (c >= 0 && c <= 9) n = n * 10 + c;
      else if (c === -2 /* . */ && kind === FIXED && dot === 0 && p !== d) dot = p;
      else break;
      if (++p - d === 9) break;
    }
    const c9 = b[p]! - 48;
    if (c9 >= 0 && c9 <= 9) {
      // Past 9 bytes only a counter (a percentage that long goes the detailed way).
      if (dot !== 0 || kind === FIXED) return null;
      let long = n;
      for (;;) {
        const c = b[p]! - 48;
        if (!(c >= 0 && c <= 9)) break;
        long = long * 10 + c;
        p++;
      }
      if (p - d > DIGITS[kind]! || long > MAX) return null;
      got[slots[k]!] = long;
      continue;
    }
    if (p === d || b[p - 1] === 46) return null;
    if (dot === 0) got[slots[k]!] = n;
    else got[slots[k]!] = n / POW10[p - dot - 1]!;
  }
  while (b[p] === 32) p++;
  if (!lineEndsAt(b, p, len)) return null;
  LINE.end = p;
  // Same shape and key order as parseXentopRow's result.
  return {
    name: t.slice(nameStart, nameEnd),
    state: flagsOf(bits),
    stateText: STATE_TEXT[bits]!,
    cpuSec: got[CPU_SEC] as number,
    cpuPct: got[CPU_PCT] as number,
    memKiB: got[MEM] as number,
    memPct: got[MEM_PCT] as number,
    maxMemKiB: got[MAXMEM] as number | null,
    maxMemPct: got[MAXMEM_PCT_SLOT] as number | null,
    vcpus: got[VCPUS] as number,
    nets: got[NETS] as number,
    netTxKiB: got[NET_TX] as number,
    netRxKiB: got[NET_RX] as number,
    vbds: got[VBDS] as number,
    vbdOo: got[VBD_OO] as number | null,
    vbdRd: got[VBD_RD] as number | null,
    vbdWr: got[VBD_WR] as number | null,
    vbdRsect: got[VBD_RSECT] as number | null,
    vbdWsect: got[VBD_WSECT] as number | null,
    ssid: got[SSID] as number,
  };
}
