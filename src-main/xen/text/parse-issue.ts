/**
 * Typed parse errors shared by every parser in src-main/xen: a
 * rejected line says where (1-based line and column), what the grammar wanted there and what it
 * found, so an operator can compare it with the host's real output. Parsers return these as data;
 * nothing in src-main/xen throws past its entry point.
 */
export interface ParseIssue {
  /** 1-based line number within the text handed to the parser. */
  line: number;
  /** 1-based character column where the unexpected text starts (end of line + 1 when missing). */
  column: number;
  /** What the grammar wanted, e.g. `VBD_RD (integer or "-")`. */
  expected: string;
  /** What was there, quoted as printed, or `end of line`. */
  found: string;
  /** One sentence: the three facts above, ready to show. */
  message: string;
}

/** Longest `found` quoted back: a garbage line must not turn an error list into a wall of text. */
const FOUND_MAX = 60;

export function describeFound(text: string): string {
  if (text.length === 0) return 'end of line';
  const cut = text.length > FOUND_MAX ? `${text.slice(0, FOUND_MAX)}…` : text;
  return JSON.stringify(cut);
}

export function issue(
  line: number,
  column: number,
  expected: string,
  found: string,
  what?: string,
): ParseIssue {
  const shown = describeFound(found);
  const prefix = what ? `${what}: ` : '';
  return {
    line,
    column,
    expected,
    found: found.length === 0 ? 'end of line' : found,
    message: `${prefix}line ${line}, column ${column}: expected ${expected}, found ${shown}`,
  };
}

/** True for a value the parsers can hand back (a ParseIssue built by `issue`). */
export function isParseIssue(value: unknown): value is ParseIssue {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.line === 'number' &&
    typeof v.column === 'number' &&
    typeof v.expected === 'string' &&
    typeof v.found === 'string' &&
    typeof v.message === 'string'
  );
}

/** The same issue `offset` lines further down (a frame parsed out of a longer text). */
export function shiftIssue(i: ParseIssue, offset: number): ParseIssue {
  if (offset === 0 || i.line === 0) return i;
  const line = i.line + offset;
  return { ...i, line, message: i.message.replace(`line ${i.line}, `, `line ${line}, `) };
}
