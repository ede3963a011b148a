import { isHostId, isNullableNumber, isNumber, isStringArray } from './checks';
import { REFERABLE, sharesFrom } from './compact';
import { latencyRecords, sampleRecord, type LatencyColumns, type SampleColumns } from './columns';
import type { JournalRecord } from './record';

/**
 * The reading side of compact lines, versions 2 and 3 (the layout and its reasons are in
 * journal/compact.ts). One decoder per segment, for the segment's version: a column written as a
 * reference resolves to the last line of the same host, in the same segment, that spelled it out
 * — and only if that line's time is the one referred to, so a line lost in between turns its
 * dependents into reported bad lines, never into wrong values. Every field is checked: a journal is a file anyone could have
 * edited, and what comes out must be what the types promise.
 */
interface Spelled {
  t: number;
  values: unknown[];
}

/** The referable columns' names, slot by slot (REFERABLE), for the messages. */
const SAMPLE_COLUMNS = ['name', 'state', 'memKiB', 'maxMemKiB', 'vcpus'];
const LATENCY_COLUMNS = ['vm', 'address'];

export class CompactDecoder {
  private readonly samples = new Map<string, (Spelled | undefined)[]>();
  private readonly rounds = new Map<string, (Spelled | undefined)[]>();
  /** Fields of a sample line: version 3 added the network counters. */
  private readonly sampleFields: number;

  constructor(version: number) {
    this.sampleFields = version >= 3 ? 14 : 13;
  }

  /** Appends the line's records to `out`; returns why it holds none, or null. */
  decode(a: unknown[], out: JournalRecord[]): string | null {
    const c = this.columns(a);
    if (typeof c === 'string') return c;
    if (c.kind === 'sample-columns') out.push(sampleRecord(c));
    else latencyRecords(c, out);
    return null;
  }

  /** The line's columns, checked; or why it holds no record. */
  columns(a: unknown[]): SampleColumns | LatencyColumns | string {
    if (a[0] === 'sample') return this.sample(a);
    if (a[0] === 'latency') return this.latency(a);
    return `unknown compact kind ${JSON.stringify(a[0])?.slice(0, 40)}`;
  }

  private sample(a: unknown[]): SampleColumns | string {
    if (a.length !== this.sampleFields) return `a sample line has ${this.sampleFields} fields`;
    const [, t, hostId, sampleT, gapBefore, rejected, , , cpuTenths, shareOrD] = a;
    if ((a[13] ?? null) !== null && !Array.isArray(a[13])) return 'netKiB must be a column or null';
    const net = (a[13] ?? null) as unknown[] | null;
    if (!isNumber(t) || !isNumber(sampleT)) return 'sample times must be numbers';
    if (!isHostId(hostId)) return 'bad host id';
    if (typeof gapBefore !== 'boolean') return 'gapBefore must be true or false';
    if (!isStringArray(rejected)) return 'rejected must be strings';
    const memory = this.samples.get(hostId) ?? [];
    const cols = resolve(a, REFERABLE.sample, SAMPLE_COLUMNS, memory);
    if (typeof cols === 'string') return cols;
    const [name, state, memKiB, maxMemKiB, vcpus] = cols as [
      unknown[],
      unknown[],
      unknown[],
      unknown[],
      unknown[],
    ];
    if (!Array.isArray(cpuTenths)) return 'cpuTenths must be a column';
    const cpuPct = new Array<number | null>(cpuTenths.length);
    for (let i = 0; i < cpuTenths.length; i++) {
      const c = cpuTenths[i] as unknown;
      if (c !== null && !Number.isInteger(c)) return `domain ${i}: CPU tenths must be an integer`;
      cpuPct[i] = c === null ? null : (c as number) / 10;
    }
    if (typeof shareOrD === 'number' ? !(shareOrD > 0) : !Array.isArray(shareOrD))
      return 'share must be a column or a divisor';
    const share: unknown[] =
      typeof shareOrD === 'number' ? sharesFrom(shareOrD, name, cpuPct) : (shareOrD as unknown[]);
    const n = name.length;
    if (
      state.length !== n ||
      cpuPct.length !== n ||
      share.length !== n ||
      memKiB.length !== n ||
      maxMemKiB.length !== n ||
      vcpus.length !== n ||
      (net !== null && net.length !== n)
    ) {
      return 'domain columns differ in length';
    }
    for (let i = 0; i < n; i++) {
      if (typeof name[i] !== 'string' || typeof state[i] !== 'string')
        return `domain ${i}: name and state must be text`;
      if (!isNullableNumber(share[i]) || !isNumber(memKiB[i]) || !isNullableNumber(maxMemKiB[i]))
        return `domain ${i}: bad number`;
      if (!Number.isInteger(vcpus[i])) return `domain ${i}: vcpus must be an integer`;
      const k: unknown = net?.[i] ?? null;
      if (k !== null && !(Number.isSafeInteger(k) && (k as number) >= 0))
        return `domain ${i}: network KiB must be a whole number`;
    }
    remember(this.samples, hostId, memory, a, REFERABLE.sample, sampleT);
    return {
      kind: 'sample-columns',
      t,
      sampleT,
      hostId,
      gapBefore,
      rejected,
      name: name as string[],
      state: state as string[],
      cpuPct,
      share: share as (number | null)[],
      memKiB: memKiB as number[],
      maxMemKiB: maxMemKiB as (number | null)[],
      vcpus: vcpus as number[],
      netKiB: net as (number | null)[] | null,
    };
  }

  private latency(a: unknown[]): LatencyColumns | string {
    if (a.length !== 8) return 'a latency line has 8 fields';
    const [, n, t, hostId, probeT, , , rttUs] = a;
    if (!Number.isInteger(n) || (n as number) < 1) return 'n must be a positive count';
    const count = n as number;
    if (!isHostId(hostId)) return 'bad host id';
    if (!isNumber(probeT)) return 'probe time must be a number';
    const perT = Array.isArray(t);
    if (perT ? t.length !== count || !t.every(isNumber) : !isNumber(t)) return 'bad record time';
    const memory = this.rounds.get(hostId) ?? [];
    const cols = resolve(a, REFERABLE.latency, LATENCY_COLUMNS, memory);
    if (typeof cols === 'string') return cols;
    const [vm, address] = cols as [unknown[], unknown[]];
    if (!Array.isArray(rttUs)) return 'rttUs must be a column';
    if (vm.length !== count || address.length !== count || rttUs.length % count !== 0)
      return 'probe columns differ from n';
    for (const us of rttUs as unknown[]) {
      // Whole microseconds (a small integer, so `| 0` leaves it alone) or -1 for a lost echo.
      if (typeof us !== 'number' || (us | 0) !== us || us < -1)
        return 'RTTs must be whole microseconds or -1';
    }
    for (let i = 0; i < count; i++) {
      if (typeof vm[i] !== 'string' || typeof address[i] !== 'string')
        return `probe ${i}: vm and address must be text`;
    }
    remember(this.rounds, hostId, memory, a, REFERABLE.latency, probeT);
    return {
      kind: 'latency-columns',
      n: count,
      t: t as number | number[],
      hostId,
      probeT,
      vm: vm as string[],
      address: address as string[],
      rttUs: rttUs as number[],
      k: rttUs.length / count,
    };
  }
}

/** The referable columns of a line, references resolved; or why one cannot be. */
function resolve(
  a: unknown[],
  referable: readonly number[],
  names: string[],
  memory: (Spelled | undefined)[],
): unknown[][] | string {
  const cols: unknown[][] = [];
  for (const [slot, index] of referable.entries()) {
    const v = a[index];
    if (Array.isArray(v)) cols.push(v);
    else if (typeof v === 'number') {
      const last = memory[slot];
      if (last?.t !== v)
        return `its ${names[slot]} column refers to the line of ${v}, which could not be read`;
      cols.push(last.values);
    } else return `${names[slot]} must be a column or a reference`;
  }
  return cols;
}

/** After a line was read whole: the columns it spelled out are what later lines may refer to. */
function remember(
  all: Map<string, (Spelled | undefined)[]>,
  hostId: string,
  memory: (Spelled | undefined)[],
  a: unknown[],
  referable: readonly number[],
  lineT: number,
): void {
  for (const [slot, index] of referable.entries()) {
    const v = a[index];
    if (Array.isArray(v)) memory[slot] = { t: lineT, values: v };
  }
  all.set(hostId, memory);
}
