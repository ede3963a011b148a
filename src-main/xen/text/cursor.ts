import { issue, type ParseIssue } from './parse-issue';
import { TOO_LARGE, counterExpected, scanCounter, scanSmallUint } from './numbers';

/**
 * A left-to-right scanner over one line for the glued-literal grammars (`123bytes`, `OO:`,
 * `[ca: 0]`). Each method either advances and returns a value, or records the first issue and
 * returns a failure marker; callers bail out on `failed`.
 */
export class LineCursor {
  pos = 0;
  failed: ParseIssue | null = null;

  constructor(
    readonly line: string,
    readonly lineNo: number,
    readonly what: string,
  ) {}

  get atEnd(): boolean {
    return this.pos >= this.line.length;
  }

  skipSpaces(): number {
    const from = this.pos;
    while (this.pos < this.line.length) {
      const c = this.line.charCodeAt(this.pos);
      if (c !== 32 && c !== 9) break;
      this.pos++;
    }
    return this.pos - from;
  }

  fail(expected: string, tokenEnd?: number): false {
    if (!this.failed) {
      let e = tokenEnd ?? this.pos;
      if (e <= this.pos) {
        e = this.pos;
        while (e < this.line.length && this.line.charCodeAt(e) !== 32) e++;
      }
      this.failed = issue(
        this.lineNo,
        this.pos + 1,
        expected,
        this.line.slice(this.pos, e),
        this.what,
      );
    }
    return false;
  }

  /** The recorded issue, or one saying `expected` at the cursor (for a bail-out without one). */
  issue(expected: string): ParseIssue {
    if (!this.failed) this.fail(expected);
    return this.failed!;
  }

  /** Consumes `text` exactly. */
  literal(text: string): boolean {
    if (this.line.startsWith(text, this.pos)) {
      this.pos += text.length;
      return true;
    }
    return this.fail(JSON.stringify(text));
  }

  /** Consumes the literal if present; no issue otherwise. */
  optional(text: string): boolean {
    if (!this.line.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  private digitsEnd(): number {
    let e = this.pos;
    while (e < this.line.length) {
      const c = this.line.charCodeAt(e);
      if (c < 48 || c > 57) break;
      e++;
    }
    return e;
  }

  /**
   * A counter of the column `column`; null (with an issue) when there are no digits, or when the
   * value is past 2^53 − 1 (numbers/COUNTER_MAX: refused, never rounded).
   */
  uint(column: string): number | null {
    return this.counter(column, '');
  }

  /** Counter or the `-` xentop prints for unreadable stats; undefined (with an issue) when neither. */
  uintOrDash(column: string): number | null | undefined {
    if (this.line.charCodeAt(this.pos) === 45) {
      const after = this.line.charCodeAt(this.pos + 1);
      if (Number.isNaN(after) || after === 32) {
        this.pos++;
        return null;
      }
    }
    return this.counter(column, ' or "-"') ?? undefined;
  }

  private counter(column: string, orWhat: string): number | null {
    const e = this.digitsEnd();
    const v = scanCounter(this.line, this.pos, e);
    if (v < 0) {
      // A too large value is quoted alone; anything else up to the next space, as elsewhere.
      this.fail(counterExpected(column, v, orWhat), v === TOO_LARGE ? e : undefined);
      return null;
    }
    this.pos = e;
    return v;
  }

  /** Small unsigned integer (ids, counts); -1 (with an issue) when absent. */
  small(expected: string): number {
    const e = this.digitsEnd();
    const v = scanSmallUint(this.line, this.pos, e);
    if (v < 0) {
      this.fail(expected);
      return -1;
    }
    this.pos = e;
    return v;
  }

  /** Lower-case hex number (`%x`); -1 (with an issue) when absent. */
  hex(expected: string): number {
    let e = this.pos;
    while (e < this.line.length) {
      const c = this.line.charCodeAt(e) | 0x20;
      if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) break;
      e++;
    }
    if (e === this.pos || e - this.pos > 8) {
      this.fail(expected);
      return -1;
    }
    const v = parseInt(this.line.slice(this.pos, e), 16);
    this.pos = e;
    return v;
  }

  /** A run of non-space characters; '' (with an issue) when there is none. */
  word(expected: string): string {
    let e = this.pos;
    while (e < this.line.length && this.line.charCodeAt(e) !== 32) e++;
    if (e === this.pos) {
      this.fail(expected);
      return '';
    }
    const w = this.line.slice(this.pos, e);
    this.pos = e;
    return w;
  }

  /** At least one space. */
  spaces(): boolean {
    return this.skipSpaces() > 0 || this.fail('a space');
  }

  end(): boolean {
    return this.atEnd || this.fail('end of line');
  }
}
