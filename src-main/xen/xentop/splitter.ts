import { LineKind, classifyXentopLine, xentopHeaderColumns } from './classify';
import { parseXentopRow } from './row';

/**
 * Cuts a `xentop -b` stdout stream into iterations (docs/host-formats.md §1.2, trap 5). There
 * is no blank line between iterations; each one starts with the header line. With `-r` a header
 * precedes *every* domain row, so a header alone proves nothing: then an iteration ends where a
 * domain name repeats or the case-insensitive name order goes backwards (batch mode always sorts
 * by name; `-z` pins Domain-0 first). With `-p` the pCPU table's closing border ends an iteration.
 *
 * xentop flushes after each iteration but the next header only comes a delay later, so a caller
 * that wants the iteration promptly calls `flushComplete()` after a quiet period.
 *
 * What a host sends is bounded before it is kept: a line longer than `maxLineChars` without a
 * newline, or an iteration of more than `maxFrameLines` lines (headerless rows never end one),
 * is not what xentop prints — the splitter stops and says why (`failure`), and the caller drops
 * the stream as it would a stalled one. Each chunk is searched for newlines only from where the
 * last one ended, so a line arriving in many pieces is not rescanned from its start each time.
 */
export interface SplitterLimits {
  maxLineChars: number;
  maxFrameLines: number;
}

/** Far above anything xentop prints (a row with 255-byte names, a -v row of 512 vCPUs; 10,000 domains with -n -x -v). */
export const SPLITTER_LIMITS: SplitterLimits = { maxLineChars: 64 * 1024, maxFrameLines: 200_000 };

export class XentopFrameSplitter {
  private partial = '';
  private failed: string | null = null;
  private lines: string[] = [];
  private prev: LineKind = LineKind.Blank;
  private columns: 17 | 19 | null = null;
  private domainRows = 0;
  private rowsSinceHeader = 0;
  /** Some header was followed by two domain rows: plain mode, every header starts an iteration. */
  private plain = false;
  /** Index in `lines` of a header whose meaning (new iteration or `-r`) waits for the next row. */
  private pendingHeader = -1;
  private names = new Set<string>();
  private lastName: string | null = null;
  private pcpuBorders = -1;

  constructor(private readonly limits: SplitterLimits = SPLITTER_LIMITS) {}

  /** Why the stream is not xentop's (too long a line, an iteration that never ends); null while it is. */
  get failure(): string | null {
    return this.failed;
  }

  /** Feeds a stdout chunk (split anywhere); returns the iterations it completed. */
  push(chunk: string): string[] {
    const out: string[] = [];
    if (this.failed) return out;
    // The partial line holds no newline: the search starts in the new chunk.
    let search = this.partial.length;
    const text = this.partial + chunk;
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', search);
      if (nl < 0) break;
      let line = text.slice(from, nl);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (!this.fits(line.length)) return out;
      this.line(line, out);
      if (this.lines.length > this.limits.maxFrameLines) {
        this.fail(
          `more than ${this.limits.maxFrameLines.toLocaleString('en')} lines without the end of an iteration (no header starts a new one)`,
        );
        return out;
      }
      from = search = nl + 1;
    }
    this.partial = text.slice(from);
    this.fits(this.partial.length);
    return out;
  }

  private fits(chars: number): boolean {
    if (chars <= this.limits.maxLineChars) return true;
    this.fail(`a line of more than ${this.limits.maxLineChars.toLocaleString('en')} characters`);
    return false;
  }

  private fail(why: string): void {
    this.failed = why;
    this.partial = '';
    this.reset();
  }

  /** After a quiet period: the buffered iteration when it ends at a line boundary, else null. */
  flushComplete(): string | null {
    if (this.partial !== '' || this.domainRows === 0) return null;
    if (this.pendingHeader >= 0) {
      // A trailing header with no row yet belongs to the next iteration.
      const head = this.lines.slice(0, this.pendingHeader);
      const rest = this.lines.slice(this.pendingHeader);
      this.reset();
      const text = head.join('\n') + '\n';
      for (const l of rest) this.line(l, []);
      return text;
    }
    return this.take();
  }

  /** End of stream: the iterations still buffered, a last line without newline included. */
  finish(): string[] {
    const out: string[] = [];
    if (this.partial !== '') {
      const last = this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial;
      this.partial = '';
      this.line(last, out);
    }
    if (this.lines.some((l) => l.trim() !== '')) out.push(this.take());
    else this.reset();
    return out;
  }

  private take(): string {
    const text = this.lines.join('\n') + '\n';
    this.reset();
    return text;
  }

  private reset(): void {
    this.lines = [];
    this.prev = LineKind.Blank;
    this.domainRows = 0;
    this.rowsSinceHeader = 0;
    this.pendingHeader = -1;
    this.names.clear();
    this.lastName = null;
    this.pcpuBorders = -1;
    // `plain` and `columns` describe the stream, not one iteration: they carry over.
  }

  private line(line: string, out: string[]): void {
    const kind = classifyXentopLine(line, this.prev);
    this.prev = kind;
    switch (kind) {
      case LineKind.Header:
        this.columns = xentopHeaderColumns(line) ?? this.columns;
        if (this.domainRows > 0) {
          if (this.plain) out.push(this.take());
          else if (this.pendingHeader < 0) this.pendingHeader = this.lines.length;
        }
        this.lines.push(line);
        this.prev = LineKind.Header;
        this.rowsSinceHeader = 0;
        return;
      case LineKind.Domain:
        this.domainRow(line, out);
        return;
      case LineKind.PcpuTitle:
        this.pcpuBorders = 0;
        break;
      case LineKind.PcpuBorder:
        if (this.pcpuBorders >= 0 && ++this.pcpuBorders === 3) {
          this.lines.push(line);
          out.push(this.take());
          return;
        }
        break;
      case LineKind.PcpuNone:
        this.lines.push(line);
        out.push(this.take());
        return;
    }
    this.lines.push(line);
  }

  private domainRow(line: string, out: string[]): void {
    this.rowsSinceHeader++;
    if (this.rowsSinceHeader >= 2) this.plain = true;
    const needName = !this.plain || this.pendingHeader >= 0;
    const name = needName ? this.nameOf(line) : null;
    if (this.pendingHeader >= 0) {
      if (name !== null && this.startsNewIteration(name)) {
        const rest = this.lines.slice(this.pendingHeader);
        this.lines = this.lines.slice(0, this.pendingHeader);
        out.push(this.take());
        this.lines = rest;
      }
      this.pendingHeader = -1;
    }
    if (name !== null) {
      this.names.add(name);
      this.lastName = name;
    }
    this.domainRows++;
    this.lines.push(line);
  }

  private startsNewIteration(name: string): boolean {
    if (this.names.has(name)) return true;
    const last = this.lastName;
    if (last === null) return false;
    // `-z` pins Domain-0 before the sorted rest, so order is only checked after it.
    if (last === 'Domain-0' && this.domainRows === 1) return false;
    return name.toLowerCase() < last.toLowerCase();
  }

  private nameOf(line: string): string | null {
    const r = this.columns ? parseXentopRow(line, 0, this.columns) : parseXentopRow(line, 0, 19);
    if (r.ok) return r.domain.name;
    const r17 = parseXentopRow(line, 0, 17);
    return r17.ok ? r17.domain.name : null;
  }
}

/** A whole captured text (e.g. `xentop -b -i 2` output) cut into iterations. */
export function splitXentopIterations(text: string): string[] {
  const s = new XentopFrameSplitter();
  return [...s.push(text), ...s.finish()];
}
