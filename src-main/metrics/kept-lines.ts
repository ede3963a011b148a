import { ByteSink, CLOSE_LABELS, type ByteWriter } from './text-writer';

/**
 * A few lines kept between scrapes (a histogram series, a gauge's line): one buffer, rewritten in
 * place when what it says changed and copied whole into each scrape's text otherwise.
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

  /** Appends the block, as written since `clear()`, to `out`. */
  writeTo(out: ByteWriter): void {
    out.bytes((this.view ??= this.buf.subarray(0, this.pos)));
  }
}

/**
 * One line whose value changes now and then (a gauge, a counter): its bytes are kept and
 * rewritten only when the value differs from the one they show, so most scrapes copy the line
 * as it was (labels, the info line's class and UUID, a microslice that changes once a day).
 */
export class CachedLine {
  private readonly block = new ByteBlock();
  private value = NaN;
  private written = false;

  /** `head` is the line up to its labels (`name{`), `labels` the series' label text. */
  constructor(
    private readonly head: Buffer,
    private readonly labels: Buffer,
  ) {}

  write(out: ByteWriter, v: number): void {
    if (!this.written || !Object.is(v, this.value)) {
      this.block.clear();
      this.block.line(this.head, this.labels, CLOSE_LABELS, v);
      this.value = v;
      this.written = true;
    }
    this.block.writeTo(out);
  }
}
