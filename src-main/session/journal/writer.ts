import type { FileHandle } from 'node:fs/promises';
import { CompactEncoder, LatencyRun, sampleFields } from './compact';
import { PendingLines, type Chunk } from './pending-lines';
import {
  COMPACT_LAYOUT,
  JOURNAL_FORMAT,
  JOURNAL_VERSION,
  type JournalHeader,
  type JournalRecord,
} from './record';
import { openSegment, syncDir, writeChunk, writeChunksSync } from './segment-files';

export { SEGMENT_FILE_RE, segmentFileName } from './segment-files';

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
 * records, from when to when, why — is written as a `gap` record where it is missing
 * (journal/pending-lines.ts).
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

export class JournalWriter {
  private readonly segmentBytes: number;
  private readonly flushIntervalMs: number;
  private readonly bufferLimitBytes: number;
  private readonly retryMs: number;
  private readonly now: () => number;
  /** Lines not yet written. */
  private readonly pending: PendingLines;
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

  constructor(private readonly opts: JournalWriterOptions) {
    this.segmentBytes = opts.segmentBytes ?? SEGMENT_BYTES;
    this.flushIntervalMs = opts.flushIntervalMs ?? FLUSH_INTERVAL_MS;
    this.bufferLimitBytes = opts.bufferLimitBytes ?? BUFFER_LIMIT_BYTES;
    this.retryMs = opts.retryMs ?? RETRY_MS;
    this.now = opts.now ?? Date.now;
    this.pending = new PendingLines(this.newSegment(1));
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
    return this.pending.dropped?.records ?? 0;
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
    const tail = this.pending.tail;
    if (this.segmentUsed && tail.pos + tail.bytes + bytes > this.segmentBytes) {
      this.pending.startSegment(this.newSegment(tail.segment + 1));
      text = `${encode()}\n`;
      bytes = Buffer.byteLength(text);
    }
    this.segmentUsed = true;
    this.pending.addLine({ text, bytes, records, t, standalone });
    this.byteCount += bytes;
    if (this.pause && this.pending.buffered() > this.bufferLimitBytes) {
      const change = this.pending.dropOldest(this.bufferLimitBytes, this.pause.reason, this.now());
      this.recordCount -= change.records;
      this.byteCount += change.bytes;
    }
  }

  /** Writes and syncs everything appended so far (coalesced with a flush already running). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.flushing) await this.flushing.catch(() => {});
    this.endRun();
    if (this.pending.buffered() === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = null;
      // What arrived meanwhile, an open run of probe results included, gets the next flush.
      if (!this.closed && (this.pending.buffered() > 0 || this.run)) this.schedule();
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
    try {
      writeChunksSync(this.opts.dir, this.pending.unwritten());
    } catch (error) {
      this.failure = error as Error;
      this.opts.onError?.(
        new Error(`the journal could not be written at shutdown: ${(error as Error).message}`),
      );
    }
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
    } else if (this.pending.buffered() >= EARLY_FLUSH_BYTES) {
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
    const taken = this.pending.take();
    try {
      for (const chunk of taken) {
        if (this.handle?.segment !== chunk.segment) await this.openSegment(chunk);
        await writeChunk(this.handle!.fh, chunk);
      }
      await this.handle?.fh.datasync();
      this.writtenRecords += this.pending.landed(taken);
      this.resumed();
    } catch (error) {
      this.failed(error as Error);
      throw error;
    } finally {
      this.pending.settle();
      if (this.closed || this.pause) await this.releaseHandle().catch(() => {});
    }
  }

  /** The previous segment is complete: it is synced before the chunk's segment is opened. */
  private async openSegment(chunk: Chunk): Promise<void> {
    await this.handle?.fh.datasync();
    await this.releaseHandle();
    const fh = await openSegment(this.opts.dir, chunk.segment);
    this.handle = { segment: chunk.segment, fh };
    if (chunk.pos === 0 && chunk.written === 0) await syncDir(this.opts.dir);
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
    const droppedRecords = this.pending.endDrop();
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

  private async releaseHandle(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await h?.fh.close();
  }
}
