import { ByteSink, CLOSE_LABELS, rewriteValue, type ByteWriter } from './text-writer';

/**
 * A few lines kept between scrapes (a histogram series): one buffer, rewritten in place when what
 * it says changed and copied whole into each scrape's text otherwise.
 */
export class ByteBlock extends ByteSink {
  private view: Buffer | null = null;

  constructor(initialBytes = 128) {
    super(Buffer.allocUnsafe(initialBytes));
  }

  /** Grows in place: a block is one run of bytes. */
  protected room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  /** Empties the block for rewriting; its buffer is kept. */
  clear(): void {
    this.pos = 0;
    this.view = null;
  }

  /** The bytes written since `clear()`, in a buffer of their own. */
  copy(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }

  /** Appends the block, as written since `clear()`, to `out`. */
  writeTo(out: ByteWriter): void {
    out.bytes((this.view ??= this.buf.subarray(0, this.pos)));
  }
}

/** Where a changed line is composed before it is copied to a buffer of its own size. */
const scratch = new ByteBlock(512);

/**
 * A series' one-line families (its gauges and counters), each line's bytes kept with the value
 * they show and rewritten only when the value differs, so most scrapes copy the line as it was
 * (labels, a microslice that changes once a day, a counter of a VM not probed since). A changed
 * value whose text is as long as the one it replaces (a share of 0.0412… after 0.0398…, a count
 * of 31 after 30) is written over the old digits; only a line whose length changed is composed
 * anew in a buffer of its own. One object, an array and a buffer per line, for the collector to
 * trace at every full collection: an object per line holding a growable block and its view took
 * twice the heap (12 MiB at 4,000 VMs).
 */
export class KeptLines {
  private readonly text: (Buffer | undefined)[] = [];
  private readonly values: Float64Array;

  constructor(families: number) {
    this.values = new Float64Array(families);
  }

  /** Line `f`, `head` `labels` `} ` and `v`: the kept bytes if they show `v` (NaN and -0 too). */
  line(f: number, head: Buffer, labels: Buffer, v: number): Buffer {
    const kept = this.text[f];
    if (kept !== undefined) {
      if (Object.is(this.values[f], v)) return kept;
      // The value sits between the labels' `} ` and the newline.
      const at = head.length + labels.length + CLOSE_LABELS.length;
      if (rewriteValue(kept, at, kept.length - 1, v)) {
        this.values[f] = v;
        return kept;
      }
    }
    scratch.clear();
    scratch.line(head, labels, CLOSE_LABELS, v);
    const fresh = scratch.copy();
    this.text[f] = fresh;
    this.values[f] = v;
    return fresh;
  }
}
