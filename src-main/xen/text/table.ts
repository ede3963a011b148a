import { isChatter, splitLines, type ChatterLine } from './lines';
import { issue, type ParseIssue } from './parse-issue';

/**
 * Shared machinery for the xl/xm table parsers. Their rows are a left-aligned name (spaces
 * allowed, `(null)` possible) followed by a fixed tail of tokens, so a row is read from the right
 * (docs/host-formats.md trap 1) and whatever precedes the tail is the name.
 */
export interface TableResult<T> {
  records: T[];
  errors: ParseIssue[];
  /** stderr lines (libxl warnings, `xl: …` errors) found among the rows. */
  chatter: ChatterLine[];
}

export interface TailToken {
  /** What the column is called in errors, e.g. `ID (integer)`. */
  expected: string;
  re: RegExp;
}

export type TailResult =
  { ok: true; name: string; tokens: string[] } | { ok: false; issue: ParseIssue };

function isWs(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Takes `spec.length` tokens from the right of `line` (spec in left-to-right column order) and
 * returns them with the remaining text as the name. `nameOptional` allows rows with no name.
 */
export function parseTail(
  line: string,
  lineNo: number,
  what: string,
  spec: readonly TailToken[],
  nameOptional = false,
): TailResult {
  const tokens: string[] = new Array(spec.length);
  let pos = line.length;
  for (let k = spec.length - 1; k >= 0; k--) {
    let e = pos;
    while (e > 0 && isWs(line.charCodeAt(e - 1))) e--;
    let s = e;
    while (s > 0 && !isWs(line.charCodeAt(s - 1))) s--;
    const tok = line.slice(s, e);
    if (!spec[k]!.re.test(tok))
      return { ok: false, issue: issue(lineNo, s + 1, spec[k]!.expected, tok, what) };
    tokens[k] = tok;
    pos = s;
  }
  const name = line.slice(0, pos).trim();
  if (!nameOptional && name.length === 0) {
    return { ok: false, issue: issue(lineNo, 1, 'a name before the columns', '', what) };
  }
  return { ok: true, name, tokens };
}

export const INT: TailToken = { expected: 'an integer', re: /^\d+$/ };
export const SIGNED: TailToken = { expected: 'an integer', re: /^-?\d+$/ };
export const DECIMAL: TailToken = { expected: 'a decimal number', re: /^\d+(\.\d+)?$/ };
export const tok = (expected: string, re: RegExp): TailToken => ({ expected, re });

/** A named column check: `tok('ID (integer)', …)` shorthand. */
export function named(t: TailToken, column: string): TailToken {
  return { expected: `${column} (${t.expected})`, re: t.re };
}

/**
 * Runs `row` over every line that is not blank, chatter, or accepted by `other` (headers, pool
 * lines); `row` returns the record or an issue. Never throws.
 */
export function parseTable<T>(
  text: string,
  what: string,
  row: (line: string, lineNo: number) => T | ParseIssue,
  other?: (line: string, lineNo: number) => boolean,
): TableResult<T> {
  const res: TableResult<T> = { records: [], errors: [], chatter: [] };
  try {
    const lines = splitLines(typeof text === 'string' ? text : '');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (line.trim().length === 0) continue;
      if (other?.(line, i + 1)) continue;
      if (isChatter(line)) {
        res.chatter.push({ line: i + 1, text: line });
        continue;
      }
      const r = row(line, i + 1);
      if (isIssue(r)) res.errors.push(r);
      else res.records.push(r);
    }
  } catch (e) {
    res.errors.push(issue(0, 0, 'parser to finish', String(e), `${what}: internal error`));
  }
  return res;
}

function isIssue(v: unknown): v is ParseIssue {
  return (
    typeof v === 'object' &&
    v !== null &&
    'expected' in v &&
    'found' in v &&
    'message' in v &&
    'column' in v
  );
}
