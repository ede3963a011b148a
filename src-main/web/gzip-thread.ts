import { Worker } from 'node:worker_threads';
import { constants, deflateRaw } from 'node:zlib';

/**
 * Raw deflate of a body's pieces on one thread of their own, so that compressing a scrape runs on
 * the other core while this thread still writes the text. zlib's own asynchronous calls were tried
 * first: on libuv's pool each piece went back and forth to this thread as a stream (output
 * taken, then the final flush), which cost 65 ms of CPU for what takes 25 ms in one go, and
 * most of it waited for this thread to be free.
 *
 * The thread's code is plain JavaScript given as text: it needs nothing but node:zlib, and so no
 * bundle entry of its own.
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
parentPort.on('message', (m) => {
  try {
    const out = zlib.deflateRawSync(m.piece, {
      level: m.level,
      memLevel: 9,
      finishFlush: m.final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH,
    });
    parentPort.postMessage({ id: m.id, out });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

type Reply = { id: number; out: Uint8Array } | { id: number; error: string };

interface Waiting {
  done(out: Buffer): void;
  fail(error: Error): void;
}

/**
 * The one compression thread of the process, started at the first piece and kept; it keeps the
 * process alive only while pieces wait for it. If it cannot start, pieces are compressed on
 * libuv's pool instead.
 */
export class GzipThread {
  private worker: Worker | null = null;
  private failedToStart = false;
  private nextId = 0;
  private readonly waiting = new Map<number, Waiting>();

  /** `start` makes the thread from its code (tests give one that fails or stops). */
  constructor(
    private readonly startWorker: (source: string) => Worker = (source) =>
      new Worker(source, { eval: true }),
  ) {}

  /**
   * `piece` as raw deflate, ending with a sync flush (so that pieces join into one stream), or,
   * with `final`, with the stream's final block. Replies come in the order asked.
   */
  deflate(piece: Uint8Array, level: number, final: boolean): Promise<Buffer> {
    const worker = this.start();
    if (!worker) return onPool(piece, level, final);
    const id = this.nextId++;
    if (this.waiting.size === 0) worker.ref();
    return new Promise((done, fail) => {
      this.waiting.set(id, { done, fail });
      worker.postMessage({ id, piece, level, final });
    });
  }

  private start(): Worker | null {
    if (this.worker || this.failedToStart) return this.worker;
    try {
      const worker = this.startWorker(SOURCE);
      worker.on('message', (m: Reply) => this.reply(m));
      worker.on('error', (e) => this.failAll(e));
      worker.on('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        this.failAll(new Error(`the gzip thread stopped (exit ${code})`));
      });
      // After the listeners: adding a 'message' listener refs the thread again.
      worker.unref();
      this.worker = worker;
    } catch {
      this.failedToStart = true;
    }
    return this.worker;
  }

  private reply(m: Reply): void {
    const w = this.waiting.get(m.id);
    if (!w) return;
    this.waiting.delete(m.id);
    if (this.waiting.size === 0) this.worker?.unref();
    if ('error' in m) w.fail(new Error(`gzip: ${m.error}`));
    else w.done(Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength));
  }

  private failAll(error: Error): void {
    for (const w of this.waiting.values()) w.fail(error);
    this.waiting.clear();
    this.worker?.unref();
  }
}

function onPool(piece: Uint8Array, level: number, final: boolean): Promise<Buffer> {
  const finishFlush = final ? constants.Z_FINISH : constants.Z_SYNC_FLUSH;
  return new Promise((done, fail) => {
    deflateRaw(piece, { level, finishFlush }, (error, out) => (error ? fail(error) : done(out)));
  });
}

/** The process's compression thread. */
export const gzipThread = new GzipThread();
