/**
 * The few pieces of C printf the emulated commands need, with C's semantics where they differ
 * from JavaScript's: widths count bytes (`strlen`), `%10.10s` cuts at 10 bytes (even inside a
 * UTF-8 character, as xentop cuts NAME), and doubles print `inf` / `-nan` as glibc does.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function byteLength(s: string): number {
  // ASCII fast path: most names are plain.
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return encoder.encode(s).length;
  return s.length;
}

/** `%*s`: right-aligned in `width` bytes; never truncated. */
export function padLeft(s: string, width: number): string {
  const n = width - byteLength(s);
  return n > 0 ? ' '.repeat(n) + s : s;
}

/** `%-*s`: left-aligned in `width` bytes; never truncated. */
export function padRight(s: string, width: number): string {
  const n = width - byteLength(s);
  return n > 0 ? s + ' '.repeat(n) : s;
}

/** `%.Ns`: the first `max` bytes (a cut multibyte character decodes as U+FFFD here). */
export function cutBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s;
  return decoder.decode(encoder.encode(s).subarray(0, max));
}

/** `%*.*f` of a double, glibc style for non-finite values. */
export function fixed(value: number, digits: number, width = 0): string {
  let text: string;
  if (Number.isNaN(value)) text = '-nan';
  else if (value === Infinity) text = 'inf';
  else if (value === -Infinity) text = '-inf';
  else text = value.toFixed(digits);
  return padLeft(text, width);
}

/** `%*llu` / `%*d` (or `%*s`) right-aligned. */
export function num(value: bigint | number | string, width = 0): string {
  return padLeft(String(value), width);
}

/** strcasecmp in the C locale: ASCII letters folded, bytes compared. */
export function strcasecmp(a: string, b: string): number {
  const fold = (t: string): Uint8Array =>
    encoder.encode(t.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  const x = fold(a);
  const y = fold(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** `atoi`: leading digits (after optional spaces and sign), 0 when none. `-d 0.5` → 0. */
export function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1]!, 10) : 0;
}
