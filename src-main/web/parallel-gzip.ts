import { crc32 } from 'node:zlib';
import { gzipThread, type GzipThread } from './gzip-thread';

/**
 * gzip of a body handed over piece by piece, each piece compressed on a thread of its own the
 * moment it arrives, as pigz does: a scrape at scale is 11 MiB, and compressed after it was built
 * it added zlib's 40–60 ms to every scrape's wall time; compressed while the rest is still being
 * written, most of that work is done on the other core by the time the text is whole.
 *
 * Each piece is a raw deflate stream of its own that ends with a sync flush (byte-aligned, not
 * final), so the pieces join into one deflate stream; an empty final block closes it. Around it:
 * the gzip header, and the CRC-32 and length of the whole text (RFC 1952). A piece starts with an
 * empty dictionary, which costs a few bytes per piece of 256 KiB.
 */

/** ID1 ID2, CM deflate, no flags, no mtime, XFL 4 (fastest), OS unknown. */
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 4, 0xff]);
const EMPTY = Buffer.alloc(0);

export class ParallelGzip {
  private readonly pieces: Promise<Buffer>[] = [];
  private crc = 0;
  private length = 0;

  constructor(
    private readonly level: number,
    private readonly thread: GzipThread = gzipThread,
  ) {}

  /**
   * Starts compressing `piece`. It must stay as it is until `end()` has settled: zlib reads it on
   * another thread.
   */
  push(piece: Uint8Array): void {
    if (piece.byteLength === 0) return;
    this.crc = crc32(piece, this.crc);
    this.length += piece.byteLength;
    this.pieces.push(this.thread.deflate(piece, this.level, false));
  }

  /**
   * The gzip member, in buffers to be written one after the other. Settles only once every piece
   * is compressed (or has failed), so the pieces pushed may be reused from then on.
   */
  async end(): Promise<Buffer[]> {
    this.pieces.push(this.thread.deflate(EMPTY, this.level, true));
    const settled = await Promise.allSettled(this.pieces);
    const body: Buffer[] = [HEADER];
    for (const s of settled) {
      if (s.status === 'rejected') throw s.reason;
      body.push(s.value);
    }
    const trailer = Buffer.alloc(8);
    trailer.writeUInt32LE(this.crc >>> 0, 0);
    // ISIZE: the length modulo 2^32.
    trailer.writeUInt32LE(this.length % 2 ** 32, 4);
    body.push(trailer);
    return body;
  }
}
