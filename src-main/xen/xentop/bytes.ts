/**
 * The frame text as bytes for the xentop fast paths. On this project's machines a Uint8Array
 * load costs about half a `charCodeAt` (measured: ~120 vs ~260 ns for one `-n` row), and the fast
 * paths read every byte of a frame, so they scan a copy made once per frame by native code.
 *
 * Byte i stands for character i: ASCII characters as themselves, anything else as 0x80. The fast
 * paths only compare against ASCII codes and cut names out of the string, never out of the bytes,
 * so a non-ASCII name reads as "not a space, not a digit" — which is what it is.
 */
let buf = new Uint8Array(1 << 16);
const encoder = new TextEncoder();

/** A view with the text's bytes at [0, length) and a 0 after them, so scans stop at the end. */
export function frameBytes(text: string): Uint8Array {
  const len = text.length;
  if (buf.length < len + 8) buf = new Uint8Array(Math.max(len + 8, buf.length * 2));
  const b = buf;
  // For ASCII text UTF-8 is one byte per character, so the positions line up.
  const r = encoder.encodeInto(text, b);
  if (r.read !== len || r.written !== len) {
    for (let i = 0; i < len; i++) {
      const c = text.charCodeAt(i);
      b[i] = c < 128 ? c : 0x80;
    }
  }
  b[len] = 0;
  return b;
}

/**
 * Where the fast path that last took a line found its end (the `\n`, the `\r` of a `\r\n`, or
 * the text's end). The fast paths find a line's end themselves, by reading it: searching for each
 * `\n` first took 6 % of a frame's time.
 */
export const lastLine = { end: 0 };

/**
 * Whether a line ends at p of a text of `len` characters: at `\n`, at `\r\n` (the `\r` is
 * transport noise, see splitLines), at a `\r` that ends the text, or at the text's end. A 0 in b
 * may be a NUL in the text, so the end of the text is judged by `len` alone.
 */
export function endsAt(b: Uint8Array, p: number, len: number): boolean {
  const c = b[p];
  return p >= len || c === 10 || (c === 13 && (p + 1 === len || b[p + 1] === 10));
}
