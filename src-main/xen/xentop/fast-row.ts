import { bigFromSafe } from '../text/numbers';
import type { XentopColumns, XentopDomain } from './row';

/**
 * Fast path for one xentop domain row (for ≥ 1M rows/s), read in place from the frame's bytes `b`
 * (xentop/bytes.ts) between `s` and `e`; only the name is cut out of the text `t`. It accepts only the plain shape: single-space separators
 * may be runs of spaces, numbers are digits (with one `.` in the percentages), `-` or
 * `no limit`/`n/a` where xentop prints them. Anything else (tabs, `nan`, negative numbers, a
 * missing name) returns null and the caller re-parses the line with parseXentopRow, which gives the
 * diagnostics; so for every row it accepts, it must build exactly what parseXentopRow builds.
 *
 * Like parseXentopRow it scans right to left, because the name may contain spaces. Position and
 * values travel through module-level scratch so the helpers stay small and inlinable, without
 * closures or per-field objects.
 */
let Q = 0; // the scan position: the next character to read is at Q - 1
let N = 0; // the last number read (exact up to 15 digits)
let BIG: bigint | null = null; // the last counter read as a bigint (null for `-`)

/** Skips a run of spaces leftwards down to `lo`; false when there was none. */
function gap(b: Uint8Array, lo: number): boolean {
  const from = Q;
  while (Q > lo && b[Q - 1] === 32) Q--;
  return Q !== from && Q > lo;
}

/** Digits ending at Q; false unless 1–`max` digits preceded by a space. Leaves Q at their start. */
function digits(b: Uint8Array, lo: number, max: number): boolean {
  const e = Q;
  let n = 0;
  let m = 1;
  while (Q > lo) {
    const c = b[Q - 1]! - 48;
    if (c < 0 || c > 9) break;
    n += c * m;
    m *= 10;
    Q--;
  }
  N = n;
  const len = e - Q;
  return len > 0 && len <= max && Q > lo && b[Q - 1] === 32;
}

/** A small integer column (ids, counts): at most 15 digits, like scanSmallUint. */
function small(b: Uint8Array, lo: number): number {
  return gap(b, lo) && digits(b, lo, 15) ? N : -1;
}

/** A 64-bit counter into BIG, exact past 2^53 (more than 15 digits go through the string). */
function counter(t: string, b: Uint8Array, lo: number, dashable: boolean): boolean {
  if (!gap(b, lo)) return false;
  if (dashable && b[Q - 1] === 45 && Q - 1 > lo && b[Q - 2] === 32) {
    Q--;
    BIG = null;
    return true;
  }
  const e = Q;
  if (!digits(b, lo, 20)) return false;
  BIG = e - Q <= 15 ? bigFromSafe(N) : BigInt(t.slice(Q, e));
  return true;
}

/** `%.1f`-style percentage into N, computed as scanFixed does so the doubles are identical. */
function fixed(b: Uint8Array, lo: number): boolean {
  if (!gap(b, lo)) return false;
  const e = Q;
  let n = 0;
  let m = 1;
  let scale = 1;
  while (Q > lo) {
    const c = b[Q - 1]! - 48;
    if (c >= 0 && c <= 9) {
      n += c * m;
      m *= 10;
    } else if (c === -2 /* . */ && scale === 1 && Q !== e) scale = m;
    else break;
    Q--;
  }
  // A `.` must have digits on both sides; up to 15 digits `n` is exact, as in scanFixed.
  const count = e - Q - (scale === 1 ? 0 : 1);
  if (Q === e || Q === lo || b[Q] === 46 || b[Q - 1] !== 32 || count > 15) return false;
  N = scale === 1 ? n : n / scale;
  return true;
}

/** The word `w` ending at Q, preceded by a space. */
function word(t: string, b: Uint8Array, lo: number, w: string): boolean {
  const at = Q - w.length;
  if (at <= lo || b[at - 1] !== 32 || !t.startsWith(w, at)) return false;
  Q = at;
  return true;
}

/** STATE as printed for each flag combination: equal to the slice, without cutting one. */
const STATE_TEXT: string[] = Array.from({ length: 64 }, (_, bits) =>
  Array.from('dsbcpr', (ch, i) => ((bits >> i) & 1 ? ch : '-')).join(''),
);
const STATE_CODES = [100, 115, 98, 99, 112, 114]; // d s b c p r

/** The domain row in t[s, e), or null when it is not in the plain shape (see above). */
export function fastXentopRow(t: string, b: Uint8Array, s: number, e: number, columns: XentopColumns): XentopDomain | null {
  Q = e;
  while (Q > s && b[Q - 1] === 32) Q--;
  // SSID has no gap to its right; step onto a space so `small` can treat it like the others.
  if (Q === e) {
    if (!digits(b, s, 15)) return null;
  } else {
    Q++;
    if (small(b, s) < 0) return null;
  }
  const ssid = N;
  let vbdRsect: bigint | null = null;
  let vbdWsect: bigint | null = null;
  if (columns === 19) {
    if (!counter(t, b, s, true)) return null;
    vbdWsect = BIG;
    if (!counter(t, b, s, true)) return null;
    vbdRsect = BIG;
  }
  if (!counter(t, b, s, true)) return null;
  const vbdWr = BIG;
  if (!counter(t, b, s, true)) return null;
  const vbdRd = BIG;
  if (!counter(t, b, s, true)) return null;
  const vbdOo = BIG;
  const vbds = small(b, s);
  if (vbds < 0 || !counter(t, b, s, false)) return null;
  const netRxKiB = BIG!;
  if (!counter(t, b, s, false)) return null;
  const netTxKiB = BIG!;
  const nets = small(b, s);
  if (nets < 0) return null;
  const vcpus = small(b, s);
  if (vcpus < 0 || !gap(b, s)) return null;
  let maxMemPct: number | null = null;
  let maxMemKiB: bigint | null = null;
  if (word(t, b, s, 'n/a')) {
    if (!gap(b, s) || !word(t, b, s, 'limit') || !gap(b, s) || !word(t, b, s, 'no')) return null;
  } else {
    Q++; // `fixed` and `counter` start with their own gap
    if (!fixed(b, s)) return null;
    maxMemPct = N;
    if (!counter(t, b, s, false)) return null;
    maxMemKiB = BIG;
  }
  if (!fixed(b, s)) return null;
  const memPct = N;
  if (!counter(t, b, s, false)) return null;
  const memKiB = BIG!;
  if (!fixed(b, s)) return null;
  const cpuPct = N;
  if (!counter(t, b, s, false)) return null;
  const cpuSec = BIG!;
  if (!gap(b, s)) return null;
  const s0 = Q - 6;
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
    state: {
      dying: (bits & 1) !== 0,
      shutdown: (bits & 2) !== 0,
      blocked: (bits & 4) !== 0,
      crashed: (bits & 8) !== 0,
      paused: (bits & 16) !== 0,
      running: (bits & 32) !== 0,
    },
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
