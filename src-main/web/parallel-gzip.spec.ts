import { Worker } from 'node:worker_threads';
import { crc32, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { GzipThread } from './gzip-thread';
import { ParallelGzip } from './parallel-gzip';

/**
 * The pieces, compressed one by one on the compression thread, must make one gzip member that any
 * gzip reader takes whole: gunzipSync checks the deflate stream, the CRC-32 and the length.
 */

const joined = (parts: Buffer[]) => Buffer.concat(parts);

async function gzipOf(pieces: Uint8Array[], thread?: GzipThread): Promise<Buffer> {
  const zip = new ParallelGzip(1, thread);
  for (const p of pieces) zip.push(p);
  return joined(await zip.end());
}

/** Bytes that do not compress: each piece is larger compressed than plain. */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

describe('gzip in pieces', () => {
  it('joins the pieces into one member whose text is theirs, a character cut between pieces too', async () => {
    const text = Buffer.from(
      `${'vslicer_vm_cpu_seconds_total{host="h",vm="é 🖥"} 12.5\n'.repeat(30_000)}# EOF\n`,
      'utf8',
    );
    // Cut every 100,003 bytes: across the multi-byte characters, not on line ends.
    const pieces: Buffer[] = [];
    for (let i = 0; i < text.length; i += 100_003) pieces.push(text.subarray(i, i + 100_003));
    const gz = await gzipOf(pieces);
    expect(gunzipSync(gz).equals(text)).toBe(true);
    expect(gz.length).toBeLessThan(text.length / 5);
    // RFC 1952's trailer: CRC-32 and length of the whole text.
    expect(gz.readUInt32LE(gz.length - 8)).toBe(crc32(text) >>> 0);
    expect(gz.readUInt32LE(gz.length - 4)).toBe(text.length);
  });

  it('takes one piece, empty pieces, bytes that do not compress, and nothing at all', async () => {
    const one = Buffer.from('# EOF\n');
    expect(gunzipSync(await gzipOf([one])).equals(one)).toBe(true);
    expect(gunzipSync(await gzipOf([Buffer.alloc(0), one, Buffer.alloc(0)])).equals(one)).toBe(
      true,
    );
    const raw = [noise(300_000, 1), noise(70_000, 2)];
    expect(gunzipSync(await gzipOf(raw)).equals(Buffer.concat(raw))).toBe(true);
    expect(gunzipSync(await gzipOf([])).length).toBe(0);
  });

  it('starts compressing each piece when it is pushed, not at the end', async () => {
    const asked: boolean[] = [];
    const thread = new GzipThread();
    const spy = Object.assign(Object.create(thread) as GzipThread, {
      deflate: (piece: Uint8Array, level: number, final: boolean) => {
        asked.push(final);
        return thread.deflate(piece, level, final);
      },
    });
    const zip = new ParallelGzip(1, spy);
    zip.push(Buffer.from('a\n'));
    zip.push(Buffer.from('b\n'));
    expect(asked).toEqual([false, false]);
    const gz = joined(await zip.end());
    expect(asked).toEqual([false, false, true]);
    expect(gunzipSync(gz).toString()).toBe('a\nb\n');
  });
});

describe('the compression thread', () => {
  it('falls back to libuv’s pool when no thread can start, with the same result', async () => {
    const thread = new GzipThread(() => {
      throw new Error('no threads here');
    });
    const text = Buffer.from('vslicer_host_up{host="h"} 1\n'.repeat(5_000));
    const gz = await gzipOf([text.subarray(0, 70_000), text.subarray(70_000)], thread);
    expect(gunzipSync(gz).equals(text)).toBe(true);
  });

  it('fails what waits for a thread that stops, and starts a new one for the next piece', async () => {
    let starts = 0;
    const thread = new GzipThread((source) => {
      starts++;
      // The first thread dies at its first piece; the second is the real one.
      return starts === 1 ? stopping() : defaultStart(source);
    });
    await expect(thread.deflate(Buffer.from('x'), 1, true)).rejects.toThrow(
      /gzip thread stopped \(exit 3\)/,
    );
    const gz = await gzipOf([Buffer.from('after\n')], thread);
    expect(gunzipSync(gz).toString()).toBe('after\n');
    expect(starts).toBe(2);
  });
});

function stopping(): Worker {
  return new Worker(
    `require('node:worker_threads').parentPort.on('message', () => process.exit(3));`,
    { eval: true },
  );
}

function defaultStart(source: string): Worker {
  return new Worker(source, { eval: true });
}
