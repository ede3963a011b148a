import type { DomainSample } from '../../common/model';
import type { CompactDecoder } from './compact-decode';
import { isHostId, isNullableNumber, isNumber, isStringArray } from './checks';
import type { JournalItem } from './columns';
import { JournalRecordSchema, type JournalRecord } from './record';

/**
 * One parsed journal line into the records it holds (appended to `out`), or why it holds none.
 * Samples and probe results — nearly every line — are checked by hand, field by field, and copied
 * into fresh objects (so unknown keys are dropped, as the schema would); the rare kinds go through
 * the zod schema. Compact lines exist from version 2 on; `compact` is the segment's decoder of them.
 */
export function decodeLine(
  json: unknown,
  version: number,
  out: JournalRecord[],
  compact: CompactDecoder,
): string | null {
  if (Array.isArray(json)) {
    if (version < 2) return ARRAY_IN_V1;
    const why = compact.decode(json, out);
    return why === null ? null : `not a record: ${why}`;
  }
  return decodeObject(json, out);
}

/** The same, but a compact line comes out as its columns (journal/columns.ts), not as records. */
export function decodeItem(
  json: unknown,
  version: number,
  out: JournalItem[],
  compact: CompactDecoder,
): string | null {
  if (Array.isArray(json)) {
    if (version < 2) return ARRAY_IN_V1;
    const c = compact.columns(json);
    if (typeof c === 'string') return `not a record: ${c}`;
    out.push(c);
    return null;
  }
  return decodeObject(json, out);
}

const ARRAY_IN_V1 = 'not a record: an array line in a version 1 journal';

/** An object line: one record. */
function decodeObject(json: unknown, out: { push(r: JournalRecord): unknown }): string | null {
  if (json === null || typeof json !== 'object') return 'not a record';
  const o = json as Record<string, unknown>;
  const fast =
    o.kind === 'sample' ? sampleObject(o) : o.kind === 'latency' ? latencyObject(o) : undefined;
  if (fast) {
    out.push(fast);
    return null;
  }
  // Not a well-formed sample or probe result, or another kind: the schema decides, and says why.
  const parsed = JournalRecordSchema.safeParse(json);
  if (!parsed.success) return `not a record: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
  out.push(parsed.data);
  return null;
}

function sampleObject(o: Record<string, unknown>): JournalRecord | undefined {
  const d = o.data as Record<string, unknown> | null;
  if (!isNumber(o.t) || d === null || typeof d !== 'object') return undefined;
  const { hostId, t, domains, rejected } = d;
  const gapBefore = d.gapBefore ?? false;
  if (
    !isHostId(hostId) ||
    !isNumber(t) ||
    !Array.isArray(domains) ||
    !isStringArray(rejected) ||
    typeof gapBefore !== 'boolean'
  )
    return undefined;
  const out = new Array<DomainSample>(domains.length);
  for (let i = 0; i < domains.length; i++) {
    const x = domains[i] as Record<string, unknown> | null;
    if (x === null || typeof x !== 'object') return undefined;
    const dom = {
      name: x.name,
      state: x.state,
      cpuPct: x.cpuPct,
      share: x.share,
      memKiB: x.memKiB,
      maxMemKiB: x.maxMemKiB,
      vcpus: x.vcpus,
    };
    if (
      typeof dom.name !== 'string' ||
      typeof dom.state !== 'string' ||
      !isNumber(dom.memKiB) ||
      !Number.isInteger(dom.vcpus)
    )
      return undefined;
    if (
      !isNullableNumber(dom.cpuPct) ||
      !isNullableNumber(dom.share) ||
      !isNullableNumber(dom.maxMemKiB)
    )
      return undefined;
    // The network counter is optional: kept where there is one, so no line loses it.
    if (x.netKiB !== undefined) {
      if (!isNumber(x.netKiB)) return undefined;
      (dom as DomainSample).netKiB = x.netKiB;
    }
    out[i] = dom as DomainSample;
  }
  return { kind: 'sample', t: o.t, data: { hostId, t, domains: out, rejected, gapBefore } };
}

function latencyObject(o: Record<string, unknown>): JournalRecord | undefined {
  const d = o.data as Record<string, unknown> | null;
  if (!isNumber(o.t) || d === null || typeof d !== 'object') return undefined;
  const { hostId, vm, address, t, rttMs } = d;
  if (!isHostId(hostId) || typeof vm !== 'string' || typeof address !== 'string' || !isNumber(t))
    return undefined;
  if (!Array.isArray(rttMs) || !rttMs.every(isNullableNumber)) return undefined;
  return { kind: 'latency', t: o.t, data: { hostId, vm, address, t, rttMs } };
}
