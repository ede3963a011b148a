import type { JournalRecord } from './record';

/**
 * The lines of a journal not yet on disk, in chunks bound for one segment file each, and what a
 * long pause drops from them.
 *
 * A chunk leaves only once all its bytes landed; a write that stopped part-way keeps its place,
 * and the lines appended meanwhile follow it, so the next attempt starts at exactly the byte
 * that did not land. Past the buffer limit (only while paused) the oldest lines not yet begun
 * are dropped, and one `gap` record stands where they were, saying how many, from when to when
 * and why.
 */

/** One line, with what it stands for: its records and their time, for a gap if it is dropped. */
export interface Line {
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
export interface Chunk {
  segment: number;
  pos: number;
  lines: Line[];
  bytes: number;
  written: number;
}

/** What a pause dropped so far. */
export interface Dropped {
  records: number;
  from: number;
  to: number;
  reason: string;
}

/** A drop's effect on the journal's counts (the gap record's own bytes included). */
export interface DropChange {
  records: number;
  bytes: number;
}

export class PendingLines {
  /** Oldest first; the last chunk is the one being filled. */
  private chunks: Chunk[];
  /** Chunks an attempt is writing now: their lines stay as they are until it ends. */
  private writing = new Set<Chunk>();
  private droppedSoFar: Dropped | null = null;

  constructor(first: Chunk) {
    this.chunks = [first];
  }

  /** The chunk being filled. */
  get tail(): Chunk {
    return this.chunks[this.chunks.length - 1]!;
  }

  /** What the current pause dropped, or null. */
  get dropped(): Dropped | null {
    return this.droppedSoFar;
  }

  /** Writing resumed: the drop is over (its gap record is in place). Returns the records it cost. */
  endDrop(): number {
    const records = this.droppedSoFar?.records ?? 0;
    this.droppedSoFar = null;
    return records;
  }

  /** A new segment begins with this chunk (its header line). */
  startSegment(chunk: Chunk): void {
    this.chunks.push(chunk);
  }

  addLine(line: Line): void {
    const tail = this.tail;
    tail.lines.push(line);
    tail.bytes += line.bytes;
  }

  /** Bytes not yet on disk. */
  buffered(): number {
    let n = 0;
    for (const c of this.chunks) n += c.bytes - c.written;
    return n;
  }

  /** Chunks with bytes not yet on disk. */
  unwritten(): Chunk[] {
    return this.chunks.filter((c) => c.bytes > c.written);
  }

  /**
   * An attempt takes every chunk with bytes to write; new lines go to a fresh chunk where the
   * file continues after them. The taken chunks' lines stay fixed until `settle`.
   */
  take(): Chunk[] {
    const taken = this.unwritten();
    const tail = this.tail;
    this.chunks = [
      ...taken,
      { segment: tail.segment, pos: tail.pos + tail.bytes, lines: [], bytes: 0, written: 0 },
    ];
    this.writing = new Set(taken);
    return taken;
  }

  /** The taken chunks all landed: they leave. Returns the records they held. */
  landed(taken: Chunk[]): number {
    this.chunks = this.chunks.filter((c) => !taken.includes(c));
    let records = 0;
    for (const c of taken) for (const l of c.lines) records += l.records;
    return records;
  }

  /** The attempt ended, landed or not. */
  settle(): void {
    this.writing.clear();
  }

  /**
   * Past the buffer limit while paused: drops the oldest lines not yet begun, and keeps what was
   * dropped as one `gap` record in their place. Lines written before the pause may refer to
   * earlier ones, so they go first, all of them; the rest stand alone and go oldest first, down
   * to half the limit (not a drop per line appended).
   */
  dropOldest(limit: number, reason: string, now: number): DropChange {
    const change: DropChange = { records: 0, bytes: 0 };
    let gapAt: { chunk: Chunk; index: number } | null = null;
    const drop = (c: Chunk, i: number): void => {
      const l = c.lines[i]!;
      this.droppedSoFar ??= { records: 0, from: l.t, to: l.t, reason };
      this.droppedSoFar.records += l.records;
      this.droppedSoFar.from = Math.min(this.droppedSoFar.from, l.t);
      this.droppedSoFar.to = Math.max(this.droppedSoFar.to, l.t);
      change.records += l.records;
      change.bytes -= l.bytes;
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
    for (const c of this.chunks) {
      for (let i = 0; i < c.lines.length;) {
        if (!c.lines[i]!.standalone && droppable(c, i)) {
          gapAt ??= { chunk: c, index: i };
          drop(c, i);
        } else i++;
      }
    }
    for (const c of this.chunks) {
      for (let i = 0; i < c.lines.length && this.buffered() > limit / 2;) {
        if (droppable(c, i)) {
          gapAt ??= { chunk: c, index: i };
          drop(c, i);
        } else i++;
      }
    }
    if (!this.droppedSoFar || !gapAt) return change;
    change.bytes += this.placeGap(gapAt.chunk, gapAt.index, now);
    this.relocate();
    return change;
  }

  /**
   * The gap record where the dropped lines were (one per pause, rewritten as more are dropped).
   * Returns the change in bytes.
   */
  private placeGap(chunk: Chunk, index: number, now: number): number {
    const d = this.droppedSoFar!;
    const record: JournalRecord = {
      kind: 'gap',
      t: now,
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
    let bytes = line.bytes;
    for (const c of this.chunks) {
      const i = c.lines.findIndex((l) => l.gap);
      if (i >= 0) {
        c.bytes -= c.lines[i]!.bytes;
        bytes -= c.lines[i]!.bytes;
        c.lines.splice(i, 1);
        if (c === chunk && i < index) index--;
      }
    }
    chunk.lines.splice(index, 0, line);
    chunk.bytes += line.bytes;
    return bytes;
  }

  /** After lines left or came, each chunk of a segment starts where the one before it ends. */
  private relocate(): void {
    for (let i = 1; i < this.chunks.length; i++) {
      const prev = this.chunks[i - 1]!;
      const c = this.chunks[i]!;
      if (c.segment === prev.segment) c.pos = prev.pos + prev.bytes;
    }
  }
}
