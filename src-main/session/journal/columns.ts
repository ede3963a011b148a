import type { DomainSample, HostSample } from '../../common/model';
import type { LatencySample } from '../../common/sched';
import type { JournalRecord } from './record';

/**
 * A compact line's records as the columns the line holds, checked as strictly as the records
 * (journal/compact-decode.ts) but not turned into objects: a 24-hour, 100-VM journal is 9 M
 * domain objects and 4.3 M probe results, and making them cost the CSV export more than its
 * JSON.parse (bench/export.bench.ts). The CSV tables read columns; everything else reads records,
 * made from the same columns by `sampleRecord` and `latencyRecords`, so both see the same values.
 */
export interface SampleColumns {
  kind: 'sample-columns';
  /** When the record was written, and the sample's own time. */
  t: number;
  sampleT: number;
  hostId: string;
  gapBefore: boolean;
  rejected: string[];
  name: string[];
  state: string[];
  cpuPct: (number | null)[];
  share: (number | null)[];
  memKiB: number[];
  maxMemKiB: (number | null)[];
  vcpus: number[];
  /** xentop's NETTX(k) + NETRX(k) per domain (null: none); null for a sample without any (journals before version 3). */
  netKiB: (number | null)[] | null;
}

export interface LatencyColumns {
  kind: 'latency-columns';
  /** Probe results on the line. */
  n: number;
  /** When each result was written: one time for all, or one per result. */
  t: number | number[];
  hostId: string;
  probeT: number;
  vm: string[];
  address: string[];
  /**
   * k echoes per result, result i's at [i·k, i·k + k): microseconds, -1 for a lost echo. An array,
   * or a view of the numbers a batch crossed threads in (journal/items-codec.ts).
   */
  rttUs: ArrayLike<number>;
  k: number;
}

/** What a pass over the journal in columns yields: columns for compact lines, records for the rest. */
export type JournalItem = JournalRecord | SampleColumns | LatencyColumns;

/** How many records an item stands for (progress, counts). */
export const recordsIn = (x: JournalItem): number => (x.kind === 'latency-columns' ? x.n : 1);

export function sampleRecord(c: SampleColumns): JournalRecord {
  return { kind: 'sample', t: c.t, data: hostSample(c) };
}

/** The sample a line holds, one object per domain. */
export function hostSample(c: SampleColumns): HostSample {
  const n = c.name.length;
  const domains = new Array<DomainSample>(n);
  const net = c.netKiB;
  for (let i = 0; i < n; i++) {
    const d: DomainSample = {
      name: c.name[i]!,
      state: c.state[i]!,
      cpuPct: c.cpuPct[i]!,
      share: c.share[i]!,
      memKiB: c.memKiB[i]!,
      maxMemKiB: c.maxMemKiB[i]!,
      vcpus: c.vcpus[i]!,
    };
    const netKiB = net === null ? null : net[i]!;
    if (netKiB !== null) d.netKiB = netKiB;
    domains[i] = d;
  }
  return { hostId: c.hostId, t: c.sampleT, domains, rejected: c.rejected, gapBefore: c.gapBefore };
}

export function latencyRecords(c: LatencyColumns, out: JournalRecord[]): void {
  for (let i = 0; i < c.n; i++)
    out.push({
      kind: 'latency',
      t: typeof c.t === 'number' ? c.t : c.t[i]!,
      data: latencyResult(c, i),
    });
}

/** The i-th probe result of a line. */
export function latencyResult(c: LatencyColumns, i: number): LatencySample {
  return {
    hostId: c.hostId,
    vm: c.vm[i]!,
    address: c.address[i]!,
    t: c.probeT,
    rttMs: rttMsOf(c, i, new Array<number | null>(c.k)),
  };
}

/** The i-th result's RTTs in ms (null: lost), as a record of it holds them, written into `into`. */
export function rttMsOf(c: LatencyColumns, i: number, into: (number | null)[]): (number | null)[] {
  const { k, rttUs } = c;
  into.length = k;
  for (let j = 0; j < k; j++) {
    const us = rttUs[i * k + j]!;
    into[j] = us === -1 ? null : us / 1000;
  }
  return into;
}

/** The other way, for a sample that came as a record (an object line, or a test's record). */
export function sampleColumns(t: number, s: HostSample): SampleColumns {
  const d = s.domains;
  return {
    kind: 'sample-columns',
    t,
    sampleT: s.t,
    hostId: s.hostId,
    gapBefore: s.gapBefore ?? false,
    rejected: s.rejected,
    name: d.map((x) => x.name),
    state: d.map((x) => x.state),
    cpuPct: d.map((x) => x.cpuPct),
    share: d.map((x) => x.share),
    memKiB: d.map((x) => x.memKiB),
    maxMemKiB: d.map((x) => x.maxMemKiB),
    vcpus: d.map((x) => x.vcpus),
    netKiB: d.some((x) => x.netKiB !== undefined) ? d.map((x) => x.netKiB ?? null) : null,
  };
}

/**
 * A probe result that came as a record, as a one-result line. RTTs back in microseconds: exactly
 * the integer a compact line holds whenever the value is one (us / 1000 · 1000 rounds back to us),
 * the finer value otherwise — so a mean computed from either is the same number.
 */
export function latencyColumns(t: number, l: LatencySample): LatencyColumns {
  const rttUs = l.rttMs.map((v) => {
    if (v === null) return -1;
    const us = Math.round(v * 1000);
    return us / 1000 === v ? us : v * 1000;
  });
  return {
    kind: 'latency-columns',
    n: 1,
    t,
    hostId: l.hostId,
    probeT: l.t,
    vm: [l.vm],
    address: [l.address],
    rttUs,
    k: rttUs.length,
  };
}

/** Any item as the records it stands for. */
export function itemRecords(x: JournalItem, out: JournalRecord[]): void {
  if (x.kind === 'sample-columns') out.push(sampleRecord(x));
  else if (x.kind === 'latency-columns') latencyRecords(x, out);
  else out.push(x);
}
