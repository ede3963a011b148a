/**
 * Hand-rolled number scanners. Xen's counters are 64-bit (`%llu`), so integers come back as
 * bigint (exact past 2^53; sector counters near 2^64 occur). They work on (text, start, end)
 * ranges so the hot xentop path never allocates a substring or runs a regex per field.
 */

/** Digits up to this many fit a double exactly, so they can be summed as a number first. */
const SAFE_DIGITS = 15;

/** Unsigned decimal in text[start, end) → bigint, or null when it is not all digits. */
export function scanUint(text: string, start: number, end: number): bigint | null {
  const len = end - start;
  if (len <= 0) return null;
  if (len <= SAFE_DIGITS) {
    let n = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return null;
      n = n * 10 + c;
    }
    return bigFromSafe(n);
  }
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return null;
  }
  // 2^64-1 has 20 digits; a longer run is garbage or a merged column, not a counter.
  if (len > 20) return null;
  return BigInt(text.slice(start, end));
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

/**
 * Counters this small are most of a frame (errors, drops, OO, vCPU seconds). BigInt(n) is a C++
 * call plus an allocation (~20 ns here); bigints are immutable values, so sharing one per small
 * integer is indistinguishable to callers and costs an array load.
 */
const SMALL_BIGINTS: bigint[] = Array.from({ length: 1024 }, (_, i) => BigInt(i));

/** A safe non-negative integer as a bigint. */
export function bigFromSafe(n: number): bigint {
  return n < 1024 ? SMALL_BIGINTS[n]! : BigInt(n);
}
