import { HostIdSchema } from '../../common/model';

/**
 * Cheap type checks for the journal's hot read path: millions of values per export, where a zod
 * parse per record cost more than JSON.parse itself (bench/export.bench.ts). Values come out of
 * JSON.parse, so a number is always finite and a string always a string.
 */
export const isNumber = (v: unknown): v is number => typeof v === 'number';
export const isNullableNumber = (v: unknown): v is number | null =>
  v === null || typeof v === 'number';

export function isStringArray(v: unknown): v is string[] {
  if (!Array.isArray(v)) return false;
  for (const x of v) if (typeof x !== 'string') return false;
  return true;
}

/** Host ids repeat on every line: each distinct one is checked against the schema once. */
const validHostIds = new Set<string>();
const HOST_ID_CACHE = 10_000;

export function isHostId(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  if (validHostIds.has(v)) return true;
  if (!HostIdSchema.safeParse(v).success) return false;
  if (validHostIds.size < HOST_ID_CACHE) validHostIds.add(v);
  return true;
}
