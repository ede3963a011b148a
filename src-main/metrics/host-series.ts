import { ConnectionStateSchema, type ConnectionState, type HostSummary } from '../common/model';
import { KeptLines } from './kept-lines';
import {
  escapeLabelValue,
  familyHead,
  lineFamilies,
  utf8,
  type ByteWriter,
  type LineFamily,
} from './text-writer';

/**
 * The host-level families of the exposition, written as bytes the way the per-VM families are
 * (vm-series.ts): each host's label text escaped and encoded once, each line kept with the value
 * it shows and rewritten only when the value changes. Through prom-client these 21 lines a host
 * cost 13 ms a scrape at 200 hosts (setting each gauge hashes its labels, and its formatter
 * escapes and joins every label of every line again), a tenth of the scrape's whole budget.
 */

/** Why a host key was refused, as `vslicer_host_key_refusals_total` labels it. */
export const KEY_REFUSAL_REASONS = ['unknown', 'changed', 'revoked', 'refused'] as const;

export const SWITCH_RESULTS = ['done', 'failed'] as const;

/** What `vslicer_host_info` says of a host, from its summary. */
type HostFacts = Pick<HostSummary, 'name' | 'kind' | 'profile' | 'xenVersion' | 'scheduler'>;

export interface HostSeries {
  /** `host="…"`, escaped, as UTF-8. */
  readonly labels: Buffer;
  /** Per line slot (see SLOTS): its labels, the host's and the slot's own. */
  readonly slotLabels: readonly Buffer[];
  readonly lines: KeptLines;
  /** The info line as last written, and the facts it says. */
  info: { facts: string; text: Buffer } | null;
  // Fed by events, from the moment the host is first seen.
  frames: number;
  gaps: number;
  lastFrameS: number | null;
  readonly switches: Float64Array;
  readonly refusals: Float64Array;
  // Set at each scrape for the hosts watched then; null: no line.
  facts: HostFacts | null;
  up: number | null;
  state: ConnectionState | null;
  guestPcpus: number | null;
  jain: number | null;
}

const STATES = ConnectionStateSchema.options;

const { gauge, counter } = lineFamilies<HostSeries>();

/** The families after vslicer_host_info, in the order they are written. */
const FAMILIES: readonly LineFamily<HostSeries>[] = [
  gauge('vslicer_host_up', '1 while the host is connected and streaming.', (h) => h.up),
  gauge(
    'vslicer_host_connection_state',
    '1 for the connection state the host is in.',
    (h, i) => (h.state === null ? null : h.state === STATES[i] ? 1 : 0),
    { label: 'state', values: STATES },
  ),
  gauge('vslicer_host_guest_pcpus', 'pCPUs the guests of the host share.', (h) => h.guestPcpus),
  gauge(
    'vslicer_host_fairness_jain_ratio',
    "Jain's index over each guest's CPU share divided by its fair share (1 = fair), latest frame.",
    (h) => h.jain,
  ),
  counter('vslicer_host_xentop_frames', 'xentop frames from the host.', (h) => h.frames),
  counter(
    'vslicer_host_stream_gaps',
    'Outages of the xentop stream: frames that arrived after a break (reconnect, stall).',
    (h) => h.gaps,
  ),
  gauge(
    'vslicer_host_last_frame_timestamp_seconds',
    'Wall-clock time the last xentop frame of the host arrived.',
    (h) => h.lastFrameS,
  ),
  counter(
    'vslicer_host_class_switches',
    'Class switches (LSVM/NLSVM) finished on the host: done (read back) or failed.',
    (h, i) => h.switches[i]!,
    { label: 'result', values: SWITCH_RESULTS },
  ),
  counter(
    'vslicer_host_key_refusals',
    'Connections stopped because the host key was refused: unknown (not on record and not ' +
      'accepted), changed (differs from the key on record), revoked (@revoked in known_hosts) ' +
      'or refused (on record in a form that cannot be trusted).',
    (h, i) => h.refusals[i]!,
    { label: 'reason', values: KEY_REFUSAL_REASONS },
  ),
];

/** Lines a family has per host: one per value of `by`, or one. */
const slotsOf = (f: LineFamily<HostSeries>) => f.by?.values.length ?? 1;

/** Each family's first line slot in a host's kept lines, and how many slots there are. */
const FIRST_SLOT = FAMILIES.map((_, k) => FAMILIES.slice(0, k).reduce((n, f) => n + slotsOf(f), 0));
const SLOTS = FAMILIES.reduce((n, f) => n + slotsOf(f), 0);

const INFO = {
  name: 'vslicer_host_info',
  help: 'A watched host: its name, profile and Xen.',
};

export class HostSeriesTable {
  private readonly series = new Map<string, HostSeries>();
  private readonly build: Buffer;
  private readonly infoHead = familyHead(INFO.name, 'gauge', INFO.help);
  private readonly infoName = utf8(`${INFO.name}{`);
  private readonly heads = FAMILIES.map((f) => ({
    family: familyHead(f.name, f.type, f.help),
    line: utf8(`${f.name}${f.type === 'counter' ? '_total' : ''}{`),
  }));

  constructor(version: string) {
    this.build = Buffer.concat([
      familyHead('vslicer_build_info', 'gauge', 'The vSlicer Console that serves these metrics.'),
      utf8(`vslicer_build_info{version="${escapeLabelValue(version)}"} 1\n`),
    ]);
  }

  /**
   * The series of one host, made on first sight (its first scrape or event) with its counters
   * at 0: Prometheus cannot see the increase of a series born at 1, so a first failed switch
   * would show no `increase`.
   */
  get(host: string): HostSeries {
    let s = this.series.get(host);
    if (s) return s;
    const labels = `host="${escapeLabelValue(host)}"`;
    const slotLabels = FAMILIES.flatMap((f) =>
      f.by
        ? f.by.values.map((v) => utf8(`${labels},${f.by!.label}="${escapeLabelValue(v)}"`))
        : [utf8(labels)],
    );
    s = {
      labels: utf8(labels),
      slotLabels,
      lines: new KeptLines(SLOTS),
      info: null,
      frames: 0,
      gaps: 0,
      lastFrameS: null,
      switches: new Float64Array(SWITCH_RESULTS.length),
      refusals: new Float64Array(KEY_REFUSAL_REASONS.length),
      facts: null,
      up: null,
      state: null,
      guestPcpus: null,
      jain: null,
    };
    this.series.set(host, s);
    return s;
  }

  /** Before a scrape sets them again: no host is watched until it says so. */
  clearGauges(): void {
    for (const s of this.series.values()) s.facts = s.up = s.state = s.guestPcpus = s.jain = null;
  }

  /** Drops the series of hosts not in `live`. */
  collectGarbage(live: ReadonlySet<string>): void {
    for (const host of this.series.keys()) if (!live.has(host)) this.series.delete(host);
  }

  /** The families' OpenMetrics text, from vslicer_build_info on; no `# EOF`. */
  write(out: ByteWriter): void {
    out.bytes(this.build);
    out.bytes(this.infoHead);
    for (const s of this.series.values()) if (s.facts) out.bytes(this.infoLine(s, s.facts));
    for (let f = 0; f < FAMILIES.length; f++) {
      const fam = FAMILIES[f]!;
      const lines = slotsOf(fam);
      const heads = this.heads[f]!;
      const first = FIRST_SLOT[f]!;
      out.bytes(heads.family);
      for (const s of this.series.values()) {
        for (let i = 0; i < lines; i++) {
          const v = fam.value(s, i);
          const slot = first + i;
          if (v !== null) out.bytes(s.lines.line(slot, heads.line, s.slotLabels[slot]!, v));
        }
      }
    }
  }

  /** The host's info line, rewritten when what it says changed. */
  private infoLine(s: HostSeries, facts: HostFacts): Buffer {
    const said = [
      facts.name,
      facts.kind,
      facts.profile,
      facts.xenVersion ?? '',
      facts.scheduler ?? '',
    ];
    const key = said.join('\0');
    if (s.info?.facts === key) return s.info.text;
    const [name, kind, profile, xenVersion, scheduler] = said.map(escapeLabelValue);
    const tail =
      `,name="${name}",kind="${kind}",profile="${profile}",` +
      `xen_version="${xenVersion}",scheduler="${scheduler}"} 1\n`;
    const text = Buffer.concat([this.infoName, s.labels, utf8(tail)]);
    s.info = { facts: key, text };
    return text;
  }
}
