import { closeSync, constants, fdatasyncSync, openSync, writeSync } from 'node:fs';
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { CompactEncoder, LatencyRun, sampleFields } from './compact';
import { COMPACT_LAYOUT, JOURNAL_FORMAT, JOURNAL_VERSION, type JournalHeader, type JournalRecord } from './record';

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
 */
export const SEGMENT_BYTES = 64 * 1024 * 1024;
export const FLUSH_INTERVAL_MS = 500;
/** Flush early when this much is buffered (a burst, or a benchmark), to bound memory. */
const EARLY_FLUSH_BYTES = 4 * 1024 * 1024;
/** A run of probe results is one round of one host; this only bounds a line's length. */
const MAX_RUN = 1000;

export const segmentFileName = (segment: number) => `journal-${String(segment).padStart(6, '0')}.ndjson`;
/** Write-only, create if missing, never truncate, never O_APPEND (writes are positional). */
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT;

export const SEGMENT_FILE_RE = /^journal-(\d{6})\.ndjson$/;

export interface JournalWriterOptions {
  /** The session directory; created if missing. */
  dir: string;
  sessionId: string;
  app: string;
  segmentBytes?: number;
  flushIntervalMs?: number;
  now?: () => number;
  /** A flush failed (disk full, directory deleted): recording cannot continue silently. */
  onError?: (error: Error) => void;
}

/** Lines bound for one segment file, starting at byte `pos` of it. */
interface Chunk {
  segment: number;
  pos: number;
  parts: string[];
  bytes: number;
}

export class JournalWriter {
  private readonly segmentBytes: number;
  private readonly flushIntervalMs: number;
  private readonly now: () => number;
  /** Lines not yet handed to a flush; the last chunk is the one being filled. */
  private chunks: Chunk[];
  /** Chunks a flush is writing: kept until confirmed so `closeSync` can rewrite them (idempotent). */
  private inflight: Chunk[] = [];
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
  private byteCount = 0;
  private failure: Error | null = null;

  constructor(private readonly opts: JournalWriterOptions) {
    this.segmentBytes = opts.segmentBytes ?? SEGMENT_BYTES;
    this.flushIntervalMs = opts.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.now = opts.now ?? Date.now;
    this.chunks = [this.newSegment(1)];
  }

  get records(): number {
    return this.recordCount;
  }

  /** Bytes of the journal so far, headers included, written or still buffered (an open run of probe results aside). */
  get bytes(): number {
    return this.byteCount;
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
      if (fields && record.kind === 'sample') this.push(() => this.encoder.encode('sample', record.data.hostId, record.data.t, fields));
      else this.push(() => JSON.stringify(record));
    }
    this.schedule();
  }

  /** The open run of probe results becomes a line. */
  private endRun(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    const fields = run.line();
    if (fields) this.push(() => this.encoder.encode('latency', run.hostId, run.probeT, fields));
    else for (const r of run.records) this.push(() => JSON.stringify({ kind: 'latency', ...r }));
  }

  /**
   * Adds a line. `encode` may run twice: a line that starts a new segment is encoded again after
   * the rotation, as a segment's compact lines may only refer to lines in the same segment.
   */
  private push(encode: () => string): void {
    let line = `${encode()}\n`;
    let size = Buffer.byteLength(line);
    let tail = this.chunks[this.chunks.length - 1]!;
    if (this.segmentUsed && tail.pos + tail.bytes + size > this.segmentBytes) {
      tail = this.newSegment(tail.segment + 1);
      this.chunks.push(tail);
      line = `${encode()}\n`;
      size = Buffer.byteLength(line);
    }
    this.segmentUsed = true;
    tail.parts.push(line);
    tail.bytes += size;
    this.byteCount += size;
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

  /** Flushes, syncs and closes. Appends after this throw. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    await this.releaseHandle();
    if (this.failure) throw this.failure;
  }

  /**
   * For shutdown paths that cannot wait (Electron's before-quit, a signal): writes whatever is
   * buffered or in flight through fresh descriptors and syncs it, blocking for a few ms. Chunks
   * carry their file offsets, so rewriting one an async write already landed is harmless, and no
   * open ever truncates; the async descriptor is left to the flush in flight, which closes it.
   */
  closeSync(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.endRun();
    const pending = [...this.inflight, ...this.chunks].filter((c) => c.bytes > 0);
    this.chunks = [];
    for (const segment of new Set(pending.map((c) => c.segment))) {
      const fd = openSync(join(this.opts.dir, segmentFileName(segment)), OPEN_FLAGS);
      try {
        for (const c of pending.filter((x) => x.segment === segment)) {
          writeSync(fd, Buffer.from(c.parts.join('')), 0, undefined, c.pos);
        }
        fdatasyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
  }

  private buffered(): number {
    return this.chunks.reduce((n, c) => n + c.bytes, 0);
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
    const line = `${JSON.stringify(header)}\n`;
    const bytes = Buffer.byteLength(line);
    this.byteCount += bytes;
    this.segmentUsed = false;
    this.encoder.reset();
    return { segment, pos: 0, parts: [line], bytes };
  }

  private schedule(): void {
    if (this.flushing) return; // the flush's end re-arms the timer for what arrived meanwhile
    if (this.buffered() >= EARLY_FLUSH_BYTES) {
      void this.flush().catch(() => {});
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => {}), this.flushIntervalMs);
    }
  }

  /** One flush: takes every chunk buffered so far, writes each at its offset, syncs. */
  private async drain(): Promise<void> {
    const tail = this.chunks[this.chunks.length - 1]!;
    const taken = this.chunks.filter((c) => c.bytes > 0);
    // The file continues after what was taken; new lines go to a fresh chunk at that offset.
    this.chunks = [{ segment: tail.segment, pos: tail.pos + tail.bytes, parts: [], bytes: 0 }];
    this.inflight = taken;
    try {
      for (const chunk of taken) await this.writeChunk(chunk);
      await this.handle?.fh.datasync();
      this.inflight = [];
    } catch (error) {
      this.failure = error as Error;
      this.opts.onError?.(this.failure);
      throw error;
    } finally {
      if (this.closed) await this.releaseHandle();
    }
  }

  private async writeChunk(chunk: Chunk): Promise<void> {
    if (this.handle?.segment !== chunk.segment) {
      // The previous segment is complete: sync it before the next one begins.
      await this.handle?.fh.datasync();
      await this.releaseHandle();
      await mkdir(this.opts.dir, { recursive: true });
      const fh = await open(join(this.opts.dir, segmentFileName(chunk.segment)), OPEN_FLAGS);
      this.handle = { segment: chunk.segment, fh };
      if (chunk.pos === 0) await this.syncDir();
    }
    const data = Buffer.from(chunk.parts.join(''));
    let done = 0;
    while (done < data.length) {
      const { bytesWritten } = await this.handle.fh.write(data, done, data.length - done, chunk.pos + done);
      done += bytesWritten;
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
