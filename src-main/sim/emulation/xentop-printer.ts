import type { SimDomain, SimHostSnapshot } from '../snapshot';
import { cutBytes, fixed, num, padLeft, strcasecmp } from './printf';

/**
 * `xentop -b` as Xen 4.17+ prints it (docs/host-formats.md §1), from successive snapshots.
 * Stateful like the real one: CPU(%) needs the previous sample of the same domid (0.0 on the
 * first iteration and for a new domain), and with `-f` the NAME width only ever grows during a run.
 */
export interface XentopOptions {
  /** -f: full names, NAME column as wide as the longest name so far. */
  fullNames?: boolean;
  /** -n, -x, -v: Net, VBD and VCPUs rows after each domain. */
  networks?: boolean;
  vbds?: boolean;
  vcpus?: boolean;
  /** -r: header before every domain row. */
  repeatHeader?: boolean;
  /** -z (4.19+): Domain-0 first, the rest sorted. */
  dom0First?: boolean;
}

interface Field {
  header: string;
  width: number;
}

const HEADERS = [
  'NAME',
  'STATE',
  'CPU(sec)',
  'CPU(%)',
  'MEM(k)',
  'MEM(%)',
  'MAXMEM(k)',
  'MAXMEM(%)',
  'VCPUS',
  'NETS',
  'NETTX(k)',
  'NETRX(k)',
  'VBDS',
  'VBD_OO',
  'VBD_RD',
  'VBD_WR',
  'VBD_RSECT',
  'VBD_WSECT',
  'SSID',
] as const;
const DEFAULT_WIDTHS = [10, 6, 10, 6, 10, 6, 10, 9, 5, 4, 8, 8, 4, 8, 8, 8, 10, 10, 4];
const F = Object.fromEntries(HEADERS.map((h, i) => [h, i])) as Record<
  (typeof HEADERS)[number],
  number
>;
/** The columns `reset_field_widths()` resets and `adjust_field_widths()` widens (4.5+). */
const DYNAMIC = [F['NETTX(k)'], F['NETRX(k)'], F.VBD_RD, F.VBD_WR, F.VBD_RSECT, F.VBD_WSECT];

/** libxenstat's "no limit" sentinel is max_pages == UINT_MAX; the snapshot says null. */
interface Totals {
  netTx: bigint;
  netRx: bigint;
  oo: bigint;
  rd: bigint;
  wr: bigint;
  rsect: bigint;
  wsect: bigint;
}

function totals(d: SimDomain): Totals {
  let tx = 0n;
  let rx = 0n;
  for (const n of d.nets) {
    tx += n.txBytes;
    rx += n.rxBytes;
  }
  const t: Totals = {
    netTx: tx / 1024n,
    netRx: rx / 1024n,
    oo: 0n,
    rd: 0n,
    wr: 0n,
    rsect: 0n,
    wsect: 0n,
  };
  for (const v of d.vbds) {
    t.oo += v.oo;
    t.rd += v.rd;
    t.wr += v.wr;
    t.rsect += v.rsect;
    t.wsect += v.wsect;
  }
  return t;
}

/** `INT_FIELD_WIDTH(n + 1)` = (unsigned)(log10(n + 1) + 1): the digits of n + 1. */
function intFieldWidth(n: bigint): number {
  return String(n + 1n).length;
}

const STATE_LETTERS = 'dsbcpr';

function stateText(d: SimDomain): string {
  const f = d.flags;
  const on = [f.dying, f.shutdown, f.blocked, f.crashed, f.paused, f.running];
  let s = '';
  for (let i = 0; i < 6; i++) s += on[i] ? STATE_LETTERS[i] : '-';
  return s;
}

export class XentopPrinter {
  private readonly fields: Field[] = HEADERS.map((header, i) => ({
    header,
    width: DEFAULT_WIDTHS[i]!,
  }));
  private prev: { nowNs: bigint; cpuNs: Map<number, bigint> } | null = null;

  constructor(private readonly options: XentopOptions = {}) {}

  /** One iteration's text for this snapshot; remembers it for the next iteration's CPU(%). */
  frame(snap: SimHostSnapshot): string {
    const o = this.options;
    const doms = [...snap.domains].sort((a, b) => strcasecmp(a.name, b.name));
    if (o.dom0First) {
      const i = doms.findIndex((d) => d.name === 'Domain-0');
      if (i > 0) doms.unshift(...doms.splice(i, 1));
    }
    const sums = doms.map(totals);
    for (const i of DYNAMIC) this.fields[i]!.width = DEFAULT_WIDTHS[i]!;
    for (let k = 0; k < doms.length; k++) {
      const d = doms[k]!;
      const t = sums[k]!;
      if (o.fullNames) this.widen(F.NAME, new TextEncoder().encode(d.name).length);
      this.widen(F['NETTX(k)'], intFieldWidth(t.netTx));
      this.widen(F['NETRX(k)'], intFieldWidth(t.netRx));
      this.widen(F.VBD_RD, intFieldWidth(t.rd));
      this.widen(F.VBD_WR, intFieldWidth(t.wr));
      this.widen(F.VBD_RSECT, intFieldWidth(t.rsect));
      this.widen(F.VBD_WSECT, intFieldWidth(t.wsect));
    }
    const header = this.fields.map((f) => padLeft(f.header, f.width)).join(' ') + '\n';
    let out = '';
    for (let k = 0; k < doms.length; k++) {
      if (k === 0 || o.repeatHeader) out += header;
      out += this.row(doms[k]!, sums[k]!, snap);
      if (o.vcpus) out += vcpuRows(doms[k]!);
      if (o.networks) out += netRows(doms[k]!);
      if (o.vbds) out += vbdRows(doms[k]!);
    }
    this.prev = { nowNs: snap.nowNs, cpuNs: new Map(snap.domains.map((d) => [d.domid, d.cpuNs])) };
    return out;
  }

  private widen(i: number, w: number): void {
    const f = this.fields[i]!;
    if (w > f.width) f.width = w;
  }

  /** `get_cpu_pct`: (Δcpu_ns / 10) / Δµs; 0.0 without a previous sample of this domid. */
  private cpuPct(d: SimDomain, nowNs: bigint): number {
    const old = this.prev?.cpuNs.get(d.domid);
    if (!this.prev || old === undefined) return 0;
    // gettimeofday has µs resolution.
    const us = Number(nowNs / 1000n - this.prev.nowNs / 1000n);
    return Number(d.cpuNs - old) / 10 / us;
  }

  private row(d: SimDomain, t: Totals, snap: SimHostSnapshot): string {
    const w = (i: number): number => this.fields[i]!.width;
    const totMem = Number(snap.totalMemKiB);
    const name = this.options.fullNames
      ? padLeft(d.name, w(F.NAME))
      : padLeft(cutBytes(d.name, 10), 10);
    const cols = [
      name,
      stateText(d),
      num(d.cpuNs / 1_000_000_000n, 10),
      fixed(this.cpuPct(d, snap.nowNs), 1, 6),
      num(d.memKiB, 10),
      fixed((Number(d.memKiB) / totMem) * 100, 1, 6),
      d.maxMemKiB === null ? padLeft('no limit', 10) : num(d.maxMemKiB, 10),
      d.maxMemKiB === null ? padLeft('n/a', 9) : fixed((Number(d.maxMemKiB) / totMem) * 100, 1, 9),
      num(d.vcpuNs.length, 5),
      num(d.nets.length, 4),
      num(t.netTx, w(F['NETTX(k)'])),
      num(t.netRx, w(F['NETRX(k)'])),
      num(d.vbds.length, 4),
      num(t.oo, 8),
      num(t.rd, w(F.VBD_RD)),
      num(t.wr, w(F.VBD_WR)),
      num(t.rsect, w(F.VBD_RSECT)),
      num(t.wsect, w(F.VBD_WSECT)),
      num(d.ssid, 4),
    ];
    return cols.join(' ') + '\n';
  }
}

/** `do_vcpu`: wraps every 5 vCPU *indices* with an 8-space continuation (all simulated vCPUs are online). */
function vcpuRows(d: SimDomain): string {
  let s = 'VCPUs(sec): ';
  for (let i = 0; i < d.vcpuNs.length; i++) {
    if (i !== 0 && i % 5 === 0) s += '\n        ';
    s += ` ${num(i, 2)}: ${num(d.vcpuNs[i]! / 1_000_000_000n, 10)}s`;
  }
  return s + '\n';
}

/** `do_network`: one line per VIF, dom0-side counters as libxenstat reads them. */
function netRows(d: SimDomain): string {
  let s = '';
  d.nets.forEach((n, i) => {
    s +=
      `Net${i} RX: ${num(n.rxBytes, 8)}bytes ${num(n.rxPackets, 8)}pkts ${num(n.rxErrors, 8)}err ${num(n.rxDrops, 8)}drop` +
      `  TX: ${num(n.txBytes, 8)}bytes ${num(n.txPackets, 8)}pkts ${num(n.txErrors, 8)}err ${num(n.txDrops, 8)}drop\n`;
  });
  return s;
}

/** glibc `major()` / `minor()` of a dev_t. */
function major(dev: number): number {
  return (dev >>> 8) & 0xfff;
}
function minor(dev: number): number {
  return (dev & 0xff) | ((dev >>> 12) & 0xfff00);
}

/** `do_vbd`: stock 4.17's blkback type name and the Linux `[%2x:%2x] ` details. */
function vbdRows(d: SimDomain): string {
  let s = '';
  for (const v of d.vbds) {
    const details = `[${padLeft(major(v.devId).toString(16), 2)}:${padLeft(minor(v.devId).toString(16), 2)}] `;
    s +=
      `VBD BlkBack ${num(v.devId, 4)} ${details} OO: ${num(v.oo, 8)}   RD: ${num(v.rd, 8)}   WR: ${num(v.wr, 8)}` +
      `   RSECT: ${num(v.rsect, 10)}   WSECT: ${num(v.wsect, 10)}\n`;
  }
  return s;
}
