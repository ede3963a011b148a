/**
 * The per-VM families of the exposition, kept as a table with each series' label text escaped
 * once, when the VM is first seen. They are nearly all of a large exposition (≈ 40 lines per VM:
 * two histograms and a few counters and gauges), and prom-client's formatter rebuilds and
 * re-escapes every label of every line on every scrape: 200 hosts × 20 VMs took 0.8 s a scrape
 * that way (bench/metrics.bench.ts), and allocates enough for the collector to dominate. Here a
 * line is its cached prefix and a number. The host-level families stay prom-client metrics; the
 * text of both follows the same OpenMetrics rules (escaping, `_total`, `# EOF` once, at the end).
 */

/** Escapes a label value as OpenMetrics (and prom-client) do: backslash, newline, double quote. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function histogramText(h: Histogram): string {
  const lines: string[] = [];
  let acc = 0;
  for (let i = 0; i < h.counts.length; i++) {
    acc += h.counts[i]!;
    lines.push(h.bucketLines[i]! + acc);
  }
  lines.push(h.sumLine + num(h.sum), h.countLine + acc);
  return lines.join('\n');
}

function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v < 0 ? '-Inf' : '+Inf';
  return `${v}`;
}

class Histogram {
  /** Per bucket, not cumulative; the last is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  /** Each line's text up to its value: made once, so a scrape only appends numbers. */
  readonly bucketLines: string[];
  readonly sumLine: string;
  readonly countLine: string;
  /** The series' lines as last written; null once a count changed. Most scrapes reuse it. */
  text: string | null = null;

  constructor(f: HistogramFamily, le: readonly string[], labels: string) {
    this.counts = new Float64Array(f.bounds.length + 1);
    this.bucketLines = le.map((b) => `${f.name}_bucket{${labels}${b}`);
    this.sumLine = `${f.name}_sum{${labels}} `;
    this.countLine = `${f.name}_count{${labels}} `;
  }
}

export interface VmSeries {
  readonly host: string;
  readonly vm: string;
  /** `host="…",vm="…"`, escaped. */
  readonly labels: string;
  /** Line prefixes (`name{labels} `) by family name, made on first use. */
  readonly prefixes: Map<string, string>;
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

export interface HistogramFamily {
  name: string;
  help: string;
  /** Upper bounds, seconds, ascending; +Inf is implicit. */
  bounds: readonly number[];
}

/** Lines per piece of textParts (a histogram's cached text counts as one: about 1 KiB). */
const PART_LINES = 4096;

type GaugeField = 'share' | 'fairShare' | 'microsliceS' | 'worstCaseS';

const GAUGES: readonly { field: GaugeField; name: string; help: string }[] = [
  {
    field: 'share',
    name: 'vslicer_vm_cpu_share_ratio',
    help: "The VM's share of the pCPUs it can run on, latest frame.",
  },
  {
    field: 'fairShare',
    name: 'vslicer_vm_fair_share_ratio',
    help: "The VM's fair share: by weight among the VMs on its pCPUs, within what it can use and wants.",
  },
  {
    field: 'microsliceS',
    name: 'vslicer_vm_microslice_seconds',
    help: "The VM's microslice; 0 for an NLSVM.",
  },
  {
    field: 'worstCaseS',
    name: 'vslicer_vm_planned_worst_latency_seconds',
    help: "An LSVM's worst-case CPU-access latency as the planner predicts it (Eq. 12).",
  },
];

export class VmSeriesTable {
  /** By host, then by VM name. */
  private readonly series = new Map<string, Map<string, VmSeries>>();
  private readonly rttLe: string[];
  private readonly waitLe: string[];

  constructor(
    private readonly rtt: HistogramFamily,
    private readonly wait: HistogramFamily,
  ) {
    const le = (bounds: readonly number[]) =>
      [...bounds.map(num), '+Inf'].map((b) => `,le="${b}"} `);
    this.rttLe = le(rtt.bounds);
    this.waitLe = le(wait.bounds);
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
        labels: `host="${escapeLabelValue(host)}",vm="${escapeLabelValue(vm)}"`,
        prefixes: new Map(),
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
    s.ping ??= { requests: 0, lost: 0, rtt: new Histogram(this.rtt, this.rttLe, s.labels) };
    s.ping.requests += rttsS.length + lost;
    s.ping.lost += lost;
    const bounds = this.rtt.bounds;
    for (const v of rttsS) {
      let i = 0;
      while (i < bounds.length && v > bounds[i]!) i++;
      s.ping.rtt.counts[i]!++;
      s.ping.rtt.sum += v;
    }
    s.ping.rtt.text = null;
  }

  /** Counts per wait bucket (the last +Inf) and their sum, seconds. */
  addWaits(s: VmSeries, counts: readonly number[], sumS: number): void {
    s.waits ??= new Histogram(this.wait, this.waitLe, s.labels);
    for (let i = 0; i < s.waits.counts.length; i++) s.waits.counts[i]! += counts[i] ?? 0;
    s.waits.sum += sumS;
    s.waits.text = null;
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
  text(): string {
    return this.textParts().join('');
  }

  /**
   * The same text in pieces of a few hundred KiB, for a response written piece by piece: at the
   * benchmark's scale the whole is 11 MiB, which as one string is copied once more to be joined
   * and once more to be encoded.
   */
  textParts(): string[] {
    const out = this.lines();
    const parts: string[] = [];
    for (let i = 0; i < out.length; i += PART_LINES)
      parts.push(`${out.slice(i, i + PART_LINES).join('\n')}\n`);
    return parts;
  }

  private lines(): string[] {
    const out: string[] = [];
    const all = [...this.all()];
    const line = (s: VmSeries, name: string) => {
      let p = s.prefixes.get(name);
      if (p === undefined) s.prefixes.set(name, (p = `${name}{${s.labels}} `));
      return p;
    };
    const family = (name: string, type: string, help: string) =>
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    family(
      'vslicer_vm_info',
      'gauge',
      "A VM of the host's scheduler listing: its class, and its domain UUID where xl says it.",
    );
    for (const s of all) {
      if (s.vmClass === null) continue;
      const uuid = s.uuid === null ? '' : `,uuid="${escapeLabelValue(s.uuid)}"`;
      out.push(`vslicer_vm_info{${s.labels},class="${escapeLabelValue(s.vmClass)}"${uuid}} 1`);
    }
    for (const g of GAUGES) {
      family(g.name, 'gauge', g.help);
      for (const s of all)
        if (s[g.field] !== null) out.push(`${g.name}{${s.labels}} ${num(s[g.field]!)}`);
    }
    const counter = (name: string, help: string, value: (s: VmSeries) => number | null) => {
      family(name, 'counter', help);
      for (const s of all) {
        const v = value(s);
        if (v !== null) out.push(line(s, `${name}_total`) + num(v));
      }
    };
    counter(
      'vslicer_vm_cpu_seconds',
      'CPU time of the VM, from the CPU % of each one-second xentop frame.',
      (s) => s.cpuSeconds,
    );
    counter('vslicer_vm_ping_requests', 'Echo requests sent from dom0 to the VM.', (s) =>
      s.ping ? s.ping.requests : null,
    );
    counter('vslicer_vm_ping_lost', 'Echo requests to the VM that got no reply.', (s) =>
      s.ping ? s.ping.lost : null,
    );
    this.histogram(out, this.rtt, all, (s) => s.ping?.rtt ?? null);
    this.histogram(out, this.wait, all, (s) => s.waits);
    return out;
  }

  private histogram(
    out: string[],
    f: HistogramFamily,
    all: readonly VmSeries[],
    of: (s: VmSeries) => Histogram | null,
  ): void {
    out.push(`# HELP ${f.name} ${f.help}`, `# TYPE ${f.name} histogram`);
    for (const s of all) {
      const h = of(s);
      if (h) out.push((h.text ??= histogramText(h)));
    }
  }
}
