import { COUNTER_MAX } from '../text/numbers';
import { STATE_CODES, stateOf, type XentopColumns, type XentopDomain } from './row';

/**
 * Fast path for one xentop domain row (for ≥ 1M rows/s), read in place from the frame's bytes `b`
 * (xentop/bytes.ts) between `s` and `e`; only the name is cut out of the text `t`. It accepts
 * only the plain shape: single-space separators may be runs of spaces, numbers are digits (with
 * one `.` in the percentages), `-` or `no limit`/`n/a` where xentop prints them. Anything else
 * (tabs, `nan`, negative numbers, a missing name) returns null and the caller re-parses the line
 * with parseXentopRow, which gives the diagnostics; so for every row it accepts, it must build
 * exactly what parseXentopRow builds.
 *
 * Like parseXentopRow it scans right to left, because the name may contain spaces. The numeric
 * columns are read by one loop over a table of what each column holds, not by a reader call per
 * column (see xentop/fast.ts on why), into `got`; the row's object is built once all matched.
 */

/** Copies of imported values (see xentop/fast.ts: under tsx each imported read is a call). */
const MAX = COUNTER_MAX;
const STATE = Uint8Array.from(STATE_CODES);

/** What a column holds. */
const SMALL = 0; // ids and counts: 1–15 digits
const COUNTER = 1; // 1–16 digits, at most 2^53 − 1 (a larger one is declined, so it is reported)
const DASHABLE = 2; // a counter, or `-` (unreadable VBD stats, Xen 4.13+)
const FIXED = 3; // `%.1f`: digits with at most one `.` inside, at most 15 digits
const MAXMEM_PCT = 4; // FIXED, or `n/a` after `no limit` (MAXMEM(k), next column, is then null)
const DIGITS = [15, 16, 16, 15, 15];

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

/** Null where xentop printed `-` or the column is absent. */
const ABSENT = -1;
const got = new Float64Array(17);

/** The columns right to left: kind and slot, for each header xentop has printed. */
function layout(columns: Array<[number, number]>): { kinds: Uint8Array; slots: Uint8Array } {
  return {
    kinds: Uint8Array.from(columns, (c) => c[0]),
    slots: Uint8Array.from(columns, (c) => c[1]),
  };
}
const VBD_SECT: Array<[number, number]> = [
  [DASHABLE, VBD_WSECT],
  [DASHABLE, VBD_RSECT],
];
const REST: Array<[number, number]> = [
  [DASHABLE, VBD_WR],
  [DASHABLE, VBD_RD],
  [DASHABLE, VBD_OO],
  [SMALL, VBDS],
  [COUNTER, NET_RX],
  [COUNTER, NET_TX],
  [SMALL, NETS],
  [SMALL, VCPUS],
  [MAXMEM_PCT, MAXMEM_PCT_SLOT],
  [COUNTER, MAXMEM],
  [FIXED, MEM_PCT],
  [COUNTER, MEM],
  [FIXED, CPU_PCT],
  [COUNTER, CPU_SEC],
];
/** SSID first: it ends the line, so it has no gap to its right (trailing spaces are trimmed). */
const LAYOUT_19 = layout([[SMALL, SSID], ...VBD_SECT, ...REST]);
const LAYOUT_17 = layout([[SMALL, SSID], ...REST]);

/** `no limit` and `n/a` as printed, right to left from the end of `n/a`. */
const NO_LIMIT_NA = Uint8Array.from('no limit       n/a', (c) => c.charCodeAt(0));

/** STATE as printed for each flag combination: equal to the slice, without cutting one. */
const STATE_TEXT: string[] = Array.from({ length: 64 }, (_, bits) =>
  Array.from('dsbcpr', (ch, i) => ((bits >> i) & 1 ? ch : '-')).join(''),
);

const orNull = (v: number): number | null => (v === ABSENT ? null : v);

/**
 * Whether `no limit` + spaces + `n/a` ends at q, each word after a space; where it starts, or -1.
 * Only the spacing xentop prints (`%10s %9s`), anything else goes the detailed way.
 */
function noLimit(b: Uint8Array, q: number, lo: number): number {
  const from = q - NO_LIMIT_NA.length;
  if (from - 1 <= lo || b[from - 1] !== 32) return -1;
  for (let i = 0; i < NO_LIMIT_NA.length; i++) if (b[from + i] !== NO_LIMIT_NA[i]) return -1;
  return from;
}

/** The domain row in t[s, e), or null when it is not in the plain shape (see above). */
export function fastXentopRow(
  t: string,
  b: Uint8Array,
  s: number,
  e: number,
  columns: XentopColumns,
): XentopDomain | null {
  const { kinds, slots } = columns === 19 ? LAYOUT_19 : LAYOUT_17;
  got[VBD_RSECT] = got[VBD_WSECT] = ABSENT;
  let q = e;
  while (q > s && b[q - 1] === 32) q--;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k]!;
    // A run of spaces before every column but SSID, not reaching the line's start.
    if (k > 0) {
      const g = q;
      while (q > s && b[q - 1] === 32) q--;
      if (q === g || q === s) return null;
    }
    if (kind === DASHABLE && b[q - 1] === 45 && q - 1 > s && b[q - 2] === 32) {
      got[slots[k]!] = ABSENT;
      q--;
      continue;
    }
    if (kind === MAXMEM_PCT && b[q - 1] === 97 /* a */) {
      q = noLimit(b, q, s);
      if (q < 0) return null;
      got[MAXMEM_PCT_SLOT] = got[MAXMEM] = ABSENT;
      k++;
      continue;
    }
    // Digits right to left, and for a percentage one `.` with digits on both sides. Summed right
    // to left as scanFixed and scanCounter do, so the doubles are identical: exact while the
    // value is, and a value past 2^53 − 1 never rounds back to it or below.
    const end = q;
    let n = 0;
    let m = 1;
    let scale = 1;
    while (q > s) {
      const c = b[q - 1]! - 48;
      if (c >= 0 && c <= 9) {
        n += c * m;
        m *= 10;
      } else if (c === -2 /* . */ && kind >= FIXED && scale === 1 && q !== end) scale = m;
      else break;
      q--;
    }
    const count = end - q - (scale === 1 ? 0 : 1);
    if (count === 0 || count > DIGITS[kind]! || q === s || b[q - 1] !== 32) return null;
    if (b[q] === 46 || n > MAX) return null;
    got[slots[k]!] = scale === 1 ? n : n / scale;
  }
  // STATE, then exactly one space that ends the name (parseXentopRow keeps any other padding).
  const g = q;
  while (q > s && b[q - 1] === 32) q--;
  if (q === g || q === s) return null;
  const s0 = q - 6;
  if (s0 - 1 <= s || b[s0 - 1] !== 32) return null;
  let bits = 0;
  for (let i = 0; i < 6; i++) {
    const c = b[s0 + i];
    if (c === STATE[i]) bits |= 1 << i;
    else if (c !== 45) return null;
  }
  const nameEnd = s0 - 1;
  let nameStart = s;
  while (nameStart < nameEnd && b[nameStart] === 32) nameStart++;
  if (nameStart === nameEnd) return null;
  // Same shape and key order as parseXentopRow's result.
  return {
    name: t.slice(nameStart, nameEnd),
    state: stateOf(bits),
    stateText: STATE_TEXT[bits]!,
    cpuSec: got[CPU_SEC]!,
    cpuPct: got[CPU_PCT]!,
    memKiB: got[MEM]!,
    memPct: got[MEM_PCT]!,
    maxMemKiB: orNull(got[MAXMEM]!),
    maxMemPct: orNull(got[MAXMEM_PCT_SLOT]!),
    vcpus: got[VCPUS]!,
    nets: got[NETS]!,
    netTxKiB: got[NET_TX]!,
    netRxKiB: got[NET_RX]!,
    vbds: got[VBDS]!,
    vbdOo: orNull(got[VBD_OO]!),
    vbdRd: orNull(got[VBD_RD]!),
    vbdWr: orNull(got[VBD_WR]!),
    vbdRsect: orNull(got[VBD_RSECT]!),
    vbdWsect: orNull(got[VBD_WSECT]!),
    ssid: got[SSID]!,
  };
}
