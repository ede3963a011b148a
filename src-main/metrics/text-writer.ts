/**
 * Exposition text written as bytes: a scrape at scale is 11 MiB and 156,000 lines, and building it
 * as strings (a string per line, joined, then encoded again for the socket) cost most of a
 * scrape's CPU and left the collector as much again. Here each series' label prefix is encoded
 * once, a line is a copy of bytes kept from earlier scrapes or a prefix copy followed by the
 * value's digits, and the response is a list of buffers handed to the socket as they are.
 */

/** The longest `num` text: `-1.2345678901234567e-123`. */
const MAX_VALUE_BYTES = 24;

/** Fresh buffers of this size hold a scrape's bytes; a response is written one at a time. */
const CHUNK_BYTES = 64 * 1024;

/** A value as OpenMetrics writes it: JavaScript's shortest round-trip form, ±Inf and NaN. */
export function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v < 0 ? '-Inf' : '+Inf';
  return `${v}`;
}

/** UTF-8 bytes of a piece of text that is written on many scrapes (prefixes, HELP lines). */
export function utf8(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** The end of a line's labels, before its value. */
export const CLOSE_LABELS = utf8('} ');

/** `# HELP` and `# TYPE` of a family, as bytes. */
export function familyHead(name: string, type: string, help: string): Buffer {
  return utf8(`# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`);
}

/**
 * Appends bytes. This base class writes to fresh buffers of CHUNK_BYTES and `done()` hands them
 * over, so a response may still be sending one scrape's buffers while the next is written.
 */
export class ByteWriter {
  protected chunks: Buffer[] = [];
  protected buf: Buffer;
  protected pos = 0;

  constructor(initialBytes = CHUNK_BYTES) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  /** Makes room for `n` more bytes at `pos`. */
  protected room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, n));
    this.pos = 0;
  }

  /** The bytes of `src`, copied (natively: faster than a byte loop even for a short line). */
  bytes(src: Uint8Array): void {
    this.room(src.length);
    this.buf.set(src, this.pos);
    this.pos += src.length;
  }

  /**
   * A whole line, `head` `labels` `tail` and the value, with one check for room: what a
   * histogram's rewrite and a changed line do for each of their lines.
   */
  line(head: Uint8Array, labels: Uint8Array, tail: Uint8Array, v: number): void {
    this.room(head.length + labels.length + tail.length + MAX_VALUE_BYTES + 1);
    const buf = this.buf;
    let at = this.pos;
    buf.set(head, at);
    at += head.length;
    buf.set(labels, at);
    at += labels.length;
    buf.set(tail, at);
    this.pos = at + tail.length;
    this.value(v);
    buf[this.pos++] = 0x0a;
  }

  /** ASCII text (numbers, `# EOF`): one byte a character. */
  ascii(text: string): void {
    this.room(text.length);
    const buf = this.buf;
    const at = this.pos;
    for (let i = 0; i < text.length; i++) buf[at + i] = text.charCodeAt(i);
    this.pos = at + text.length;
  }

  /** A value as `num` writes it; integers (most values: counts) without a string between. */
  value(v: number): void {
    if (Number.isSafeInteger(v) && v >= 0) this.digits(v);
    else this.ascii(num(v));
  }

  newline(): void {
    this.room(1);
    this.buf[this.pos++] = 0x0a;
  }

  /** Bytes another writer holds: a cached line or block. */
  block(b: ByteBlock): void {
    this.bytes(b.written());
  }

  /** A finished piece of its own (prom-client's text of the host families): not copied. */
  chunk(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.pos > 0) {
      this.chunks.push(this.buf.subarray(0, this.pos));
      this.buf = this.buf.subarray(this.pos);
      this.pos = 0;
    }
    this.chunks.push(piece);
  }

  /** The bytes written since the last `done()`, in order. */
  done(): Buffer[] {
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    const out = this.chunks;
    this.chunks = [];
    this.buf = Buffer.allocUnsafe(CHUNK_BYTES);
    this.pos = 0;
    return out;
  }

  private digits(v: number): void {
    let n = 1;
    for (let x = v; x >= 10; x = Math.floor(x / 10)) n++;
    this.room(n);
    const buf = this.buf;
    let at = this.pos + n;
    let x = v;
    do {
      const q = Math.floor(x / 10);
      buf[--at] = 0x30 + (x - q * 10);
      x = q;
    } while (x > 0);
    this.pos += n;
  }
}

/**
 * A few lines kept between scrapes (a histogram series, a gauge's line): one buffer, rewritten in
 * place when what it says changed and copied whole into each scrape's text otherwise.
 */
export class ByteBlock extends ByteWriter {
  constructor(initialBytes = 128) {
    super(initialBytes);
  }

  /** Grows in place: a block is one run of bytes. */
  protected override room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buf.length, this.pos + n));
    this.buf.copy(grown, 0, 0, this.pos);
    this.buf = grown;
  }

  private view: Buffer | null = null;

  /** Empties the block for rewriting; its buffer is kept. */
  clear(): void {
    this.pos = 0;
    this.view = null;
  }

  /** The bytes written since `clear()`; call once the block is complete. */
  written(): Buffer {
    return (this.view ??= this.buf.subarray(0, this.pos));
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
    out.block(this.block);
  }
}
