/**
 * Exposition text written as bytes: a scrape at scale is 11 MiB and 156,000 lines, and building it
 * as strings (a string per line, joined, then encoded again for the socket) cost most of a
 * scrape's CPU and left the collector as much again. Here each series' label text is encoded
 * once, a line is a copy of bytes kept from earlier scrapes (kept-lines.ts) or a few copies and
 * the value's digits, and the response is a list of buffers handed to the socket as they are.
 */

/** The longest `num` text: `-1.2345678901234567e-123`. */
const MAX_VALUE_BYTES = 24;

/**
 * A scrape's bytes go to buffers of this size; a response writes them one after the other, and a
 * gzip response compresses each on a thread of its own as soon as it is full (large enough that
 * a fresh dictionary per buffer costs little, small enough that the last one is quickly done).
 */
const CHUNK_BYTES = 256 * 1024;

/** At most this many buffers wait for reuse: two scrapes' worth at the benchmark's scale. */
const MAX_FREE = 100;

const NONE = Buffer.alloc(0);

/** The media type of OpenMetrics 1.0 text, which Prometheus asks for first. */
export const OPENMETRICS_CONTENT_TYPE =
  'application/openmetrics-text; version=1.0.0; charset=utf-8';

/** A value as OpenMetrics writes it: JavaScript's shortest round-trip form, ±Inf and NaN. */
export function num(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v < 0 ? '-Inf' : '+Inf';
  return `${v}`;
}

/** Escapes a label value as OpenMetrics does: backslash, newline, double quote. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
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
 * A family of one line per series (a VM, a host), or one per value of a second label (`by`):
 * `value` gives the series' value for its `i`th line (0 without `by`); null: no line.
 */
export interface LineFamily<S> {
  name: string;
  type: 'gauge' | 'counter';
  help: string;
  by?: { label: string; values: readonly string[] };
  value(s: S, i: number): number | null;
}

/** The `gauge` and `counter` makers of LineFamily entries for series of one kind. */
export function lineFamilies<S>() {
  const make =
    (type: LineFamily<S>['type']) =>
    (
      name: string,
      help: string,
      value: LineFamily<S>['value'],
      by?: LineFamily<S>['by'],
    ): LineFamily<S> => ({ name, type, help, value, ...(by ? { by } : {}) });
  return { gauge: make('gauge'), counter: make('counter') };
}

/** Appends bytes at `pos` of `buf`; where more room comes from is the subclass's. */
export abstract class ByteSink {
  protected pos = 0;

  constructor(protected buf: Buffer) {}

  /** Makes room for `n` more bytes at `pos` (possibly in another buffer). */
  protected abstract room(n: number): void;

  /** The bytes of `src`, copied natively: faster than a byte loop even for a short line. */
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
    if (Number.isSafeInteger(v) && v >= 0) {
      const n = digitCount(v);
      this.room(n);
      writeDigits(this.buf, this.pos, v, n);
      this.pos += n;
    } else this.ascii(num(v));
  }

  newline(): void {
    this.room(1);
    this.buf[this.pos++] = 0x0a;
  }
}

/** How many decimal digits a safe non-negative integer has. */
function digitCount(v: number): number {
  let n = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) n++;
  return n;
}

/** The `n` digits of a safe non-negative integer at `at` of `buf`. */
function writeDigits(buf: Uint8Array, at: number, v: number, n: number): void {
  let end = at + n;
  let x = v;
  do {
    const q = Math.floor(x / 10);
    buf[--end] = 0x30 + (x - q * 10);
    x = q;
  } while (x > 0);
}

/**
 * Writes `v` as `num` does over the bytes of `buf` from `at` to `end` if its text is exactly that
 * long, and says whether it was: a kept line whose value changed but not its length is rewritten
 * where it is.
 */
export function rewriteValue(buf: Uint8Array, at: number, end: number, v: number): boolean {
  const room = end - at;
  if (Number.isSafeInteger(v) && v >= 0) {
    const n = digitCount(v);
    if (n !== room) return false;
    writeDigits(buf, at, v, n);
    return true;
  }
  const text = num(v);
  if (text.length !== room) return false;
  for (let i = 0; i < room; i++) buf[at + i] = text.charCodeAt(i);
  return true;
}

/**
 * A scrape's text: buffers of CHUNK_BYTES that `done()` hands over, so a response may still be
 * sending one scrape while the next is written. Handed back with `recycle()` once sent, they are
 * written over by later scrapes instead of 11 MiB being asked for anew each time (which the
 * collector has to account for, and answers with full collections every other scrape).
 */
export class ByteWriter extends ByteSink {
  private chunks: Buffer[] = [];
  /** Whole buffers this scrape writes to, handed back together. */
  private taken: Buffer[] = [];
  private readonly free: Buffer[] = [];
  private readonly backing = new WeakMap<readonly Buffer[], Buffer[]>();
  /** Told of each piece as it is finished, during this scrape (see `tap`). */
  private listener: ((piece: Buffer) => void) | undefined;

  constructor() {
    // A buffer is taken at the first byte of each scrape: the one just handed back, if any.
    super(NONE);
  }

  /**
   * Until `done()`, hands each piece to `listener` as soon as it is finished, in order: the
   * pieces `done()` returns, told one by one while the rest is still being written.
   */
  tap(listener: ((piece: Buffer) => void) | undefined): void {
    this.listener = listener;
  }

  protected room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.finish(this.buf.subarray(0, this.pos));
    this.buf = this.fresh(n);
    this.pos = 0;
  }

  /** The bytes written since the last `done()`, in order. */
  done(): Buffer[] {
    if (this.pos > 0) this.finish(this.buf.subarray(0, this.pos));
    const out = this.chunks;
    this.backing.set(out, this.taken);
    this.chunks = [];
    this.taken = [];
    this.pos = 0;
    this.buf = NONE;
    this.listener = undefined;
    return out;
  }

  private finish(piece: Buffer): void {
    this.chunks.push(piece);
    this.listener?.(piece);
  }

  /** Takes back what `done()` handed over, once nothing reads it any more (the response is sent). */
  recycle(parts: readonly Buffer[]): void {
    const backing = this.backing.get(parts);
    if (!backing) return;
    this.backing.delete(parts);
    for (const b of backing) if (this.free.length < MAX_FREE) this.free.push(b);
  }

  private fresh(n: number): Buffer {
    if (n > CHUNK_BYTES) return Buffer.allocUnsafe(n);
    const b = this.free.pop() ?? Buffer.allocUnsafe(CHUNK_BYTES);
    this.taken.push(b);
    return b;
  }
}
