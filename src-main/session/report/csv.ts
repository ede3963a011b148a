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
 * Rows encoded straight into 4 MB buffers (a 24-hour, 100-VM samples table is millions of rows):
 * appending to one long JS string made ropes that the GC spent half the export flattening. A full
 * buffer is handed to the file and a fresh one started, so rows can go on while it is written.
 */
const CHUNK = 4 << 20;

export class CsvFile {
  private buf = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private small = '';
  private writing: Promise<unknown> = Promise.resolve();
  rows = 0;

  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
  ) {}

  static async create(path: string, header: readonly string[]): Promise<CsvFile> {
    const f = new CsvFile(path, await open(path, 'w'));
    f.used = f.buf.write(csvRow(header));
    return f;
  }

  /** Resolves at once unless the buffer is due for a flush; await it for backpressure. */
  row(cells: readonly CsvCell[]): Promise<void> | undefined {
    return this.line(csvRow(cells));
  }

  /** A row already encoded (cells through csvCell, CRLF at the end): the hot path of big tables. */
  line(encoded: string): Promise<void> | undefined {
    // Rows gather in a short string first: one buffer write per ~64 KB, not per row.
    this.small += encoded;
    this.rows++;
    return this.small.length > 1 << 16 ? this.spill() : undefined;
  }

  private spill(): Promise<void> | undefined {
    const text = this.small;
    this.small = '';
    let pending: Promise<void> | undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (this.used + text.length * 3 > this.buf.length) {
      pending = this.flush();
      if (text.length * 3 > this.buf.length) this.buf = Buffer.allocUnsafe(text.length * 3);
    }
    this.used += this.buf.write(text, this.used);
    return pending;
  }

  flush(): Promise<void> {
    if (this.small) this.spill();
    if (this.used === 0) return this.writing.then(() => undefined);
    const chunk = this.buf.subarray(0, this.used);
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.used = 0;
    // Chunks are written in order: each write waits for the one before it.
    this.writing = this.writing.then(() => this.fh.write(chunk));
    return this.writing.then(() => undefined);
  }

  async close(): Promise<void> {
    await this.flush();
    await this.fh.close();
  }

  /** For an error path: close without caring whether the last chunk made it. */
  async abandon(): Promise<void> {
    this.used = 0;
    this.small = '';
    await this.writing.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
  }
}

export async function writeCsv(path: string, header: readonly string[], rows: Iterable<readonly CsvCell[]>): Promise<void> {
  const f = await CsvFile.create(path, header);
  try {
    for (const r of rows) await f.row(r);
    await f.close();
  } catch (e) {
    await f.abandon();
    throw e;
  }
}

let lastT = NaN;
let lastIso = '';

/** ISO 8601 UTC; memoised for the last time, as a sample's VMs and a probe round's rows share it. */
export function isoTime(t: number | null): string {
  if (t === null) return '';
  if (t !== lastT) {
    lastT = t;
    lastIso = new Date(t).toISOString();
  }
  return lastIso;
}
