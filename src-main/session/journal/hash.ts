import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of a journal's segments (the report's data-integrity section), computed on a worker
 * thread while the reader parses: hashing a 24-hour journal on the parsing thread cost ~0.4 s of
 * an export that must finish in 10 s, and the machine has a second core.
 *
 * The reader hands over each segment once it has read it, with the number of bytes it read, and
 * the worker hashes exactly those bytes — so the hash covers what the report was made from even
 * while a recording session's last segment grows. The worker's code is a string (eval) because
 * it needs nothing but Node's own modules, and a separate entry file would need its own place in
 * every bundle (Electron main, the CLI) and test runner. Where no worker can start, the hash is
 * computed in this thread instead.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { openSync, readSync, closeSync } = require('node:fs');
const hash = createHash('sha256');
const buf = Buffer.allocUnsafe(1 << 20);
let failed = null;
parentPort.on('message', (m) => {
  if (m.file !== undefined && failed === null) {
    try {
      const fd = openSync(m.file, 'r');
      try {
        for (let pos = 0; pos < m.bytes; ) {
          const n = readSync(fd, buf, 0, Math.min(buf.length, m.bytes - pos), pos);
          if (n === 0) throw new Error(m.file + ' became shorter while it was read');
          hash.update(buf.subarray(0, n));
          pos += n;
        }
      } finally {
        closeSync(fd);
      }
    } catch (e) {
      failed = String((e && e.message) || e);
    }
  } else if (m.file === undefined) {
    parentPort.postMessage(failed === null ? { sha256: hash.digest('hex') } : { error: failed });
  }
});
`;

export interface SegmentHasher {
  /** Hashes bytes [0, bytes) of `file`, after every segment added before it. */
  add(file: string, bytes: number): void;
  /** The hex digest of everything added; rejects if a segment could not be read. */
  digest(): Promise<string>;
  /** Stops the worker (idempotent); after `digest` or when the reading stops early. */
  close(): void;
}

export function startHasher(): SegmentHasher {
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, { eval: true });
  } catch {
    return inThreadHasher();
  }
  let closed = false;
  const failure = new Promise<never>((_, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the journal hashing thread stopped (exit ${code})`)),
    );
  });
  failure.catch(() => undefined);
  return {
    add: (file, bytes) => worker.postMessage({ file, bytes }),
    digest: async () => {
      const answer = new Promise<{ sha256?: string; error?: string }>((resolve) =>
        worker.once('message', resolve),
      );
      worker.postMessage({});
      const m = await Promise.race([answer, failure]);
      if (m.error !== undefined || m.sha256 === undefined)
        throw new Error(`Could not hash the journal: ${m.error ?? 'no answer'}`);
      return m.sha256;
    },
    close: () => {
      if (closed) return;
      closed = true;
      void worker.terminate();
    },
  };
}

/** The fallback: the same bytes, hashed here, one segment after another. */
export function inThreadHasher(): SegmentHasher {
  const hash = createHash('sha256');
  let queue: Promise<void> = Promise.resolve();
  return {
    add: (file, bytes) => {
      queue = queue.then(async () => {
        if (bytes === 0) return;
        let read = 0;
        for await (const chunk of createReadStream(file, {
          start: 0,
          end: bytes - 1,
          highWaterMark: 1 << 20,
        })) {
          hash.update(chunk as Buffer);
          read += (chunk as Buffer).length;
        }
        if (read !== bytes)
          throw new Error(`Could not hash the journal: ${file} became shorter while it was read`);
      });
    },
    digest: async () => {
      await queue;
      return hash.digest('hex');
    },
    close: () => undefined,
  };
}
