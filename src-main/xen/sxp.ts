import { issue, type ParseIssue } from './parse-issue';

/**
 * xend's S-expressions (`xm list -l`, xl 4.1 with `output_format="sxp"`, sample 07): atoms and
 * nested lists. Only the reader; callers pick fields with `sxpField`.
 */
export type Sxp = string | Sxp[];

export interface SxpResult {
  values: Sxp[];
  errors: ParseIssue[];
}

export function parseSxp(text: string): SxpResult {
  const values: Sxp[] = [];
  const errors: ParseIssue[] = [];
  const stack: Sxp[][] = [];
  const opened: Array<{ line: number; column: number }> = [];
  let line = 1;
  let lineStart = 0;
  const src = typeof text === 'string' ? text : '';
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\n') {
      line++;
      lineStart = i + 1;
    } else if (c === '(') {
      stack.push([]);
      opened.push({ line, column: i - lineStart + 1 });
    } else if (c === ')') {
      const done = stack.pop();
      opened.pop();
      if (!done) {
        errors.push(issue(line, i - lineStart + 1, 'an atom or "("', ')', 'sxp'));
        continue;
      }
      if (stack.length > 0) stack[stack.length - 1]!.push(done);
      else values.push(done);
    } else if (c !== ' ' && c !== '\t' && c !== '\r') {
      let j = i;
      while (j < src.length && !' \t\r\n()'.includes(src[j]!)) j++;
      const atom = src.slice(i, j);
      if (stack.length > 0) stack[stack.length - 1]!.push(atom);
      else values.push(atom);
      i = j - 1;
    }
  }
  for (const o of opened) errors.push(issue(o.line, o.column, 'a closing ")"', '', 'sxp'));
  return { values, errors };
}

/** `(key value…)` child of a list: the first value, or the whole tail when it has several. */
export function sxpField(list: Sxp, key: string): Sxp | undefined {
  if (!Array.isArray(list)) return undefined;
  for (const item of list) {
    if (Array.isArray(item) && item[0] === key) return item.length === 2 ? item[1] : item.slice(1);
  }
  return undefined;
}
