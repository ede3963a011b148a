import { closeSync, createReadStream, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PRIVATE_FILE } from './private-files';
import { SEGMENT_FILE_RE } from './journal/writer';

/**
 * A session directory's `meta.json`: name, start, end (null while recording or after a crash)
 * and, once closed, its counts. Always replaced whole and atomically (temp file, fsync, rename,
 * fsync of the directory), so a crash leaves the old version or the new one, never half of one.
 */
export const MetaSchema = z.object({
  name: z.string(),
  startedAt: z.number(),
  endedAt: z.number().nullable(),
  /** Filled in when the session is closed; counted from the journal for an interrupted one. */
  records: z.number().int().optional(),
  bytes: z.number().int().optional(),
  hosts: z.array(z.string()).default([]),
});
export type Meta = z.infer<typeof MetaSchema>;

/** A session as found on disk; a missing or broken meta.json (killed before it was written) is rebuilt. */
export async function loadSessionDir(
  id: string,
  dir: string,
): Promise<{ meta: Meta; records: number; bytes: number }> {
  const raw = await readFile(join(dir, 'meta.json'), 'utf8').catch(() => null);
  let meta: Meta;
  try {
    meta = MetaSchema.parse(JSON.parse(raw ?? ''));
  } catch {
    meta = { name: `Recovered ${id}`, startedAt: startedAtFromId(id), endedAt: null, hosts: [] };
  }
  const segments = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => SEGMENT_FILE_RE.test(n))
    .sort();
  const files = segments.map((n) => join(dir, n));
  let { records, bytes } = meta;
  if (meta.endedAt === null || records === undefined || bytes === undefined) {
    bytes = 0;
    for (const f of files) bytes += (await stat(f)).size;
    records = await countRecords(files);
  }
  return { meta, records, bytes };
}

/** The id begins with the start time (to the second): enough when meta.json is lost. */
function startedAtFromId(id: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id)!;
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/**
 * Records in complete lines, minus each segment's header: fast, for an interrupted session's
 * count. A line is one record, except version 2's compact probe lines, which say how many they
 * hold right after their kind (`["latency",25,…`: journal/compact.ts) — read there, not parsed.
 */
async function countRecords(files: string[]): Promise<number> {
  let records = 0;
  for (const file of files) {
    let lines = 0;
    let extra = 0;
    // The start of the line the previous chunk ended in (enough of it to read a count).
    let carry = Buffer.alloc(0);
    for await (const chunk of createReadStream(file, {
      highWaterMark: 1024 * 1024,
    }) as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, nl + 1)) {
        const line = carry.length
          ? Buffer.concat([carry, chunk.subarray(0, Math.min(nl, COUNT_PREFIX))])
          : chunk.subarray(start, Math.min(nl, start + COUNT_PREFIX));
        carry = Buffer.alloc(0);
        lines++;
        extra += compactCount(line) - 1;
        start = nl + 1;
      }
      if (start < chunk.length)
        carry = Buffer.concat([carry, chunk.subarray(start, start + COUNT_PREFIX)]).subarray(
          0,
          COUNT_PREFIX,
        );
    }
    records += Math.max(0, lines - 1 + extra);
  }
  return records;
}

const COUNT_PREFIX = 32;
const LATENCY_PREFIX = Buffer.from('["latency",');

/** How many records a line holds, judged from its first bytes: n of a compact probe line, else 1. */
function compactCount(head: Buffer): number {
  if (!head.subarray(0, LATENCY_PREFIX.length).equals(LATENCY_PREFIX)) return 1;
  const m = /^(\d{1,6}),/.exec(head.toString('latin1', LATENCY_PREFIX.length));
  return m ? Math.max(1, Number(m[1])) : 1;
}

/**
 * Writes meta.json atomically (a temporary file renamed over it). `current` is asked just before
 * the rename: false when a newer write (e.g. closeSync at shutdown) has replaced this one
 * meanwhile, which must not be overwritten by this older content.
 */
export async function writeMeta(
  dir: string,
  meta: Meta,
  current: () => boolean = () => true,
): Promise<void> {
  const tmp = join(dir, `meta.json.${process.pid}.tmp`);
  const fh = await open(tmp, 'w', PRIVATE_FILE);
  try {
    await fh.writeFile(`${JSON.stringify(meta, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  if (!current()) {
    await rm(tmp, { force: true });
    return;
  }
  await rename(tmp, join(dir, 'meta.json'));
  // The rename itself must reach the disk, or a crash could bring the old meta.json back.
  const d = await open(dir, 'r');
  await d.sync().finally(() => d.close());
}

export function writeMetaSync(dir: string, meta: Meta): void {
  const tmp = join(dir, `meta.json.${process.pid}.sync.tmp`);
  const fd = openSync(tmp, 'w', PRIVATE_FILE);
  try {
    writeSync(fd, `${JSON.stringify(meta, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, 'meta.json'));
}
