import { KeptLines } from './kept-lines';
import {
  escapeLabelValue,
  familyHead,
  lineFamilies,
  utf8,
  type ByteWriter,
  type LineFamily,
} from './text-writer';
import {
  Histogram,
  histogramHeads,
  type HistogramFamily,
  type HistogramHeads,
} from './vm-histogram';

/**
 * The per-VM families of the exposition, kept as a table with each series' label text escaped
 * and encoded once, when the VM is first seen. They are nearly all of a large exposition (39
 * lines per VM: two histograms and a few counters and gauges), and prom-client's formatter
 * rebuilds and re-escapes every label of every line on every scrape: 200 hosts × 20 VMs took
 * 0.8 s a scrape that way (bench/metrics.bench.ts), and allocates enough for the collector to
 * dominate. Here each line's bytes are kept and rewritten only when its value changed
 * (kept-lines.ts), and a histogram series' block of lines only when one of its counts did. The
 * host-level families are written the same way (host-series.ts).
 */

export interface VmSeries {
  readonly host: string;
  readonly vm: string;
  /** `host="…",vm="…"`, escaped, as UTF-8. */
  readonly labels: Buffer;
  /** This VM's line of each of LINE_FAMILIES, as last written. */
  readonly lines: KeptLines;
  /** The vslicer_vm_info line, and the class and UUID it says. */
  info: { vmClass: string; uuid: string | null; text: Buffer } | null;
  lastSeen: number;
  cpuSeconds: number | null;
  ping: { requests: number; lost: number; rtt: Histogram } | null;
  waits: Histogram | null;
  /** Set at each scrape from the stores; null: the VM has none now. */
  vmClass: string | null;
  /** The domain's UUID, on vslicer_vm_info only (joined to the rest by host and vm). */
  uuid: string | null;
  share: number | null;
  fairShare: number | null;
  microsliceS: number | null;
  worstCaseS: number | null;
}

const { gauge, counter } = lineFamilies<VmSeries>();

/** The one-line families, in the order they are written (after vslicer_vm_info). */
const LINE_FAMILIES: readonly LineFamily<VmSeries>[] = [
  gauge(
    'vslicer_vm_cpu_share_ratio',
    "The VM's share of the pCPUs it can run on, latest frame.",
    (s) => s.share,
  ),
  gauge(
    'vslicer_vm_fair_share_ratio',
    "The VM's fair share: by weight among the VMs on its pCPUs, within what it can use and wants.",
    (s) => s.fairShare,
  ),
  gauge(
    'vslicer_vm_microslice_seconds',
    "The VM's microslice; 0 for an NLSVM.",
    (s) => s.microsliceS,
  ),
  gauge(
    'vslicer_vm_planned_worst_latency_seconds',
    "An LSVM's worst-case CPU-access latency as the planner predicts it (Eq. 12).",
    (s) => s.worstCaseS,
  ),
  counter(
    'vslicer_vm_cpu_seconds',
    'CPU time of the VM, from the CPU % of each one-second xentop frame.',
    (s) => s.cpuSeconds,
  ),
  counter('vslicer_vm_ping_requests', 'Echo requests sent from dom0 to the VM.', (s) =>
    s.ping ? s.ping.requests : null,
  ),
  counter('vslicer_vm_ping_lost', 'Echo requests to the VM that got no reply.', (s) =>
    s.ping ? s.ping.lost : null,
  ),
];

const INFO = {
  name: 'vslicer_vm_info',
  help: "A VM of the host's scheduler listing: its class, and its domain UUID where xl says it.",
};

export class VmSeriesTable {
  /** By host, then by VM name. */
  private readonly series = new Map<string, Map<string, VmSeries>>();
  private readonly infoHead = familyHead(INFO.name, 'gauge', INFO.help);
  private readonly infoName = utf8(`${INFO.name}{`);
  /** Per LINE_FAMILIES entry: its `# HELP`/`# TYPE` bytes and each line's `name{`. */
  private readonly lineHeads = LINE_FAMILIES.map((f) => ({
    family: familyHead(f.name, f.type, f.help),
    line: utf8(`${f.name}${f.type === 'counter' ? '_total' : ''}{`),
  }));
  private readonly rttHeads: HistogramHeads;
  private readonly waitHeads: HistogramHeads;

  constructor(
    private readonly rtt: HistogramFamily,
    private readonly wait: HistogramFamily,
  ) {
    this.rttHeads = histogramHeads(rtt);
    this.waitHeads = histogramHeads(wait);
  }

  /** The series of one VM, made on first sight. */
  get(host: string, vm: string, now: number): VmSeries {
    let ofHost = this.series.get(host);
    if (!ofHost) this.series.set(host, (ofHost = new Map()));
    let s = ofHost.get(vm);
    if (!s) {
      s = {
        host,
        vm,
        labels: utf8(`host="${escapeLabelValue(host)}",vm="${escapeLabelValue(vm)}"`),
        lines: new KeptLines(LINE_FAMILIES.length),
        info: null,
        lastSeen: now,
        cpuSeconds: null,
        ping: null,
        waits: null,
        vmClass: null,
        uuid: null,
        share: null,
        fairShare: null,
        microsliceS: null,
        worstCaseS: null,
      };
      ofHost.set(vm, s);
    }
    s.lastSeen = now;
    return s;
  }

  /** A ping round's RTTs (seconds) and its lost requests. */
  addPings(s: VmSeries, rttsS: readonly number[], lost: number): void {
    s.ping ??= { requests: 0, lost: 0, rtt: new Histogram(this.rtt.bounds.length + 1) };
    s.ping.requests += rttsS.length + lost;
    s.ping.lost += lost;
    const bounds = this.rtt.bounds;
    for (const v of rttsS) {
      let i = 0;
      while (i < bounds.length && v > bounds[i]!) i++;
      s.ping.rtt.counts[i]!++;
      s.ping.rtt.sum += v;
    }
    s.ping.rtt.changed = true;
  }

  /** Counts per wait bucket (the last +Inf) and their sum, seconds. */
  addWaits(s: VmSeries, counts: readonly number[], sumS: number): void {
    s.waits ??= new Histogram(this.wait.bounds.length + 1);
    for (let i = 0; i < s.waits.counts.length; i++) s.waits.counts[i]! += counts[i] ?? 0;
    s.waits.sum += sumS;
    s.waits.changed = true;
  }

  clearGauges(): void {
    for (const s of this.all()) {
      s.vmClass = s.uuid = s.share = s.fairShare = s.microsliceS = s.worstCaseS = null;
    }
  }

  /** Drops the series of hosts not in `live` and of VMs last seen before `cutoff`. */
  collectGarbage(live: ReadonlySet<string>, cutoff: number): void {
    for (const [host, ofHost] of this.series) {
      if (!live.has(host)) {
        this.series.delete(host);
        continue;
      }
      for (const [vm, s] of ofHost) if (s.lastSeen < cutoff) ofHost.delete(vm);
    }
  }

  private *all(): Generator<VmSeries> {
    for (const ofHost of this.series.values()) yield* ofHost.values();
  }

  /** The families' OpenMetrics text, each line ending in a newline; no `# EOF`. */
  write(out: ByteWriter): void {
    const all = [...this.all()];
    out.bytes(this.infoHead);
    for (const s of all) if (s.vmClass !== null) out.bytes(this.infoLine(s, s.vmClass));
    for (let f = 0; f < LINE_FAMILIES.length; f++) {
      const value = LINE_FAMILIES[f]!.value;
      const heads = this.lineHeads[f]!;
      out.bytes(heads.family);
      for (const s of all) {
        const v = value(s, 0);
        if (v !== null) out.bytes(s.lines.line(f, heads.line, s.labels, v));
      }
    }
    this.histogram(out, this.rttHeads, all, (s) => s.ping?.rtt ?? null);
    this.histogram(out, this.waitHeads, all, (s) => s.waits);
  }

  /** The VM's info line, rewritten when its class or UUID changed. */
  private infoLine(s: VmSeries, vmClass: string): Buffer {
    if (s.info?.vmClass === vmClass && s.info.uuid === s.uuid) return s.info.text;
    const uuid = s.uuid === null ? '' : `,uuid="${escapeLabelValue(s.uuid)}"`;
    const tail = utf8(`,class="${escapeLabelValue(vmClass)}"${uuid}} 1\n`);
    const text = Buffer.concat([this.infoName, s.labels, tail]);
    s.info = { vmClass, uuid: s.uuid, text };
    return text;
  }

  private histogram(
    out: ByteWriter,
    heads: HistogramHeads,
    all: readonly VmSeries[],
    of: (s: VmSeries) => Histogram | null,
  ): void {
    out.bytes(heads.family);
    for (const s of all) of(s)?.write(out, heads, s.labels);
  }
}
