import { PRIVATE_FILE } from '../private-files';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * CSV as RFC 4180 writes it (quoted when a cell holds a comma, quote, CR or LF; quotes doubled;
 * CRLF line ends), hardened against formula injection: a text cell that starts with = + - @ (or
 * a tab/CR, which some spreadsheets skip before those) gets a leading apostrophe, as OWASP
 * recommends — VM names, notes and host replies come from outside and end up in Excel.
 * Numbers are ours, not text, and stay as they are (−3.5 must remain a number).
 */
export type CsvCell = string | number | boolean | null | undefined;

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(v: CsvCell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = FORMULA_START.test(v) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += (i === 0 ? '' : ',') + csvCell(cells[i]);
  return `${line}\r\n`;
}

/**
 * csvCell for values that repeat millions of times (host ids, VM names, xentop states): encoded
 * once. Bounded, so a hostile journal with endless distinct names cannot grow it without limit.
 */
export class CellCache {
  private readonly map = new Map<string, string>();
  get(v: string): string {
    let e = this.map.get(v);
    if (e === undefined) {
      e = csvCell(v);
      if (this.map.size < 10_000) this.map.set(v, e);
    }
    return e;
  }
}

/**
 * String(v) for numbers that repeat row after row (shares, CPU %, RTT means: a few thousand
 * distinct values over millions of cells). Formatting a double costs ~100 ns; this is a
 * direct-mapped cache of raw doubles (no Map: a Map boxes every double key it is asked about),
 * ~10 ns on a hit. A collision just replaces the entry.
 */
const TEXT_SLOTS = 1 << 16;

export class NumberText {
  private readonly keys = new Float64Array(TEXT_SLOTS).fill(Number.NaN);
  private readonly texts = new Array<string>(TEXT_SLOTS).fill('');

  get(v: number): string {
    const i = ((v * 1_000_003) | 0) & (TEXT_SLOTS - 1);
    // NaN never equals itself, so an empty slot never hits.
    if (this.keys[i] === v) return this.texts[i]!;
    const s = String(v);
    this.keys[i] = v;
    this.texts[i] = s;
    return s;
  }
}

/**
 * Rows encoded straight into 1 MB buffers (a 24-hour, 100-VM session's tables are hundreds of
 * thousands of rows): appending to one long JS string made ropes that the GC spent half the
 * export flattening. A full buffer is handed to the file and a fresh one started, so rows can go
 * on while it is written. The file opens at once but is not waited for: a table can begin in the
 * middle of a stream of records (a host's first sample), and an open error surfaces at `close`.
 */
const CHUNK = 1 << 20;

export class CsvFile {
  private buf: Buffer = Buffer.allocUnsafe(CHUNK);
  /** Buffers whose write has finished, to fill again: a fresh 1 MB buffer per flush cost page faults and GC. */
  private readonly spare: Buffer[] = [];
  private used = 0;
  private small = '';
  /** Whether `small` is all ASCII, as the callers of `line` say: then it is copied, not UTF-8 encoded. */
  private smallAscii = true;
  private writing: Promise<unknown>;
  private readonly fh: Promise<FileHandle>;
  /** Lines written, the header included. */
  rows = 0;

  constructor(readonly path: string) {
    this.fh = open(path, 'w', PRIVATE_FILE);
    this.writing = this.fh;
  }

  static async create(path: string, header: readonly string[]): Promise<CsvFile> {
    const f = new CsvFile(path);
    await f.fh;
    f.line(csvRow(header));
    return f;
  }

  /** Resolves at once unless the buffer is due for a flush; await it for backpressure. */
  row(cells: readonly CsvCell[]): Promise<void> | undefined {
    return this.line(csvRow(cells));
  }

  /**
   * A row already encoded (cells through csvCell, CRLF at the end): the hot path of big tables.
   * `ascii`: the caller knows the row is ASCII only (numbers, times, flags), which writes faster.
   */
  line(encoded: string, ascii = false): Promise<void> | undefined {
    // Rows gather in a short string first: one buffer write per ~64 KB, not per row.
    this.small += encoded;
    if (!ascii) this.smallAscii = false;
    this.rows++;
    return this.small.length > 1 << 16 ? this.spill() : undefined;
  }

  private spill(): Promise<void> | undefined {
    const text = this.small;
    const encoding = this.smallAscii ? 'latin1' : 'utf8';
    this.small = '';
    this.smallAscii = true;
    let pending: Promise<void> | undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.buf.length) {
      pending = this.flush();
      if (text.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(text.length * 3);
    }
    this.used += this.buf.write(text, this.used, encoding);
    return pending;
  }

  flush(): Promise<void> {
    if (this.small) this.spill();
    if (this.used === 0) return this.writing.then(() => undefined);
    const full = this.buf;
    const chunk = full.subarray(0, this.used);
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    // Chunks are written in order: each write waits for the one before it.
    this.writing = this.writing.then(async () => {
      const fh = await this.fh;
      for (let done = 0; done < chunk.length;) done += (await fh.write(chunk, done)).bytesWritten;
      if (full.length === CHUNK && this.spare.length < 2) this.spare.push(full);
    });
    return this.writing.then(() => undefined);
  }

  async close(): Promise<void> {
    await this.flush();
    await (await this.fh).close();
  }

  /** For an error path: close without caring whether the last chunk made it. */
  async abandon(): Promise<void> {
    this.used = 0;
    this.small = '';
    await this.writing.catch(() => undefined);
    await this.fh.then((fh) => fh.close()).catch(() => undefined);
  }
}

export async function writeCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<readonly CsvCell[]>,
): Promise<void> {
  const f = await CsvFile.create(path, header);
  try {
    for (const r of rows) await f.row(r);
    await f.close();
  } catch (e) {
    await f.abandon();
    throw e;
  }
}

/**
 * ISO 8601 UTC, as `Date.toISOString` writes it, for a table row per sample: formatting a Date
 * costs ~0.5 µs, so the text up to the minute is kept and only seconds and milliseconds are added.
 */
let minute = NaN;
let minuteText = '';
const PAD2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const PAD3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

export function isoTime(t: number | null): string {
  if (t === null) return '';
  if (!Number.isInteger(t) || t < 0 || t >= 253402300800000) {
    // Outside 0000–9999 or fractional (a hand-edited journal): the slow way, empty when no date.
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  }
  const m = Math.floor(t / 60_000);
  if (m !== minute) {
    minute = m;
    minuteText = new Date(m * 60_000).toISOString().slice(0, 17); // 2024-05-01T12:00:
  }
  const ms = t - m * 60_000;
  return `${minuteText}${PAD2[Math.floor(ms / 1000)]}.${PAD3[ms % 1000]}Z`;
}
