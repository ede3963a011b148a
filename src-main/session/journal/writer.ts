import { closeSync, constants, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CompactEncoder, LatencyRun, sampleFields } from './compact';
import { PRIVATE_DIR, PRIVATE_FILE } from '../private-files';
import {
  COMPACT_LAYOUT,
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  type JournalHeader,
  type JournalRecord,
} from './record';

/**
 * The append side of a session journal.
 *
 * Why NDJSON segments rather than SQLite or a binary log: it needs no native module (SQLite
 * bindings need an Electron rebuild; the pure-JS ones keep the database in memory and write it
 * whole), a segment is only ever appended to, an operator can `grep`/`jq` it on a dom0 jump host,
 * and a torn write is self-evident: the last line lacks its newline or is not JSON. The payloads
 * are the API's own events, so a journal replays into types the dashboard already knows.
 *
 * Durability: lines are buffered and written with positional `write` + `fdatasync` at the latest
 * `flushIntervalMs` after they arrive (500 ms, so a record is on disk within a second even when
 * the disk is slow), all on libuv's pool so the event loop never waits for the disk. Flushes
 * coalesce: one runs at a time, and whatever arrives meanwhile goes in the next one.
 *
 * Samples and probe results are written in version 2's compact form (journal/compact.ts). The
 * probe results of one round arrive back to back; they gather in an open run that becomes one
 * line when anything else is appended or a flush starts — so nothing waits longer than before.
 *
 * A failed write (a full disk, a vanished directory) never leaves a hole: nothing is written past
 * the first byte that did not land. Recording pauses (`onPause`), what did not land stays
 * buffered and is retried every few seconds, and writing resumes at exactly that byte
 * (`onResume`). While paused, every line spells out its columns (no reference to an earlier line),
 * so past `bufferLimitBytes` the oldest lines can be dropped cleanly; what was dropped — how many
 * records, from when to when, why — is written as a `gap` record where it is missing.
 */
export const SEGMENT_BYTES = 64 * 1024 * 1024;
export const FLUSH_INTERVAL_MS = 500;
/** Flush early when this much is buffered (a burst, or a benchmark), to bound memory. */
const EARLY_FLUSH_BYTES = 4 * 1024 * 1024;
/** A run of probe results is one round of one host; this only bounds a line's length. */
const MAX_RUN = 1000;
/** While paused, what did not land is kept up to this much, then the oldest is dropped. */
export const BUFFER_LIMIT_BYTES = 32 * 1024 * 1024;
/** A paused journal tries again this often. */
export const RETRY_MS = 2000;

export const segmentFileName = (segment: number) =>
  `journal-${String(segment).padStart(6, '0')}.ndjson`;
/** Write-only, create if missing, never truncate, never O_APPEND (writes are positional). */
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT;

export const SEGMENT_FILE_RE = /^journal-(\d{6})\.ndjson$/;

/** Why recording paused, since when. */
export interface JournalPause {
  since: number;
  reason: string;
}

/** What a pause cost, reported when writing resumes. */
export interface JournalResume {
  pausedMs: number;
  droppedRecords: number;
}

export interface JournalWriterOptions {
  /** The session directory; created if missing. */
  dir: string;
  sessionId: string;
  app: string;
  segmentBytes?: number;
  flushIntervalMs?: number;
  bufferLimitBytes?: number;
  retryMs?: number;
  now?: () => number;
  /** A write failed (once per pause and per new reason): recording is paused, nothing is lost yet. */
  onError?: (error: Error) => void;
  onPause?: (pause: JournalPause) => void;
  onResume?: (resume: JournalResume) => void;
}

/** One line, with what it stands for: its records and their time, for a gap if it is dropped. */
interface Line {
  text: string;
  bytes: number;
  records: number;
  /** Time of the (first) record. */
  t: number;
  /** Refers to no earlier line: it may be dropped without breaking the ones after it. */
  standalone: boolean;
  /** The gap record standing for dropped lines (rewritten as more are dropped). */
  gap?: boolean;
}

/** Lines bound for one segment file, starting at byte `pos` of it; `written` of them landed. */
interface Chunk {
  segment: number;
  pos: number;
  lines: Line[];
  bytes: number;
  written: number;
}

interface Dropped {
  records: number;
  from: number;
  to: number;
  reason: string;
}

export class JournalWriter {
  private readonly segmentBytes: number;
  private readonly flushIntervalMs: number;
  private readonly bufferLimitBytes: number;
  private readonly retryMs: number;
  private readonly now: () => number;
  /** Lines not yet written, oldest first; the last chunk is the one being filled. */
  private chunks: Chunk[];
  /** Whether the segment being filled holds a record yet (a segment never holds only its header). */
  private segmentUsed = false;
  /** Probe results of one round not yet made into a line. */
  private run: LatencyRun | null = null;
  private readonly encoder = new CompactEncoder();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private handle: { segment: number; fh: FileHandle } | null = null;
  private closed = false;
  private recordCount = 0;
  private writtenRecords = 0;
  private byteCount = 0;
  private failure: Error | null = null;
  private pause: JournalPause | null = null;
  private dropped: Dropped | null = null;
  /** Chunks an attempt is writing now: their lines stay as they are until it ends. */
  private writing = new Set<Chunk>();

  constructor(private readonly opts: JournalWriterOptions) {
    this.segmentBytes = opts.segmentBytes ?? SEGMENT_BYTES;
    this.flushIntervalMs = opts.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.bufferLimitBytes = opts.bufferLimitBytes ?? BUFFER_LIMIT_BYTES;
    this.retryMs = opts.retryMs ?? RETRY_MS;
    this.now = opts.now ?? Date.now;
    this.chunks = [this.newSegment(1)];
  }

  /** Records appended (kept, whether on disk yet or not; dropped ones excluded). */
  get records(): number {
    return this.recordCount;
  }

  /** Records whose lines are on disk. */
  get recordsOnDisk(): number {
    return this.writtenRecords;
  }

  /** Bytes of the journal so far, headers included, written or still buffered (an open run of probe results aside). */
  get bytes(): number {
    return this.byteCount;
  }

  /** Records dropped in the current pause (0 when not paused). */
  get droppedRecords(): number {
    return this.dropped?.records ?? 0;
  }

  /** Why recording is paused (a write failed), or null while writes land. */
  get paused(): JournalPause | null {
    return this.pause;
  }

  /** Queues one record; returns at once. Records are trusted (typed events); the reader validates. */
  append(record: JournalRecord): void {
    if (this.closed) throw new Error('The journal is closed.');
    this.recordCount++;
    if (record.kind === 'latency') {
      if (!this.run?.accepts(record.data) || this.run.size >= MAX_RUN) {
        this.endRun();
        this.run = new LatencyRun(record.data.hostId, record.data.t);
      }
      this.run.add(record.t, record.data);
    } else {
      this.endRun();
      // A sample a compact line cannot hold exactly is written as a plain object (journal/compact.ts).
      const fields = record.kind === 'sample' ? sampleFields(record.t, record.data) : null;
      if (fields && record.kind === 'sample') {
        this.push(record.t, 1, () =>
          this.encoder.encode('sample', record.data.hostId, record.data.t, fields),
        );
      } else this.push(record.t, 1, () => JSON.stringify(record));
    }
    this.schedule();
  }

  /** The open run of probe results becomes a line. */
  private endRun(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    const fields = run.line();
    const t = run.records[0]?.t ?? run.probeT;
    if (fields)
      this.push(t, run.records.length, () =>
        this.encoder.encode('latency', run.hostId, run.probeT, fields),
      );
    else
      for (const r of run.records)
        this.push(r.t, 1, () => JSON.stringify({ kind: 'latency', ...r }));
  }

  /**
   * Adds a line. `encode` may run twice: a line that starts a new segment is encoded again after
   * the rotation, as a segment's compact lines may only refer to lines in the same segment. While
   * paused the encoder forgets before each line, so the line refers to none before it.
   */
  private push(t: number, records: number, encode: () => string): void {
    const standalone = this.pause !== null;
    if (standalone) this.encoder.reset();
    let text = `${encode()}\n`;
    let bytes = Buffer.byteLength(text);
    let tail = this.chunks[this.chunks.length - 1]!;
    if (this.segmentUsed && tail.pos + tail.bytes + bytes > this.segmentBytes) {
      tail = this.newSegment(tail.segment + 1);
      this.chunks.push(tail);
      text = `${encode()}\n`;
      bytes = Buffer.byteLength(text);
    }
    this.segmentUsed = true;
    tail.lines.push({ text, bytes, records, t, standalone });
    tail.bytes += bytes;
    this.byteCount += bytes;
    if (this.pause && this.buffered() > this.bufferLimitBytes) this.dropOldest();
  }

  /** Writes and syncs everything appended so far (coalesced with a flush already running). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing.catch(() => {});
    this.endRun();
    if (this.buffered() === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
      // What arrived meanwhile, an open run of probe results included, gets the next flush.
      if (!this.closed && (this.buffered() > 0 || this.run)) this.schedule();
    });
    return this.flushing;
  }

  /** Flushes, syncs and closes. Appends after this throw; a write that still fails is thrown. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush().catch(() => {});
    await this.releaseHandle().catch(() => {});
    if (this.pause && this.failure) throw this.failure;
  }

  /**
   * For shutdown paths that cannot wait (Electron's before-quit, a signal): writes whatever is
   * buffered or in flight through fresh descriptors and syncs it, blocking for a few ms. Chunks
   * carry their file offsets, so rewriting one an async write already landed is harmless, and no
   * open ever truncates; the async descriptor is left to the flush in flight, which closes it.
   * Never throws: what cannot be written (a full disk) is reported through `onError`.
   */
  closeSync(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.endRun();
    const pending = this.chunks.filter((c) => c.bytes > c.written);
    try {
      for (const segment of new Set(pending.map((c) => c.segment))) {
        const fd = openSync(
          join(this.opts.dir, segmentFileName(segment)),
          OPEN_FLAGS,
          PRIVATE_FILE,
        );
        try {
          for (const c of pending.filter((x) => x.segment === segment)) {
            // Never past a byte that did not land: a short write stops the rest.
            const data = Buffer.from(c.lines.map((l) => l.text).join(''));
            while (c.written < data.length) {
              c.written += writeSync(
                fd,
                data,
                c.written,
                data.length - c.written,
                c.pos + c.written,
              );
            }
          }
          fdatasyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    } catch (error) {
      this.failure = error as Error;
      this.opts.onError?.(
        new Error(`the journal could not be written at shutdown: ${(error as Error).message}`),
      );
    }
  }

  private buffered(): number {
    let n = 0;
    for (const c of this.chunks) n += c.bytes - c.written;
    return n;
  }

  private newSegment(segment: number): Chunk {
    const header: JournalHeader = {
      kind: 'header',
      format: JOURNAL_FORMAT,
      version: JOURNAL_VERSION,
      sessionId: this.opts.sessionId,
      segment,
      createdAt: this.now(),
      app: this.opts.app,
      compact: COMPACT_LAYOUT as unknown as Record<string, string[]>,
    };
    const text = `${JSON.stringify(header)}\n`;
    const bytes = Buffer.byteLength(text);
    this.byteCount += bytes;
    this.segmentUsed = false;
    this.encoder.reset();
    return {
      segment,
      pos: 0,
      lines: [{ text, bytes, records: 0, t: header.createdAt, standalone: true }],
      bytes,
      written: 0,
    };
  }

  private schedule(): void {
    if (this.flushing) return; // the flush's end re-arms the timer for what arrived meanwhile
    if (this.pause) {
      this.timer ??= setTimeout(() => void this.flush().catch(() => {}), this.retryMs);
    } else if (this.buffered() >= EARLY_FLUSH_BYTES) {
      void this.flush().catch(() => {});
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => {}), this.flushIntervalMs);
    }
  }

  /**
   * One flush: writes every chunk buffered so far at its offset, in order, then syncs. A chunk
   * leaves the buffer only once its bytes landed; at the first failure the rest stays, and the
   * chunks appended meanwhile follow it, so the next attempt starts where this one stopped.
   */
  private async drain(): Promise<void> {
    const taken = this.chunks.filter((c) => c.bytes > c.written);
    const tail = this.chunks[this.chunks.length - 1]!;
    // New lines go to a fresh chunk where the file continues after what was taken.
    this.chunks = [
      ...taken,
      { segment: tail.segment, pos: tail.pos + tail.bytes, lines: [], bytes: 0, written: 0 },
    ];
    this.writing = new Set(taken);
    try {
      for (const chunk of taken) await this.writeChunk(chunk);
      await this.handle?.fh.datasync();
      this.chunks = this.chunks.filter((c) => !taken.includes(c));
      for (const c of taken) this.writtenRecords += c.lines.reduce((n, l) => n + l.records, 0);
      this.resumed();
    } catch (error) {
      this.failed(error as Error);
      throw error;
    } finally {
      this.writing.clear();
      if (this.closed || this.pause) await this.releaseHandle().catch(() => {});
    }
  }

  private async writeChunk(chunk: Chunk): Promise<void> {
    if (this.handle?.segment !== chunk.segment) {
      // The previous segment is complete: sync it before the next one begins.
      await this.handle?.fh.datasync();
      await this.releaseHandle();
      await mkdir(this.opts.dir, { recursive: true, mode: PRIVATE_DIR });
      const fh = await open(
        join(this.opts.dir, segmentFileName(chunk.segment)),
        OPEN_FLAGS,
        PRIVATE_FILE,
      );
      this.handle = { segment: chunk.segment, fh };
      if (chunk.pos === 0 && chunk.written === 0) await this.syncDir();
    }
    const data = Buffer.from(chunk.lines.map((l) => l.text).join(''));
    while (chunk.written < data.length) {
      const { bytesWritten } = await this.handle.fh.write(
        data,
        chunk.written,
        data.length - chunk.written,
        chunk.pos + chunk.written,
      );
      chunk.written += bytesWritten;
    }
  }

  /** A failed attempt: the first pauses (and is reported); retries that fail the same way are quiet. */
  private failed(error: Error): void {
    this.failure = error;
    if (!this.pause) {
      this.pause = { since: this.now(), reason: error.message };
      this.opts.onError?.(error);
      this.opts.onPause?.(this.pause);
    } else if (this.pause.reason !== error.message) {
      this.pause = { ...this.pause, reason: error.message };
      this.opts.onError?.(error);
    }
  }

  private resumed(): void {
    const pause = this.pause;
    if (!pause) return;
    this.pause = null;
    this.failure = null;
    const droppedRecords = this.dropped?.records ?? 0;
    this.dropped = null;
    // Lines after this may refer to earlier ones again; none of them was dropped.
    this.encoder.reset();
    // A pause that lost nothing is still part of the session's story.
    if (droppedRecords === 0 && !this.closed) {
      this.append({
        kind: 'gap',
        t: this.now(),
        data: { from: pause.since, to: this.now(), records: 0, reason: pause.reason },
      });
    }
    this.opts.onResume?.({ pausedMs: this.now() - pause.since, droppedRecords });
  }

  /**
   * Past the buffer limit while paused: drops the oldest lines not yet begun, and keeps what was
   * dropped as one `gap` record in their place. Lines written before the pause may refer to
   * earlier ones, so they go first, all of them; the rest stand alone and go oldest first.
   */
  private dropOldest(): void {
    const reason = this.pause?.reason ?? 'the journal could not be written';
    let gapAt: { chunk: Chunk; index: number } | null = null;
    const drop = (c: Chunk, i: number): void => {
      const l = c.lines[i]!;
      this.dropped ??= { records: 0, from: l.t, to: l.t, reason };
      this.dropped.records += l.records;
      this.dropped.from = Math.min(this.dropped.from, l.t);
      this.dropped.to = Math.max(this.dropped.to, l.t);
      this.recordCount -= l.records;
      this.byteCount -= l.bytes;
      c.bytes -= l.bytes;
      c.lines.splice(i, 1);
    };
    const droppable = (c: Chunk, i: number): boolean => {
      const l = c.lines[i]!;
      if (this.writing.has(c)) return false;
      if (l.gap || (l.records === 0 && i === 0 && c.pos === 0)) return false; // the gap itself, a header
      let start = 0;
      for (let k = 0; k < i; k++) start += c.lines[k]!.bytes;
      return start >= c.written; // not begun: nothing of it is on disk
    };
    // Lines from before the pause may be referred to by the ones after them: all of them go.
    for (const c of this.chunks) {
      for (let i = 0; i < c.lines.length;) {
        if (!c.lines[i]!.standalone && droppable(c, i)) {
          gapAt ??= { chunk: c, index: i };
          drop(c, i);
        } else i++;
      }
    }
    // Then the oldest standalone lines, down to half the limit (not a drop per line appended).
    for (const c of this.chunks) {
      for (let i = 0; i < c.lines.length && this.buffered() > this.bufferLimitBytes / 2;) {
        if (droppable(c, i)) {
          gapAt ??= { chunk: c, index: i };
          drop(c, i);
        } else i++;
      }
    }
    if (!this.dropped || !gapAt) return;
    this.placeGap(gapAt.chunk, gapAt.index);
    this.relocate();
  }

  /** The gap record where the dropped lines were (one per pause, rewritten as more are dropped). */
  private placeGap(chunk: Chunk, index: number): void {
    const d = this.dropped!;
    const record: JournalRecord = {
      kind: 'gap',
      t: this.now(),
      data: { from: d.from, to: d.to, records: d.records, reason: d.reason },
    };
    const text = `${JSON.stringify(record)}\n`;
    const line: Line = {
      text,
      bytes: Buffer.byteLength(text),
      records: 0,
      t: d.from,
      standalone: true,
      gap: true,
    };
    for (const c of this.chunks) {
      const i = c.lines.findIndex((l) => l.gap);
      if (i >= 0) {
        c.bytes -= c.lines[i]!.bytes;
        this.byteCount -= c.lines[i]!.bytes;
        c.lines.splice(i, 1);
        if (c === chunk && i < index) index--;
      }
    }
    chunk.lines.splice(index, 0, line);
    chunk.bytes += line.bytes;
    this.byteCount += line.bytes;
  }

  /** After lines left or came, each chunk of a segment starts where the one before it ends. */
  private relocate(): void {
    for (let i = 1; i < this.chunks.length; i++) {
      const prev = this.chunks[i - 1]!;
      const c = this.chunks[i]!;
      if (c.segment === prev.segment) c.pos = prev.pos + prev.bytes;
    }
  }

  private async releaseHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.fh.close();
  }

  /** A new segment's directory entry must survive a crash too, not only its bytes. */
  private async syncDir(): Promise<void> {
    const dir = await open(this.opts.dir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
