/**
 * Hand-rolled number scanners. They work on (text, start, end) ranges so the hot xentop path never
 * allocates a substring or runs a regex per field.
 */

/** Digits up to this many fit a double exactly, so they can be summed as a number first. */
const SAFE_DIGITS = 15;

/**
 * Xen's counters are 64-bit (`%llu`); here they are plain numbers, exact up to 2^53 − 1. No real
 * counter gets there (2^53 KiB is 8 EiB, 2^53 s is 285 million years), but a wrapped or garbled one
 * can (a sector counter near 2^64 has been seen, docs/host-formats.md trap 8): a larger value is
 * refused as a parse problem, never rounded.
 */
export const COUNTER_MAX = Number.MAX_SAFE_INTEGER;

/** scanCounter's answer when text[start, end) is not all digits. */
export const NOT_DIGITS = -1;
/** scanCounter's answer for digits whose value is past COUNTER_MAX. */
export const TOO_LARGE = -2;

/**
 * What a parser says it expected where counter column `column` failed with `why` (NOT_DIGITS or
 * TOO_LARGE): the limit when the value was too large, else an integer `orWhat` (e.g. ` or "-"`).
 */
export function counterExpected(column: string, why: number, orWhat = ''): string {
  return why === TOO_LARGE
    ? `${column} (a counter up to 2^53 − 1)`
    : `${column} (integer${orWhat})`;
}

/**
 * Unsigned decimal in text[start, end) → its value, NOT_DIGITS or TOO_LARGE. Summed left to right
 * in doubles: while the value is at most 2^53 − 1 every step is exact, and rounding never takes a
 * larger value back below 2^53, so the one comparison at the end decides exactly.
 */
export function scanCounter(text: string, start: number, end: number): number {
  if (end <= start) return NOT_DIGITS;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NOT_DIGITS;
    n = n * 10 + c;
  }
  return n <= COUNTER_MAX ? n : TOO_LARGE;
}

/** Unsigned decimal that must fit a JS number exactly (ids, counts, widths); -1 when it is not one. */
export function scanSmallUint(text: string, start: number, end: number): number {
  const len = end - start;
  if (len <= 0 || len > SAFE_DIGITS) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** Signed decimal integer (`%d`), or null. */
export function scanInt(text: string, start: number, end: number): number | null {
  if (start < end && text.charCodeAt(start) === 45 /* - */) {
    const n = scanSmallUint(text, start + 1, end);
    return n < 0 ? null : -n;
  }
  const n = scanSmallUint(text, start, end);
  return n < 0 ? null : n;
}

/**
 * `%.1f`-style fixed decimal (`12.5`, `0.0`, `1234`), or NaN when malformed. glibc prints `inf` /
 * `nan` / `-nan` for a zero interval (`xentop -d 0`): `inf` comes back as Infinity, the nan words
 * as NaN, so a caller that accepts them checks the word itself.
 */
export function scanFixed(text: string, start: number, end: number): number {
  const len = end - start;
  if (len <= 0 || len > 24) return NaN;
  let i = start;
  let neg = false;
  if (text.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  let intPart = 0;
  let digits = 0;
  while (i < end) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    intPart = intPart * 10 + c;
    digits++;
    i++;
  }
  if (digits === 0) {
    if (end - i === 3 && text.startsWith('inf', i)) return neg ? -Infinity : Infinity;
    return NaN;
  }
  if (i === end) return neg ? -intPart : intPart;
  if (text.charCodeAt(i) !== 46 /* . */ || i + 1 === end) return NaN;
  i++;
  let frac = 0;
  let scale = 1;
  while (i < end) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    frac = frac * 10 + c;
    scale *= 10;
    i++;
  }
  // Both operands are exact integers, so the quotient is the double nearest the printed decimal.
  const exact = intPart * scale + frac;
  const value = exact <= Number.MAX_SAFE_INTEGER ? exact / scale : Number(text.slice(start, end));
  return neg ? -value : value;
}
