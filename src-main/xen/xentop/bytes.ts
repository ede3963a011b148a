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
