import { COUNTER_MAX } from '../text/numbers';
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

/**
 * A scan of one line of a frame's bytes: where it is (`p`) and what it read last (`v`: a
 * counter; `i`: a small number; `dash`: the field was `-`). The readers return
 * whether they matched; on a mismatch the caller gives the line to the detailed parsers. Methods,
 * not closures, so the hot path stays small.
 */
class LineScan {
  p: number;
  v = 0;
  i = 0;
  dash = false;

  constructor(
    readonly b: Uint8Array,
    from: number,
  ) {
    this.p = from;
  }

  spaces(): number {
    const from = this.p;
    while (this.b[this.p] === 32) this.p++;
    return this.p - from;
  }

  lit(w: Uint8Array): boolean {
    if (!lit(this.b, this.p, w)) return false;
    this.p += w.length;
    return true;
  }

  /** Reads the digits at p into i (exact up to 2^53 − 1); returns how many there were. */
  private digits(): number {
    const { b } = this;
    const from = this.p;
    let p = from;
    let n = 0;
    for (;;) {
      const c = b[p]! - 48;
      if (!(c >= 0 && c <= 9)) break;
      n = n * 10 + c;
      p++;
    }
    this.i = n;
    this.p = p;
    return p - from;
  }

  /**
   * Digits into v, up to COUNTER_MAX. A larger counter is declined, so the detailed parser reports
   * it; more than 16 digits are past it anyway, and the cap keeps the sum finite.
   */
  num(): boolean {
    const from = this.p;
    const len = this.digits();
    if (len === 0 || len > 16 || this.i > COUNTER_MAX) {
      this.p = from;
      return false;
    }
    this.v = this.i;
    return true;
  }

  /** Digits into i (at most 9). */
  index(): boolean {
    const len = this.digits();
    return len > 0 && len <= 9;
  }

  /** Lower- or upper-case hex (`%x`, at most 8 digits) into i. */
  hex(): boolean {
    const { b } = this;
    const from = this.p;
    let p = from;
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
    this.i = n;
    this.p = p;
    return p !== from && p - from <= 8;
  }

  /** ` +<digits><unit>` into v. */
  counter(unit: Uint8Array): boolean {
    return this.spaces() > 0 && this.num() && this.lit(unit);
  }

  /** ` +LABEL +value` into v, or dash for `-` (unreadable stats, Xen 4.13+). */
  field(e: number, label: Uint8Array): boolean {
    if (this.spaces() === 0 || !this.lit(label) || this.spaces() === 0) return false;
    const { b, p } = this;
    if (b[p] === 45 && (p + 1 === e || b[p + 1] === 32)) {
      this.dash = true;
      this.p = p + 1;
      return true;
    }
    this.dash = false;
    return this.num();
  }

  /** The last field's value: null for `-`. */
  get value(): number | null {
    return this.dash ? null : this.v;
  }
}

/** `VCPUs(sec):   0:       5674s  1: …` (or a continuation line from `s`); appends to `into`. */
export function fastVcpuLine(
  t: string,
  b: Uint8Array,
  s: number,
  e: number,
  into: XentopVcpuTime[],
): boolean {
  const mark = into.length;
  const sc = new LineScan(b, s);
  for (;;) {
    sc.spaces();
    if (sc.p >= e) return true;
    if (!sc.index() || b[sc.p] !== 58) break;
    const id = sc.i;
    sc.p++;
    sc.spaces();
    if (!sc.num() || b[sc.p] !== 115) break;
    sc.p++;
    into.push({ id, sec: sc.v });
  }
  into.length = mark;
  return false;
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` */
export function fastNetLine(t: string, b: Uint8Array, s: number, e: number): XentopNetRow | null {
  if (!lit(b, s, NET)) return null;
  const sc = new LineScan(b, s + 3);
  if (!sc.index() || !sc.lit(RX)) return null;
  const idx = sc.i;
  if (!sc.counter(BYTES)) return null;
  const rxBytes = sc.v;
  if (!sc.counter(PKTS)) return null;
  const rxPackets = sc.v;
  if (!sc.counter(ERR)) return null;
  const rxErrors = sc.v;
  if (!sc.counter(DROP)) return null;
  const rxDrops = sc.v;
  if (sc.spaces() === 0 || !sc.lit(TX)) return null;
  if (!sc.counter(BYTES)) return null;
  const txBytes = sc.v;
  if (!sc.counter(PKTS)) return null;
  const txPackets = sc.v;
  if (!sc.counter(ERR)) return null;
  const txErrors = sc.v;
  if (!sc.counter(DROP) || sc.p !== e) return null;
  return {
    index: idx,
    rxBytes,
    rxPackets,
    rxErrors,
    rxDrops,
    txBytes,
    txPackets,
    txErrors,
    txDrops: sc.v,
  };
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
  const sc = new LineScan(b, s + 4);
  sc.spaces();
  const t0 = sc.p;
  while (sc.p < e && b[sc.p] !== 32) sc.p++;
  // LineCursor also skips tabs before the type; leave such a line to it.
  if (sc.p === t0 || b[t0] === 9) return null;
  const type = vbdType(t, t0, sc.p);
  if (sc.spaces() === 0) return null;
  const d0 = sc.p;
  let dev = 0;
  for (;;) {
    const c = b[sc.p]! - 48;
    if (!(c >= 0 && c <= 9)) break;
    dev = dev * 10 + c;
    sc.p++;
  }
  if (sc.p === d0 || sc.p - d0 > 15) return null;
  let major: number | null = null;
  let minor: number | null = null;
  // Without the `[..]` details, `field` needs the separating spaces again, so the scan goes back.
  const afterDev = sc.p;
  if (sc.spaces() === 0) return null;
  if (b[sc.p] === 91 /* [ */) {
    sc.p++;
    sc.spaces();
    if (!sc.hex() || b[sc.p] !== 58) return null;
    major = sc.i;
    sc.p++;
    sc.spaces();
    if (!sc.hex() || b[sc.p] !== 93) return null;
    minor = sc.i;
    sc.p++;
  } else sc.p = afterDev;
  if (!sc.field(e, OO)) return null;
  const oo = sc.value;
  if (!sc.field(e, RD)) return null;
  const rd = sc.value;
  if (!sc.field(e, WR)) return null;
  const wr = sc.value;
  if (sc.p === e) return { type, dev, major, minor, oo, rd, wr, rsect: null, wsect: null };
  if (!sc.field(e, RSECT)) return null;
  const rsect = sc.value;
  if (!sc.field(e, WSECT) || sc.p !== e) return null;
  return { type, dev, major, minor, oo, rd, wr, rsect, wsect: sc.value };
}
