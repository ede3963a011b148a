import { closeSync, createReadStream, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { open, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SEGMENT_FILE_RE } from './journal-writer';

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
export async function loadSessionDir(id: string, dir: string): Promise<{ meta: Meta; records: number; bytes: number }> {
  const raw = await readFile(join(dir, 'meta.json'), 'utf8').catch(() => null);
  let meta: Meta;
  try {
    meta = MetaSchema.parse(JSON.parse(raw ?? ''));
  } catch {
    meta = { name: `Recovered ${id}`, startedAt: startedAtFromId(id), endedAt: null, hosts: [] };
  }
  const segments = (await readdir(dir).catch(() => [] as string[])).filter((n) => SEGMENT_FILE_RE.test(n)).sort();
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

/** Complete lines minus each segment's header: fast (no parsing), for an interrupted session's count. */
async function countRecords(files: string[]): Promise<number> {
  let lines = 0;
  for (const file of files) {
    let inFile = 0;
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) inFile++;
    }
    lines += Math.max(0, inFile - 1);
  }
  return lines;
}

export async function writeMeta(dir: string, meta: Meta): Promise<void> {
  const tmp = join(dir, `meta.json.${process.pid}.tmp`);
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(`${JSON.stringify(meta, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, join(dir, 'meta.json'));
  // The rename itself must reach the disk, or a crash could bring the old meta.json back.
  const d = await open(dir, 'r');
  await d.sync().finally(() => d.close());
}

export function writeMetaSync(dir: string, meta: Meta): void {
  const tmp = join(dir, `meta.json.${process.pid}.sync.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, `${JSON.stringify(meta, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, 'meta.json'));
}
