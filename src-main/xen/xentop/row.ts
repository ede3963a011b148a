import { issue, type ParseIssue } from '../text/parse-issue';
import {
  NOT_DIGITS,
  counterExpected,
  scanCounter,
  scanFixed,
  scanSmallUint,
} from '../text/numbers';

/**
 * One xentop domain row, parsed right to left (docs/host-formats.md §1.3, traps 1, 3, 6, 7).
 * The name is right-aligned and may contain spaces, `no limit` is two words, and columns shift
 * when a number overflows its width, so neither whitespace splitting nor fixed offsets work. The
 * numeric tail has a fixed token count, so the scan takes tokens from the end, and whatever is
 * left before the STATE token (minus the padding) is the name.
 */
export interface XentopDomainState {
  dying: boolean;
  shutdown: boolean;
  blocked: boolean;
  crashed: boolean;
  paused: boolean;
  running: boolean;
}

export interface XentopVcpuTime {
  id: number;
  sec: number;
}

export interface XentopNetRow {
  /** `Net%d`: index in libxenstat's list, not necessarily the vif handle. */
  index: number;
  rxBytes: number;
  rxPackets: number;
  rxErrors: number;
  rxDrops: number;
  txBytes: number;
  txPackets: number;
  txErrors: number;
  txDrops: number;
}

export interface XentopVbdRow {
  /** `BlkBack`, `BlkTap`, `Tapdisk3`, `Unidentified`. */
  type: string;
  /** Xen virtual-device id, e.g. 51712 (xvda), 768 (hda). */
  dev: number;
  /** Major/minor from the hex `[ca: 0]` part; null where xentop prints no details (non-Linux). */
  major: number | null;
  minor: number | null;
  /** null where xentop printed `-` (stats unreadable, 4.13+) or the column is absent (pre-4.0). */
  oo: number | null;
  rd: number | null;
  wr: number | null;
  rsect: number | null;
  wsect: number | null;
}

export interface XentopDomain {
  /** As printed: may contain spaces, cut to 10 bytes without `-f`. */
  name: string;
  state: XentopDomainState;
  /** The STATE column as printed, e.g. `--b---`. */
  stateText: string;
  cpuSec: number;
  cpuPct: number;
  memKiB: number;
  memPct: number;
  /** null for `no limit`. */
  maxMemKiB: number | null;
  /** null for `n/a`. */
  maxMemPct: number | null;
  vcpus: number;
  nets: number;
  netTxKiB: number;
  netRxKiB: number;
  vbds: number;
  vbdOo: number | null;
  vbdRd: number | null;
  vbdWr: number | null;
  /** null when printed `-`, or absent (17-column header, Xen < 4.0). */
  vbdRsect: number | null;
  vbdWsect: number | null;
  ssid: number;
  /** `-v` rows. */
  vcpuSec?: XentopVcpuTime[];
  /** `-n` rows. */
  netRows?: XentopNetRow[];
  /** `-x` rows. */
  vbdRows?: XentopVbdRow[];
}

export type XentopColumns = 17 | 19;

/** Result of scanning one row: the domain, or the first problem met (scanning from the right). */
export type RowResult = { ok: true; domain: XentopDomain } | { ok: false; issue: ParseIssue };

const MAX_TOKENS = 20;

/**
 * The tokens of one row, found from the right (the name may contain spaces, the numbers never
 * do): their boundaries and the readers of each. Methods, not closures, keep the path small.
 */
class RowTokens {
  /** Start and end of token k, rightmost first. */
  readonly ts = new Int32Array(MAX_TOKENS);
  readonly te = new Int32Array(MAX_TOKENS);
  /** Tokens found. */
  n = 0;

  constructor(
    readonly line: string,
    /** Only for the issue a failure reports. */
    readonly lineNo: number,
  ) {}

  /** Finds up to `want` tokens from the right; returns how many were found. */
  tokenize(want: number): number {
    const { line, ts, te } = this;
    let pos = line.length;
    let n = 0;
    while (n < want) {
      let e = pos;
      while (e > 0) {
        const c = line.charCodeAt(e - 1);
        if (c !== 32 && c !== 9) break;
        e--;
      }
      if (e === 0) break;
      let s = e - 1;
      while (s > 0) {
        const c = line.charCodeAt(s - 1);
        if (c === 32 || c === 9) break;
        s--;
      }
      ts[n] = s;
      te[n] = e;
      n++;
      pos = s;
    }
    this.n = n;
    return n;
  }

  isDash(k: number): boolean {
    return this.te[k]! - this.ts[k]! === 1 && this.line.charCodeAt(this.ts[k]!) === 45;
  }

  is(k: number, word: string): boolean {
    return this.te[k]! - this.ts[k]! === word.length && this.line.startsWith(word, this.ts[k]!);
  }

  /** glibc prints a NaN percentage as `nan` or `-nan`. */
  isNanWord(k: number): boolean {
    const len = this.te[k]! - this.ts[k]!;
    const at = this.ts[k]!;
    return (
      (len === 3 && this.line.startsWith('nan', at)) ||
      (len === 4 && this.line.startsWith('-nan', at))
    );
  }

  failAt(k: number, expected: string): RowResult {
    const found = k < this.n ? this.line.slice(this.ts[k]!, this.te[k]!) : '';
    const column = k < this.n ? this.ts[k]! + 1 : 1;
    return { ok: false, issue: issue(this.lineNo, column, expected, found, 'xentop row') };
  }

  /** A counter column: its value, or NOT_DIGITS / TOO_LARGE (numbers.ts) for failCounter. */
  counterAt(k: number): number {
    return k < this.n ? scanCounter(this.line, this.ts[k]!, this.te[k]!) : NOT_DIGITS;
  }

  /** Why counter column `column` at token k failed with `v` (NOT_DIGITS or TOO_LARGE). */
  failCounter(k: number, v: number, column: string, orWhat = ''): RowResult {
    return this.failAt(k, counterExpected(column, v, orWhat));
  }

  smallAt(k: number): number {
    return k < this.n ? scanSmallUint(this.line, this.ts[k]!, this.te[k]!) : -1;
  }

  fixedAt(k: number): number {
    return scanFixed(this.line, this.ts[k]!, this.te[k]!);
  }

  /** counterAt, or null for the `-` of unreadable VBD stats (Xen 4.13+). */
  dashableAt(k: number): number | null {
    return k < this.n && this.isDash(k) ? null : this.counterAt(k);
  }
}

const STATE_EXPECTED = 'STATE (6 of "dsbcpr" or "-")';
const DASH = ' or "-"';
/** The STATE letters in the order xentop prints them: d s b c p r (host-formats.md §1.5). */
export const STATE_CODES = [100, 115, 98, 99, 112, 114];

/** The flags of STATE, bit i set for letter i of `dsbcpr`: one shape for both parsers. */
export function stateOf(bits: number): XentopDomain['state'] {
  return {
    dying: (bits & 1) !== 0,
    shutdown: (bits & 2) !== 0,
    blocked: (bits & 4) !== 0,
    crashed: (bits & 8) !== 0,
    paused: (bits & 16) !== 0,
    running: (bits & 32) !== 0,
  };
}

/**
 * Parses `line` as a domain row of a `columns`-column header. `lineNo` is only for the issue.
 * Never throws.
 */
export function parseXentopRow(line: string, lineNo: number, columns: XentopColumns): RowResult {
  // 17 or 19 fields after NAME, STATE included, plus one when MAXMEM(k) is `no limit`.
  const fields = columns - 1;
  const r = new RowTokens(line, lineNo);
  const n = r.tokenize(fields + 1);
  let k = 0;
  const ssid = r.smallAt(k);
  if (ssid < 0) return r.failAt(k, 'SSID (integer)');
  k++;
  let vbdRsect: number | null = null;
  let vbdWsect: number | null = null;
  if (columns === 19) {
    const w = r.dashableAt(k);
    if (w !== null && w < 0) return r.failCounter(k, w, 'VBD_WSECT', DASH);
    const rs = r.dashableAt(k + 1);
    if (rs !== null && rs < 0) return r.failCounter(k + 1, rs, 'VBD_RSECT', DASH);
    vbdWsect = w;
    vbdRsect = rs;
    k += 2;
  }
  const vbdWr = r.dashableAt(k);
  if (vbdWr !== null && vbdWr < 0) return r.failCounter(k, vbdWr, 'VBD_WR', DASH);
  const vbdRd = r.dashableAt(k + 1);
  if (vbdRd !== null && vbdRd < 0) return r.failCounter(k + 1, vbdRd, 'VBD_RD', DASH);
  const vbdOo = r.dashableAt(k + 2);
  if (vbdOo !== null && vbdOo < 0) return r.failCounter(k + 2, vbdOo, 'VBD_OO', DASH);
  const vbds = r.smallAt(k + 3);
  if (vbds < 0) return r.failAt(k + 3, 'VBDS (integer)');
  const netRxKiB = r.counterAt(k + 4);
  if (netRxKiB < 0) return r.failCounter(k + 4, netRxKiB, 'NETRX(k)');
  const netTxKiB = r.counterAt(k + 5);
  if (netTxKiB < 0) return r.failCounter(k + 5, netTxKiB, 'NETTX(k)');
  const nets = r.smallAt(k + 6);
  if (nets < 0) return r.failAt(k + 6, 'NETS (integer)');
  const vcpus = r.smallAt(k + 7);
  if (vcpus < 0) return r.failAt(k + 7, 'VCPUS (integer)');
  k += 8;

  if (k >= n) return r.failAt(k, 'MAXMEM(%) (number or "n/a")');
  let maxMemPct: number | null = null;
  let maxMemKiB: number | null = null;
  let tokens = n;
  if (r.is(k, 'n/a')) {
    // `n/a` is printed exactly when MAXMEM(k) is the two-word `no limit` (docs/host-formats.md
    // §1.8); the extra word needs one more token.
    tokens = r.tokenize(fields + 2);
    if (tokens < k + 3 || !r.is(k + 1, 'limit') || !r.is(k + 2, 'no')) {
      return r.failAt(Math.min(k + 1, tokens), '"no limit" before "n/a"');
    }
    k += 3;
  } else {
    maxMemPct = r.fixedAt(k);
    if (Number.isNaN(maxMemPct) && !r.isNanWord(k))
      return r.failAt(k, 'MAXMEM(%) (number or "n/a")');
    maxMemKiB = r.counterAt(k + 1);
    if (maxMemKiB < 0) return r.failCounter(k + 1, maxMemKiB, 'MAXMEM(k)', ' or "no limit"');
    k += 2;
  }
  return rest(r, tokens, k, {
    ssid,
    vbdRsect,
    vbdWsect,
    vbdWr,
    vbdRd,
    vbdOo,
    vbds,
    netRxKiB,
    netTxKiB,
    nets,
    vcpus,
    maxMemKiB,
    maxMemPct,
  });
}

type Tail = Pick<
  XentopDomain,
  | 'ssid'
  | 'vbdRsect'
  | 'vbdWsect'
  | 'vbdWr'
  | 'vbdRd'
  | 'vbdOo'
  | 'vbds'
  | 'netRxKiB'
  | 'netTxKiB'
  | 'nets'
  | 'vcpus'
  | 'maxMemKiB'
  | 'maxMemPct'
>;

/** MEM(%), MEM(k), CPU(%), CPU(sec), STATE and NAME, from token `k` on. */
function rest(r: RowTokens, n: number, k: number, t: Tail): RowResult {
  const { line, lineNo, ts, te } = r;
  if (k >= n) return r.failAt(k, 'MEM(%) (number)');
  const memPct = r.fixedAt(k);
  if (Number.isNaN(memPct)) return r.failAt(k, 'MEM(%) (number)');
  const memKiB = r.counterAt(k + 1);
  if (memKiB < 0) return r.failCounter(k + 1, memKiB, 'MEM(k)');
  if (k + 2 >= n) return r.failAt(k + 2, 'CPU(%) (number)');
  const cpuPct = r.fixedAt(k + 2);
  if (Number.isNaN(cpuPct) && !r.isNanWord(k + 2)) return r.failAt(k + 2, 'CPU(%) (number)');
  const cpuSec = r.counterAt(k + 3);
  if (cpuSec < 0) return r.failCounter(k + 3, cpuSec, 'CPU(sec)');
  const ks = k + 4;
  if (ks >= n || te[ks]! - ts[ks]! !== 6) return r.failAt(ks, STATE_EXPECTED);
  const s0 = ts[ks]!;
  let bits = 0;
  for (let i = 0; i < 6; i++) {
    const c = line.charCodeAt(s0 + i);
    if (c === 45) continue;
    if (c !== STATE_CODES[i]) return r.failAt(ks, STATE_EXPECTED);
    bits |= 1 << i;
  }
  // The name is everything before STATE's separating space, right-aligned: leading padding goes.
  const nameEnd = s0 - 1;
  if (nameEnd < 1 || line.charCodeAt(nameEnd) !== 32) {
    return {
      ok: false,
      issue: issue(lineNo, 1, 'NAME before STATE', line.slice(0, Math.max(0, s0)), 'xentop row'),
    };
  }
  let nameStart = 0;
  while (nameStart < nameEnd && line.charCodeAt(nameStart) === 32) nameStart++;
  if (nameStart === nameEnd)
    return { ok: false, issue: issue(lineNo, 1, 'NAME before STATE', '', 'xentop row') };
  const domain: XentopDomain = {
    name: line.slice(nameStart, nameEnd),
    state: stateOf(bits),
    stateText: line.slice(s0, s0 + 6),
    cpuSec,
    cpuPct,
    memKiB,
    memPct,
    maxMemKiB: t.maxMemKiB,
    maxMemPct: t.maxMemPct,
    vcpus: t.vcpus,
    nets: t.nets,
    netTxKiB: t.netTxKiB,
    netRxKiB: t.netRxKiB,
    vbds: t.vbds,
    vbdOo: t.vbdOo,
    vbdRd: t.vbdRd,
    vbdWr: t.vbdWr,
    vbdRsect: t.vbdRsect,
    vbdWsect: t.vbdWsect,
    ssid: t.ssid,
  };
  return { ok: true, domain };
}
