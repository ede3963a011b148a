import { DOM0_NAME, type HostSample } from '../../common/model';
import type { LatencySample } from '../../common/sched';

/**
 * Journal versions 2 and 3's compact lines for the two bulk record kinds (COMPACT_LAYOUTS in
 * journal/record.ts); the reading side is journal/compact-decode.ts. Why: a 24-hour, 100-VM
 * session is 345,600 host samples of ~100 domains and 4.3 M probe results; as version 1's objects
 * that is 1.55 GiB of JSON, and its HTML export took 25 s, most of it in JSON.parse, against a
 * 10 s target (bench/export.bench.ts). Measured on this project's data (V8, Node 20), per 26-domain sample:
 * objects 13.2 µs, an array per domain 9.3 µs, an array per column 7.1 µs — so a sample's domains
 * are columns. A probe result on a line of its own cost ~1 µs, mostly per-line and per-object
 * overhead; the prober publishes a host's whole round at once (same host, same probe time), so
 * consecutive results of one round share a line, in columns again, at ~0.3 µs each.
 *
 *   ["sample", t, hostId, sampleT, gapBefore, rejected, name[], state[], cpuTenths[], share[] | D, memKiB[], maxMemKiB[], vcpus[], netKiB[] | null]
 *   ["latency", n, t | t[], hostId, probeT, vm[], address[], rttUs[]]
 *
 * - Numbers at the resolution the host prints them, as integers (a probe line of 25 results parses
 *   in 2.4 µs so, 5.9 µs as decimal milliseconds; RTTs are most of it): CPU % in tenths (xentop prints
 *   `12.3`), RTTs in whole microseconds (ping prints at most three decimals of a millisecond),
 *   all results' echoes in one list, `k = length / n` each, -1 for a lost one. A record with a
 *   finer number than that (another tool's output, a test) is written as a plain object line
 *   instead, so nothing is ever rounded.
 * - `n` (how many probe results the line holds) comes second so that counting the records of an
 *   interrupted journal needs no parsing (session-meta.ts); `t` is one number when the results
 *   were recorded in the same millisecond, else one per result.
 * - netKiB (version 3 on): xentop's NETTX(k) + NETRX(k), whole KiB counters, null for a domain
 *   without one; the whole field null when no domain has one (a sample from another source). Not
 *   referable: a busy guest's counter changes every sample. Version 2 lines end before it.
 * - share: a guest's share is its CPU % over 100 × the host's guest pCPUs (connection/sample-mapper.ts),
 *   Domain-0 and a frame without CPU % having none. Where that rule gives back every share of a
 *   sample exactly, bit for bit, the line holds just the divisor D = 100 × pCPUs (a fifth of a
 *   sample line was shares repeating it); otherwise the column.
 * - Columns that rarely change (REFERABLE: names, states, memory, vCPUs, probed VMs and their
 *   addresses) may be written as a number T instead: "the same column as this host's line of
 *   time T (sampleT, probeT), the last one in this segment that spelled it out". Names alone were
 *   a fifth of a sample line and two fifths of a probe line. Every host's first line in a segment
 *   and every KEYFRAME_EVERY-th line after it spell every column out, so a segment reads on its
 *   own and a line damaged in the middle of a file costs at most the lines that lean on it (each
 *   then reported as a bad line naming what it refers to) — never a wrong value.
 *
 * A line is still one JSON value: `jq` reads it, and a torn last line loses only itself.
 */
export const KEYFRAME_EVERY = 60;

/** Which columns of each kind may be references, by their index in the line. */
export const REFERABLE = {
  sample: [6, 7, 10, 11, 12],
  latency: [5, 6],
} as const;

interface Spelled {
  t: number;
  values: readonly unknown[];
}

interface HostColumns {
  lines: number;
  columns: (Spelled | undefined)[];
}

/** A sample's compact line before references are put in, or null when it holds a number finer than a compact line keeps. */
export function sampleFields(t: number, s: HostSample): unknown[] | null {
  const d = s.domains;
  const n = d.length;
  const name = new Array<string>(n);
  const state = new Array<string>(n);
  const cpuPct = new Array<number | null>(n);
  const cpuTenths = new Array<number | null>(n);
  const share = new Array<number | null>(n);
  const memKiB = new Array<number>(n);
  const maxMemKiB = new Array<number | null>(n);
  const vcpus = new Array<number>(n);
  const netKiB = new Array<number | null>(n);
  let nets = 0;
  for (let i = 0; i < n; i++) {
    const x = d[i]!;
    const c = x.cpuPct;
    const tenths = c === null ? null : Math.round(c * 10);
    if (tenths !== null && (tenths / 10 !== c || Math.abs(tenths) > MAX_INT)) return null;
    cpuTenths[i] = tenths;
    name[i] = x.name;
    state[i] = x.state;
    cpuPct[i] = c;
    share[i] = x.share;
    memKiB[i] = x.memKiB;
    maxMemKiB[i] = x.maxMemKiB;
    vcpus[i] = x.vcpus;
    const net = x.netKiB;
    if (net === undefined) netKiB[i] = null;
    else if (!Number.isSafeInteger(net) || net < 0) return null;
    else {
      netKiB[i] = net;
      nets++;
    }
  }
  return [
    'sample',
    t,
    s.hostId,
    s.t,
    s.gapBefore ?? false,
    s.rejected,
    name,
    state,
    cpuTenths,
    shareDivisor(name, cpuPct, share) ?? share,
    memKiB,
    maxMemKiB,
    vcpus,
    nets > 0 ? netKiB : null,
  ];
}

/** The writer's side: turns compact fields into a line, remembering per host what it last spelled out. */
export class CompactEncoder {
  private readonly memory = {
    sample: new Map<string, HostColumns>(),
    latency: new Map<string, HostColumns>(),
  };

  /** A new segment: it must read on its own, so nothing earlier may be referred to. */
  reset(): void {
    this.memory.sample.clear();
    this.memory.latency.clear();
  }

  /** `lineT`: the sample's or probe round's own time, by which later lines refer to this one. */
  encode(
    kind: 'sample' | 'latency',
    hostId: string,
    lineT: number,
    fields: readonly unknown[],
  ): string {
    const memory = this.memory[kind];
    let h = memory.get(hostId);
    if (!h) memory.set(hostId, (h = { lines: 0, columns: [] }));
    const keyframe = h.lines++ % KEYFRAME_EVERY === 0;
    const line = [...fields];
    for (const [slot, index] of REFERABLE[kind].entries()) {
      const values = line[index] as unknown[];
      const last = h.columns[slot];
      if (!keyframe && last && sameValues(last.values, values)) line[index] = last.t;
      else h.columns[slot] = { t: lineT, values };
    }
    return JSON.stringify(line);
  }
}

function sameValues(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** D such that every share is exactly what sharesFrom(D) gives, or null. */
function shareDivisor(
  name: string[],
  cpuPct: (number | null)[],
  share: (number | null)[],
): number | null {
  let d = 0;
  for (let i = 0; i < share.length && d === 0; i++) {
    const c = cpuPct[i] ?? null;
    const x = share[i] ?? null;
    if (c !== null && x !== null && c > 0 && x > 0) d = 100 * Math.max(1, Math.round(c / x / 100));
  }
  if (d === 0) return null;
  const back = sharesFrom(d, name, cpuPct);
  for (let i = 0; i < share.length; i++) if (!Object.is(back[i], share[i])) return null;
  return d;
}

/** The sample mapper's rule: CPU % over D; none for Domain-0, nor without a CPU %. */
export function sharesFrom(
  d: number,
  name: readonly unknown[],
  cpuPct: readonly unknown[],
): (number | null)[] {
  const out = new Array<number | null>(cpuPct.length);
  for (let i = 0; i < cpuPct.length; i++) {
    const c = cpuPct[i];
    out[i] = typeof c !== 'number' || name[i] === DOM0_NAME ? null : c / d;
  }
  return out;
}

/** Consecutive probe results of one host's round, gathered into one line until something else comes. */
export class LatencyRun {
  readonly records: { t: number; data: LatencySample }[] = [];

  constructor(
    readonly hostId: string,
    readonly probeT: number,
  ) {}

  get size(): number {
    return this.records.length;
  }

  accepts(l: LatencySample): boolean {
    return l.hostId === this.hostId && l.t === this.probeT;
  }

  add(t: number, data: LatencySample): void {
    this.records.push({ t, data });
  }

  /** The compact line's fields before references are put in; null if an RTT does not fit. */
  line(): unknown[] | null {
    const n = this.records.length;
    const k = this.records[0]!.data.rttMs.length;
    const ts = new Array<number>(n);
    const vms = new Array<string>(n);
    const addresses = new Array<string>(n);
    const us = new Array<number>(n * k);
    for (let i = 0; i < n; i++) {
      const { t, data } = this.records[i]!;
      if (data.rttMs.length !== k) return null;
      for (let j = 0; j < k; j++) {
        const v = data.rttMs[j]!;
        const x = v === null ? -1 : Math.round(v * 1000);
        if (v !== null && (x / 1000 !== v || x < 0 || x > MAX_INT)) return null;
        us[i * k + j] = x;
      }
      ts[i] = t;
      vms[i] = data.vm;
      addresses[i] = data.address;
    }
    const t0 = ts[0]!;
    return [
      'latency',
      n,
      ts.every((x) => x === t0) ? t0 : ts,
      this.hostId,
      this.probeT,
      vms,
      addresses,
      us,
    ];
  }
}

/** Integers up to here parse as V8 small integers. */
const MAX_INT = 2 ** 30;
