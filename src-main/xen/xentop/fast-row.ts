import { COUNTER_MAX } from '../text/numbers';
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
 * The scan of one row, right to left: where it is (`q`: the next character to read is at
 * q − 1) and what it read last (`n`: a number; `c`: a counter, null for `-`). Methods, not
 * closures or per-field objects, so the helpers stay small.
 */
class RowScan {
  q: number;
  n = 0;
  c: number | null = null;

  constructor(
    readonly t: string,
    readonly b: Uint8Array,
    /** The row starts here: nothing is read at or left of it. */
    readonly lo: number,
    end: number,
  ) {
    this.q = end;
  }

  /** Skips a run of spaces leftwards; false when there was none. */
  gap(): boolean {
    const { b, lo } = this;
    const from = this.q;
    while (this.q > lo && b[this.q - 1] === 32) this.q--;
    return this.q !== from && this.q > lo;
  }

  /** Digits ending at q into n; false unless 1–`max` digits preceded by a space. */
  digits(max: number): boolean {
    const { b, lo } = this;
    const e = this.q;
    let q = e;
    let n = 0;
    let m = 1;
    while (q > lo) {
      const c = b[q - 1]! - 48;
      if (c < 0 || c > 9) break;
      n += c * m;
      m *= 10;
      q--;
    }
    this.q = q;
    this.n = n;
    const len = e - q;
    return len > 0 && len <= max && q > lo && b[q - 1] === 32;
  }

  /** A small integer column (ids, counts): at most 15 digits, like scanSmallUint; -1 if none. */
  small(): number {
    return this.gap() && this.digits(15) ? this.n : -1;
  }

  /**
   * A counter into c, up to COUNTER_MAX; a larger one is declined so that parseXentopRow reports
   * it. Summed right to left, the digits are exact while the value is, and a larger value never
   * rounds back to COUNTER_MAX or below; 16 digits bound the sum (17 are past it anyway).
   */
  counter(dashable: boolean): boolean {
    if (!this.gap()) return false;
    const { b, lo } = this;
    if (dashable && b[this.q - 1] === 45 && this.q - 1 > lo && b[this.q - 2] === 32) {
      this.q--;
      this.c = null;
      return true;
    }
    if (!this.digits(16) || this.n > COUNTER_MAX) return false;
    this.c = this.n;
    return true;
  }

  /** `%.1f`-style percentage into n, computed as scanFixed does so the doubles are identical. */
  fixed(): boolean {
    if (!this.gap()) return false;
    const { b, lo } = this;
    const e = this.q;
    let q = e;
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
    this.q = q;
    // A `.` must have digits on both sides; up to 15 digits `n` is exact, as in scanFixed.
    const count = e - q - (scale === 1 ? 0 : 1);
    if (q === e || q === lo || b[q] === 46 || b[q - 1] !== 32 || count > 15) return false;
    this.n = scale === 1 ? n : n / scale;
    return true;
  }

  /** The word `w` ending at q, preceded by a space. */
  word(w: string): boolean {
    const at = this.q - w.length;
    if (at <= this.lo || this.b[at - 1] !== 32 || !this.t.startsWith(w, at)) return false;
    this.q = at;
    return true;
  }
}

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
  const sc = new RowScan(t, b, s, e);
  while (sc.q > s && b[sc.q - 1] === 32) sc.q--;
  // SSID has no gap to its right; step onto a space so `small` can treat it like the others.
  if (sc.q === e) {
    if (!sc.digits(15)) return null;
  } else {
    sc.q++;
    if (sc.small() < 0) return null;
  }
  const ssid = sc.n;
  let vbdRsect: number | null = null;
  let vbdWsect: number | null = null;
  if (columns === 19) {
    if (!sc.counter(true)) return null;
    vbdWsect = sc.c;
    if (!sc.counter(true)) return null;
    vbdRsect = sc.c;
  }
  if (!sc.counter(true)) return null;
  const vbdWr = sc.c;
  if (!sc.counter(true)) return null;
  const vbdRd = sc.c;
  if (!sc.counter(true)) return null;
  const vbdOo = sc.c;
  const vbds = sc.small();
  if (vbds < 0 || !sc.counter(false)) return null;
  const netRxKiB = sc.c!;
  if (!sc.counter(false)) return null;
  const netTxKiB = sc.c!;
  const nets = sc.small();
  if (nets < 0) return null;
  const vcpus = sc.small();
  if (vcpus < 0 || !sc.gap()) return null;
  let maxMemPct: number | null = null;
  let maxMemKiB: number | null = null;
  if (sc.word('n/a')) {
    if (!sc.gap() || !sc.word('limit') || !sc.gap() || !sc.word('no')) return null;
  } else {
    sc.q++; // `fixed` and `counter` start with their own gap
    if (!sc.fixed()) return null;
    maxMemPct = sc.n;
    if (!sc.counter(false)) return null;
    maxMemKiB = sc.c;
  }
  if (!sc.fixed()) return null;
  const memPct = sc.n;
  if (!sc.counter(false)) return null;
  const memKiB = sc.c!;
  if (!sc.fixed()) return null;
  const cpuPct = sc.n;
  if (!sc.counter(false)) return null;
  const cpuSec = sc.c!;
  if (!sc.gap()) return null;
  const s0 = sc.q - 6;
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
