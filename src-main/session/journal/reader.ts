import type { JournalDamage } from '../../common/session';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { CompactDecoder } from './compact-decode';
import { recordsIn, type JournalItem } from './columns';
import { decodeItem, decodeLine } from './decode';
import { startHasher, type SegmentHasher } from './hash';
import {
  COMPACT_LAYOUTS,
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  JournalHeaderSchema,
  type JournalHeader,
  type JournalRecord,
} from './record';
import { SEGMENT_FILE_RE, segmentFileName } from './writer';

/**
 * The read side of a session journal: streams every segment in order, chunk by
 * chunk, so a 24-hour journal never sits in memory whole. Reads versions 1 to 3 (journal/record.ts). What a crash can leave behind is
 * expected, not fatal: a last line without its newline, or not JSON, at the very end of the last
 * segment (the write the kill interrupted) is dropped with a note. A bad line anywhere else is
 * counted and reported with where it was, and reading goes on. Only a journal this version cannot
 * understand (unknown format, newer version) is refused, with a typed error.
 */
export type JournalErrorCode =
  'no-journal' | 'bad-header' | 'unknown-format' | 'unsupported-version';

export class JournalFormatError extends Error {
  constructor(
    readonly code: JournalErrorCode,
    message: string,
    readonly file: string | null = null,
  ) {
    super(message);
    this.name = 'JournalFormatError';
  }
}

export interface BadLine {
  segment: number;
  /** 1-based line number within the segment. */
  line: number;
  reason: string;
}

/** What one full pass found: for the report's data-integrity section. */
export interface JournalSummary {
  records: number;
  segments: number;
  bytes: number;
  /** SHA-256 (hex) of every segment's bytes in order, torn tail included: the file as it is on disk. */
  sha256: string;
  badLines: number;
  /** The first bad lines, with where and why (at most 100). */
  badLineSamples: BadLine[];
  /** Bytes dropped at the very end (a torn last write); 0 when the journal ended cleanly. */
  tornBytes: number;
  notes: string[];
}

const MAX_BAD_SAMPLES = 100;

/** The damage a full pass found, as sessions and reports show it. */
export function damageOf(summary: JournalSummary): JournalDamage {
  return {
    badLines: summary.badLines,
    samples: summary.badLineSamples.slice(0, 20),
    tornBytes: summary.tornBytes,
    notes: [...summary.notes],
  };
}
const READ_CHUNK = 1024 * 1024;
/**
 * Records per batch. Small on purpose: a batch's records die young, in the next scavenge. A whole
 * 1 MB chunk's worth (~14,000 records) alive at once got promoted, and the HTML export of a
 * 24-hour, 100-VM journal took 9.4 s instead of 4.9 s (bench/export.bench.ts).
 */
const BATCH = 256;

/** A parsed line into what it holds (appended to `out`), or why it holds nothing (journal/decode.ts). */
type LineDecoder<T> = (
  json: unknown,
  version: number,
  out: T[],
  compact: CompactDecoder,
) => string | null;

export class JournalReader {
  private constructor(
    readonly dir: string,
    readonly headers: JournalHeader[],
    private readonly files: string[],
    /** Bytes of each segment that there were when the journal was opened: what a pass reads. */
    private readonly sizes: number[],
    private readonly openNotes: string[],
  ) {}

  /** Lists the segments and checks every header; a torn, header-less last segment is tolerated. */
  static async open(dir: string): Promise<JournalReader> {
    const names = (await readdir(dir).catch(() => [] as string[]))
      .filter((n) => SEGMENT_FILE_RE.test(n))
      .sort();
    if (names.length === 0)
      throw new JournalFormatError('no-journal', `No journal segments in ${dir}.`);
    const candidates = names.map((n) => join(dir, n));
    const headers: JournalHeader[] = [];
    const files: string[] = [];
    const sizes: number[] = [];
    const notes: string[] = [];
    for (const [i, file] of candidates.entries()) {
      // The size first: whatever is appended after this point is not part of the pass.
      const size = (await stat(file)).size;
      const first = await readFirstLine(file, size);
      const last = i === candidates.length - 1;
      if (first === null && last) {
        // Killed while the segment's first write was under way: it holds no record yet.
        notes.push(`Ignored ${basename(file)}: killed before its header was complete.`);
        break;
      }
      headers.push(checkHeader(first, file));
      files.push(file);
      sizes.push(size);
    }
    return new JournalReader(dir, headers, files, sizes, notes);
  }

  get segmentFiles(): readonly string[] {
    return this.files;
  }

  /**
   * Every valid record in order, in batches (BATCH): an async generator's round trip per record
   * cost ~0.7 µs, seconds over a 24-hour journal. `summary` (if given) is filled in as the pass
   * goes and is complete when the iteration ends, its SHA-256 taken on a worker thread meanwhile
   * (journal/hash.ts); without one (reopening a session) nothing is hashed.
   */
  batches(summary?: JournalSummary): AsyncGenerator<JournalRecord[]> {
    return this.pass(summary, decodeLine, (out) => out.length);
  }

  /**
   * The same pass, but compact lines come as their columns (journal/columns.ts) rather than as
   * records: what the reports read, with no object made per domain or probe result. The same
   * lines are valid or bad, and the same bytes hashed, as in `batches`.
   */
  items(summary?: JournalSummary): AsyncGenerator<JournalItem[]> {
    return this.pass(summary, decodeItem, countRecords);
  }

  /** A full pass, lines decoded by `decode`; with a summary, the journal is hashed on the way. */
  private async *pass<T>(
    summary: JournalSummary | undefined,
    decode: LineDecoder<T>,
    count: (batch: T[]) => number,
  ): AsyncGenerator<T[]> {
    const hasher = summary ? startHasher() : null;
    try {
      yield* this.read(summary ?? emptySummary(), hasher, decode, count);
      if (summary && hasher) summary.sha256 = await hasher.digest();
    } finally {
      hasher?.close();
    }
  }

  private async *read<T>(
    summary: JournalSummary,
    hasher: SegmentHasher | null,
    decode: LineDecoder<T>,
    count: (batch: T[]) => number,
  ): AsyncGenerator<T[]> {
    summary.segments = this.files.length;
    summary.notes.push(...this.openNotes);
    const bad = (where: BadLine) => {
      summary.badLines++;
      if (summary.badLineSamples.length < MAX_BAD_SAMPLES) summary.badLineSamples.push(where);
    };
    for (const [i, file] of this.files.entries()) {
      const { segment, version } = this.headers[i]!;
      const compact = new CompactDecoder(version);
      const lastSegment = i === this.files.length - 1;
      let lineNo = 0;
      let rest: Buffer = Buffer.alloc(0);
      // A line that is not JSON is held back: if nothing follows it in the last segment, it was torn.
      let suspect: { line: number; bytes: number } | null = null;
      let segmentBytes = 0;
      const size = this.sizes[i]!;
      const stream =
        size === 0
          ? []
          : (createReadStream(file, {
              highWaterMark: READ_CHUNK,
              end: size - 1,
            }) as AsyncIterable<Buffer>);
      for await (const chunk of stream) {
        segmentBytes += chunk.length;
        summary.bytes += chunk.length;
        const end = chunk.lastIndexOf(10);
        if (end < 0) {
          rest = Buffer.concat([rest, chunk]);
          continue;
        }
        // Whole lines only: a newline byte never sits inside a multi-byte character, so the text
        // decodes cleanly and is split as one string (cheaper than a Buffer slice per line).
        const block = rest.length
          ? Buffer.concat([rest, chunk.subarray(0, end + 1)])
          : chunk.subarray(0, end + 1);
        rest = Buffer.from(chunk.subarray(end + 1));
        // Nearly always ASCII: then latin1 decodes the same text at a few times utf8's speed.
        const text = block.toString(isAscii(block) ? 'latin1' : 'utf8');
        let out: T[] = [];
        let inBlock = 0;
        for (let pos = 0; pos < text.length; inBlock++) {
          const nl = text.indexOf('\n', pos);
          const line = text.slice(pos, nl);
          pos = nl + 1;
          lineNo++;
          if (lineNo === 1) continue; // the header, checked by open()
          if (suspect) bad({ segment, line: suspect.line, reason: 'not JSON' });
          suspect = null;
          const first = line.charCodeAt(0);
          if (first !== 123 && first !== 91 && line.trim() === '') continue;
          let json: unknown;
          try {
            json = JSON.parse(line);
          } catch {
            suspect = { line: lineNo, bytes: lineBytes(block, inBlock) };
            continue;
          }
          const why = decode(json, version, out, compact);
          if (why !== null) bad({ segment, line: lineNo, reason: why });
          if (out.length >= BATCH) {
            summary.records += count(out);
            yield out;
            out = [];
          }
        }
        summary.records += count(out);
        if (out.length > 0) yield out;
      }
      hasher?.add(file, segmentBytes);
      const tail = rest.length + (suspect?.bytes ?? 0);
      if (lastSegment && tail > 0 && lineNo > 0) {
        summary.tornBytes = tail;
        summary.notes.push(
          `Dropped a torn last record (${tail} bytes at the end of ${segmentFileName(segment)}): the write the app was killed in.`,
        );
      } else if (tail > 0) {
        bad({
          segment,
          line: (suspect?.line ?? lineNo) + (rest.length ? 1 : 0),
          reason: 'torn line',
        });
      }
    }
  }

  /** Every valid record in order, one at a time (see `batches` for the fast way). */
  async *records(summary?: JournalSummary): AsyncGenerator<JournalRecord> {
    for await (const batch of this.batches(summary)) yield* batch;
  }

  /** One full pass: the records counted, bad lines and torn tail found, SHA-256 computed. */
  async summarize(): Promise<JournalSummary> {
    const summary = emptySummary();
    for await (const _ of this.batches(summary));
    return summary;
  }

  /** SHA-256 of the journal bytes (all segments in order), without parsing them. */
  async sha256(): Promise<string> {
    const hash = createHash('sha256');
    for (const [i, file] of this.files.entries()) {
      if (this.sizes[i] === 0) continue;
      for await (const chunk of createReadStream(file, {
        highWaterMark: READ_CHUNK,
        end: this.sizes[i]! - 1,
      }))
        hash.update(chunk as Buffer);
    }
    return hash.digest('hex');
  }
}

export function emptySummary(): JournalSummary {
  return {
    records: 0,
    segments: 0,
    bytes: 0,
    sha256: '',
    badLines: 0,
    badLineSamples: [],
    tornBytes: 0,
    notes: [],
  };
}

/** The first line of a file's first `size` bytes (without its newline), or null when they hold no complete line. */
async function readFirstLine(file: string, size: number): Promise<string | null> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(Math.min(size, 64 * 1024));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    return nl < 0 ? null : buf.toString('utf8', 0, nl);
  } finally {
    await fh.close();
  }
}

function checkHeader(line: string | null, file: string): JournalHeader {
  let json: unknown;
  try {
    json = line === null ? null : JSON.parse(line);
  } catch {
    json = null;
  }
  const obj = (json ?? {}) as Record<string, unknown>;
  if (obj.kind !== 'header')
    throw new JournalFormatError(
      'bad-header',
      `${file} does not start with a journal header.`,
      file,
    );
  if (obj.format !== JOURNAL_FORMAT) {
    throw new JournalFormatError(
      'unknown-format',
      `${file} is "${String(obj.format)}", not a ${JOURNAL_FORMAT}.`,
      file,
    );
  }
  if (typeof obj.version !== 'number' || obj.version < 1 || obj.version > JOURNAL_VERSION) {
    throw new JournalFormatError(
      'unsupported-version',
      `${file} is journal version ${String(obj.version)}; this app reads up to version ${JOURNAL_VERSION}. Update the app to open it.`,
      file,
    );
  }
  const parsed = JournalHeaderSchema.safeParse(json);
  if (!parsed.success)
    throw new JournalFormatError('bad-header', `${file}: ${parsed.error.issues[0]?.message}`, file);
  if (parsed.data.version >= 2 && !sameLayout(parsed.data.version, parsed.data.compact)) {
    throw new JournalFormatError(
      'bad-header',
      `${file} declares a compact line layout this app does not know.`,
      file,
    );
  }
  return parsed.data;
}

/** Compact lines are read by position: the header must declare the layout this reader knows for its version. */
function sameLayout(version: number, compact: Record<string, string[]> | undefined): boolean {
  const known = COMPACT_LAYOUTS[version as keyof typeof COMPACT_LAYOUTS];
  if (!compact || !known) return false;
  return Object.entries(known).every(
    ([kind, fields]) => JSON.stringify(compact[kind]) === JSON.stringify(fields),
  );
}

/** Bytes of the k-th line (newline included) of a block of whole lines: for a torn tail, counted as on disk. */
function lineBytes(block: Buffer, k: number): number {
  let start = 0;
  for (let j = 0; j < k; j++) start = block.indexOf(10, start) + 1;
  return block.indexOf(10, start) - start + 1;
}

/** Records in a batch of items: a compact probe line stands for all of its results. */
function countRecords(items: JournalItem[]): number {
  let n = 0;
  for (const x of items) n += recordsIn(x);
  return n;
}
