import { COUNTER_MAX } from '../text/numbers';
import { DASH, codes, lit, orNull } from './fast';
import { STATE_CODES, stateOf, type XentopColumns, type XentopDomain } from './row';

/**
 * Fast path for one xentop domain row (for ≥ 1M rows/s), read in place from the frame's bytes `b`
 * (xentop/bytes.ts) between `s` and `e`; only the name is cut out of the text `t`. It accepts only the plain shape: single-space separators
 * may be runs of spaces, numbers are digits (with one `.` in the percentages), `-` or
 * `no limit`/`n/a` where xentop prints them. Anything else (tabs, `nan`, negative numbers, a
 * missing name) returns null and the caller re-parses the line with parseXentopRow, which gives the
 * diagnostics; so for every row it accepts, it must build exactly what parseXentopRow builds.
 *
 * Like parseXentopRow it scans right to left, because the name may contain spaces.
 */

/**
 * The readers scan right to left: each takes q (the next character to read is at q − 1) and the
 * row's start lo, and returns the new q, or -1 when the text is not what it reads; the value it
 * read is left in `val` (DASH for `-`), in the style of xentop/fast.ts.
 */
let val = 0;

/** Skips a run of spaces leftwards; -1 when there was none or it reaches lo. */
function gap(b: Uint8Array, q: number, lo: number): number {
  const from = q;
  while (q > lo && b[q - 1] === 32) q--;
  return q !== from && q > lo ? q : -1;
}

/** 1–`max` digits ending at q, preceded by a space, into val (exact up to 2^53 − 1). */
function digits(b: Uint8Array, q: number, lo: number, max: number): number {
  const e = q;
  let n = 0;
  let m = 1;
  while (q > lo) {
    const c = b[q - 1]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    n += c * m;
    m *= 10;
    q--;
  }
  const len = e - q;
  if (len === 0 || len > max || q <= lo || b[q - 1] !== 32) return -1;
  val = n;
  return q;
}

/** A small integer column (ids, counts): at most 15 digits, like scanSmallUint. */
function small(b: Uint8Array, q: number, lo: number): number {
  q = gap(b, q, lo);
  return q < 0 ? -1 : digits(b, q, lo, 15);
}

/**
 * A counter into val, up to COUNTER_MAX; a larger one is declined so that parseXentopRow reports
 * it. Summed right to left, the digits are exact while the value is, and a larger value never
 * rounds back to COUNTER_MAX or below; 16 digits bound the sum (17 are past it anyway).
 */
function counter(b: Uint8Array, q: number, lo: number, dashable: boolean): number {
  q = gap(b, q, lo);
  if (q < 0) return -1;
  if (dashable && b[q - 1] === 45 && q - 1 > lo && b[q - 2] === 32) {
    val = DASH;
    return q - 1;
  }
  q = digits(b, q, lo, 16);
  return q >= 0 && val <= COUNTER_MAX ? q : -1;
}

/** `%.1f`-style percentage into val, computed as scanFixed does so the doubles are identical. */
function fixed(b: Uint8Array, q: number, lo: number): number {
  q = gap(b, q, lo);
  if (q < 0) return -1;
  const e = q;
  let n = 0;
  let m = 1;
  let scale = 1;
  while (q > lo) {
    const c = b[q - 1]! - 48;
    if (c >= 0 && c <= 9) {
      n += c * m;
      m *= 10;
    } else if (c === -2 /* . */ && scale === 1 && q !== e) scale = m;
    else break;
    q--;
  }
  // A `.` must have digits on both sides; up to 15 digits `n` is exact, as in scanFixed.
  const count = e - q - (scale === 1 ? 0 : 1);
  if (q === e || q === lo || b[q] === 46 || b[q - 1] !== 32 || count > 15) return -1;
  val = scale === 1 ? n : n / scale;
  return q;
}

/** The word `w` ending at q, preceded by a space. */
function word(b: Uint8Array, q: number, lo: number, w: Uint8Array): number {
  const at = q - w.length;
  return at > lo && b[at - 1] === 32 && lit(b, at, w) >= 0 ? at : -1;
}

const NA = codes('n/a');
const LIMIT = codes('limit');
const NO = codes('no');

/** STATE as printed for each flag combination: equal to the slice, without cutting one. */
const STATE_TEXT: string[] = Array.from({ length: 64 }, (_, bits) =>
  Array.from('dsbcpr', (ch, i) => ((bits >> i) & 1 ? ch : '-')).join(''),
);

/** The domain row in t[s, e), or null when it is not in the plain shape (see above). */
export function fastXentopRow(
  t: string,
  b: Uint8Array,
  s: number,
  e: number,
  columns: XentopColumns,
): XentopDomain | null {
  let q = e;
  while (q > s && b[q - 1] === 32) q--;
  // SSID has no gap to its right; step onto a space so `small` can treat it like the others.
  q = q === e ? digits(b, q, s, 15) : small(b, q + 1, s);
  if (q < 0) return null;
  const ssid = val;
  let vbdRsect: number | null = null;
  let vbdWsect: number | null = null;
  if (columns === 19) {
    if ((q = counter(b, q, s, true)) < 0) return null;
    vbdWsect = orNull(val);
    if ((q = counter(b, q, s, true)) < 0) return null;
    vbdRsect = orNull(val);
  }
  if ((q = counter(b, q, s, true)) < 0) return null;
  const vbdWr = orNull(val);
  if ((q = counter(b, q, s, true)) < 0) return null;
  const vbdRd = orNull(val);
  if ((q = counter(b, q, s, true)) < 0) return null;
  const vbdOo = orNull(val);
  if ((q = small(b, q, s)) < 0) return null;
  const vbds = val;
  if ((q = counter(b, q, s, false)) < 0) return null;
  const netRxKiB = val;
  if ((q = counter(b, q, s, false)) < 0) return null;
  const netTxKiB = val;
  if ((q = small(b, q, s)) < 0) return null;
  const nets = val;
  if ((q = small(b, q, s)) < 0) return null;
  const vcpus = val;
  if ((q = gap(b, q, s)) < 0) return null;
  let maxMemPct: number | null = null;
  let maxMemKiB: number | null = null;
  const na = word(b, q, s, NA);
  if (na >= 0) {
    if ((q = gap(b, na, s)) < 0 || (q = word(b, q, s, LIMIT)) < 0) return null;
    if ((q = gap(b, q, s)) < 0 || (q = word(b, q, s, NO)) < 0) return null;
  } else {
    // `fixed` and `counter` start with their own gap.
    if ((q = fixed(b, q + 1, s)) < 0) return null;
    maxMemPct = val;
    if ((q = counter(b, q, s, false)) < 0) return null;
    maxMemKiB = val;
  }
  if ((q = fixed(b, q, s)) < 0) return null;
  const memPct = val;
  if ((q = counter(b, q, s, false)) < 0) return null;
  const memKiB = val;
  if ((q = fixed(b, q, s)) < 0) return null;
  const cpuPct = val;
  if ((q = counter(b, q, s, false)) < 0) return null;
  const cpuSec = val;
  if ((q = gap(b, q, s)) < 0) return null;
  const s0 = q - 6;
  // STATE, then exactly one space that ends the name (parseXentopRow keeps any other padding).
  if (s0 - 1 <= s || b[s0 - 1] !== 32) return null;
  let bits = 0;
  for (let i = 0; i < 6; i++) {
    const c = b[s0 + i];
    if (c === STATE_CODES[i]) bits |= 1 << i;
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
    cpuSec,
    cpuPct,
    memKiB,
    memPct,
    maxMemKiB,
    maxMemPct,
    vcpus,
    nets,
    netTxKiB,
    netRxKiB,
    vbds,
    vbdOo,
    vbdRd,
    vbdWr,
    vbdRsect,
    vbdWsect,
    ssid,
  };
}
