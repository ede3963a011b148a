import { closeSync, constants, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_DIR, PRIVATE_FILE } from '../private-files';
import type { Chunk } from './pending-lines';

/**
 * A journal's segment files: their names, and writing a chunk of lines at its offset. Writes are
 * positional, so writing a chunk again (the shutdown path after an async write landed) is
 * harmless, and no open ever truncates.
 */
export const segmentFileName = (segment: number) =>
  `journal-${String(segment).padStart(6, '0')}.ndjson`;

export const SEGMENT_FILE_RE = /^journal-(\d{6})\.ndjson$/;

/** Write-only, create if missing, never truncate, never O_APPEND (writes are positional). */
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT;

const chunkData = (chunk: Chunk): Buffer => Buffer.from(chunk.lines.map((l) => l.text).join(''));

/** Opens a segment for writing (its directory created if missing, private). */
export async function openSegment(dir: string, segment: number): Promise<FileHandle> {
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  return open(join(dir, segmentFileName(segment)), OPEN_FLAGS, PRIVATE_FILE);
}

/** Writes what of the chunk has not landed yet; `written` counts each byte that did. */
export async function writeChunk(fh: FileHandle, chunk: Chunk): Promise<void> {
  const data = chunkData(chunk);
  while (chunk.written < data.length) {
    const { bytesWritten } = await fh.write(
      data,
      chunk.written,
      data.length - chunk.written,
      chunk.pos + chunk.written,
    );
    chunk.written += bytesWritten;
  }
}

/**
 * The blocking form, for shutdown: writes the chunks through fresh descriptors, segment by
 * segment, and syncs each. A short write stops the rest (never past a byte that did not land);
 * an error is thrown.
 */
export function writeChunksSync(dir: string, chunks: Chunk[]): void {
  for (const segment of new Set(chunks.map((c) => c.segment))) {
    const fd = openSync(join(dir, segmentFileName(segment)), OPEN_FLAGS, PRIVATE_FILE);
    try {
      for (const c of chunks.filter((x) => x.segment === segment)) {
        const data = chunkData(c);
        while (c.written < data.length) {
          c.written += writeSync(fd, data, c.written, data.length - c.written, c.pos + c.written);
        }
      }
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** A new segment's directory entry must survive a crash too, not only its bytes. */
export async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
