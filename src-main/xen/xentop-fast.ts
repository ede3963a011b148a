import type { XentopNetRow, XentopVbdRow, XentopVcpuTime } from './xentop-row';

/**
 * Fast paths for the `-v/-n/-x` rows (issue 4 item 8: ≥ 1M domain rows/s with all three). They
 * scan with module-level state and no closures or per-call objects beyond the result, and they
 * give no diagnostics: on any mismatch they return null and the caller re-parses the line with
 * the detailed parsers in xentop-extra.ts, which say where and what was expected.
 */
let L = '';
let P = 0;
let E = 0;

function begin(line: string, at: number): void {
  L = line;
  P = at;
  E = line.length;
}

function spaces(): number {
  const from = P;
  while (P < E && L.charCodeAt(P) === 32) P++;
  return P - from;
}

function hex(): number {
  const from = P;
  let n = 0;
  while (P < E) {
    const c = L.charCodeAt(P);
    let d: number;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (c >= 97 && c <= 102) d = c - 87;
    else if (c >= 65 && c <= 70) d = c - 55;
    else break;
    n = n * 16 + d;
    P++;
  }
  return P === from || P - from > 8 ? -1 : n;
}

/** `VCPUs(sec):   0:       5674s  1: …` (or a continuation line); appends to `into`. */
export function fastVcpuLine(line: string, prefixLen: number, into: XentopVcpuTime[]): boolean {
  const mark = into.length;
  let p = prefixLen;
  for (;;) {
    while (line.charCodeAt(p) === 32) p++;
    if (p >= line.length) return true;
    const i0 = p;
    let id = 0;
    for (;;) {
      const c = line.charCodeAt(p) - 48;
      if (!(c >= 0 && c <= 9)) break;
      id = id * 10 + c;
      p++;
    }
    if (p === i0 || p - i0 > 9 || line.charCodeAt(p) !== 58) break;
    p++;
    while (line.charCodeAt(p) === 32) p++;
    p = num(line, p);
    if (p < 0 || line.charCodeAt(p) !== 115) break;
    p++;
    into.push({ id, sec: V });
  }
  into.length = mark;
  return false;
}

/** The value `num()` read; positions travel as return values so the hot loops keep them local. */
let V = 0n;

/** Reads digits at `p` into V; returns the end, or -1 when there are none (or more than 20). */
function num(line: string, p: number): number {
  const from = p;
  let n = 0;
  for (;;) {
    const c = line.charCodeAt(p) - 48;
    if (!(c >= 0 && c <= 9)) break;
    n = n * 10 + c;
    p++;
  }
  const len = p - from;
  if (len === 0 || len > 20) return -1;
  V = len <= 15 ? BigInt(n) : BigInt(line.slice(from, p));
  return p;
}

/** ` +<digits><unit>`: returns the position after the unit, or -1. */
function counter(line: string, p: number, unit: string): number {
  const sp = p;
  while (line.charCodeAt(p) === 32) p++;
  if (p === sp) return -1;
  p = num(line, p);
  if (p < 0 || !line.startsWith(unit, p)) return -1;
  return p + unit.length;
}

/** `Net%d RX: %8llubytes %8llupkts %8lluerr %8lludrop  TX: …` */
export function fastNetLine(line: string): XentopNetRow | null {
  if (!line.startsWith('Net')) return null;
  let p = 3;
  let index = 0;
  const i0 = p;
  for (;;) {
    const c = line.charCodeAt(p) - 48;
    if (!(c >= 0 && c <= 9)) break;
    index = index * 10 + c;
    p++;
  }
  if (p === i0 || p - i0 > 9 || !line.startsWith(' RX:', p)) return null;
  p = counter(line, p + 4, 'bytes');
  if (p < 0) return null;
  const rxBytes = V;
  p = counter(line, p, 'pkts');
  if (p < 0) return null;
  const rxPackets = V;
  p = counter(line, p, 'err');
  if (p < 0) return null;
  const rxErrors = V;
  p = counter(line, p, 'drop');
  if (p < 0) return null;
  const rxDrops = V;
  const sp = p;
  while (line.charCodeAt(p) === 32) p++;
  if (p === sp || !line.startsWith('TX:', p)) return null;
  p = counter(line, p + 3, 'bytes');
  if (p < 0) return null;
  const txBytes = V;
  p = counter(line, p, 'pkts');
  if (p < 0) return null;
  const txPackets = V;
  p = counter(line, p, 'err');
  if (p < 0) return null;
  const txErrors = V;
  p = counter(line, p, 'drop');
  if (p !== line.length) return null;
  return { index, rxBytes, rxPackets, rxErrors, rxDrops, txBytes, txPackets, txErrors, txDrops: V };
}

/** Whether the last `field()` read a `-` (unreadable stats, 4.13+). */
let DASH = false;

/** ` +LABEL +value`: returns the position after the value (in V, or DASH), or -1. */
function field(line: string, p: number, label: string): number {
  const sp = p;
  while (line.charCodeAt(p) === 32) p++;
  if (p === sp || !line.startsWith(label, p)) return -1;
  p += label.length;
  const sp2 = p;
  while (line.charCodeAt(p) === 32) p++;
  if (p === sp2) return -1;
  if (line.charCodeAt(p) === 45) {
    const after = line.charCodeAt(p + 1);
    if (after === 32 || Number.isNaN(after)) {
      DASH = true;
      return p + 1;
    }
  }
  DASH = false;
  return num(line, p);
}

/** `VBD Tapdisk3  768 [ 3: 0]  OO:        0   RD: …   WSECT: …` (RSECT/WSECT absent before 4.0). */
export function fastVbdLine(line: string): XentopVbdRow | null {
  if (!line.startsWith('VBD ')) return null;
  let p = 4;
  while (line.charCodeAt(p) === 32) p++;
  const t0 = p;
  while (p < line.length && line.charCodeAt(p) !== 32) p++;
  if (p === t0) return null;
  const type = line.slice(t0, p);
  const sp = p;
  while (line.charCodeAt(p) === 32) p++;
  if (p === sp) return null;
  const d0 = p;
  let dev = 0;
  for (;;) {
    const c = line.charCodeAt(p) - 48;
    if (!(c >= 0 && c <= 9)) break;
    dev = dev * 10 + c;
    p++;
  }
  if (p === d0 || p - d0 > 15) return null;
  const afterDev = p;
  let major: number | null = null;
  let minor: number | null = null;
  begin(line, p);
  if (spaces() === 0) return null;
  if (L.charCodeAt(P) === 91 /* [ */) {
    P++;
    spaces();
    major = hex();
    if (major < 0 || L.charCodeAt(P) !== 58) return null;
    P++;
    spaces();
    minor = hex();
    if (minor < 0 || L.charCodeAt(P) !== 93) return null;
    p = P + 1;
  }
  // Without the `[..]` details, `field` needs the separating spaces again.
  else p = afterDev;
  p = field(line, p, 'OO:');
  if (p < 0) return null;
  const oo = DASH ? null : V;
  p = field(line, p, 'RD:');
  if (p < 0) return null;
  const rd = DASH ? null : V;
  p = field(line, p, 'WR:');
  if (p < 0) return null;
  const wr = DASH ? null : V;
  if (p === line.length) return { type, dev, major, minor, oo, rd, wr, rsect: null, wsect: null };
  p = field(line, p, 'RSECT:');
  if (p < 0) return null;
  const rsect = DASH ? null : V;
  p = field(line, p, 'WSECT:');
  if (p !== line.length) return null;
  return { type, dev, major, minor, oo, rd, wr, rsect, wsect: DASH ? null : V };
}
