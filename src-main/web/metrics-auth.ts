import { stat, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { ParallelGzip } from './parallel-gzip';
import { sameSecret } from './token-auth';

/** What a `/metrics` route serves: the core's exposition (web/ may not import metrics/ itself). */
export interface MetricsEndpoint {
  readonly contentType: string;
  /**
   * The exposition in pieces (text, or its UTF-8) that, one after the other, make the whole.
   * With `tap`, an endpoint may also hand each piece of UTF-8 over as soon as it is written, in
   * order and every one of them, so that compressing it starts while the rest is built.
   */
  scrapeParts(tap?: (piece: Uint8Array) => void): Promise<readonly (string | Uint8Array)[]>;
  /**
   * Called once nothing reads an answer of scrapeParts() any more — a plain answer sent whole, a
   * compressed one once compressed: its buffers may be reused.
   */
  release?(parts: readonly (string | Uint8Array)[]): void;
}

export interface MetricsAccess {
  endpoint: MetricsEndpoint;
  /** The bearer token Prometheus presents; never the UI's token. */
  token: string;
}

/** Tokens shorter than this are refused: a scrape endpoint may face a network. */
export const MIN_TOKEN_LENGTH = 16;

/** `Authorization: Bearer <token>`, compared in constant time. */
export function hasBearer(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match !== null && sameSecret(match[1]!, token);
}

/**
 * Reads the token from the file Prometheus's `credentials_file` reads too: the operator's file,
 * never written by the app. Like OpenSSH with a private key, a file that others may read is
 * refused, and so is a token too short to resist guessing.
 */
export async function readTokenFile(path: string): Promise<string> {
  const info = await stat(path);
  if (!info.isFile()) throw new Error(`${path} is not a file.`);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    throw new Error(
      `${path} may be read by others (mode ${(info.mode & 0o777).toString(8)}); chmod 600 it.`,
    );
  }
  const token = (await readFile(path, 'utf8')).trim();
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(
      `${path} must hold one token of at least ${MIN_TOKEN_LENGTH} characters without spaces.`,
    );
  }
  return token;
}

const HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' };

/** Answers one request for `/metrics`: 401 without the bearer token, the exposition with it. */
export function serveMetrics(req: IncomingMessage, res: ServerResponse, access: MetricsAccess) {
  const refuse = (status: number, text: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...HEADERS, ...extra });
    res.end(`${text}\n`);
  };
  if (!hasBearer(req, access.token)) {
    return refuse(401, 'Unauthorized: send the metrics bearer token.', {
      'WWW-Authenticate': 'Bearer realm="vslicer-metrics"',
    });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(405, 'Method not allowed.');
  const gzip = req.method === 'GET' && acceptsGzip(req) ? new ParallelGzip(GZIP_LEVEL) : null;
  let tapped = false;
  const tap = gzip
    ? (piece: Uint8Array) => {
        tapped = true;
        gzip.push(piece);
      }
    : undefined;
  const answer = (parts: readonly Uint8Array[], headers: Record<string, string>) => {
    const length = parts.reduce((n, p) => n + p.byteLength, 0);
    res.writeHead(200, {
      'Content-Type': access.endpoint.contentType,
      ...HEADERS,
      Vary: 'Accept-Encoding',
      'Content-Length': String(length),
      ...headers,
    });
  };
  access.endpoint
    .scrapeParts(tap)
    .then(async (pieces) => {
      const parts = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
      const release = () => access.endpoint.release?.(pieces);
      if (gzip) {
        if (!tapped) for (const p of parts) gzip.push(p);
        // Once compressed, the text's buffers are read no more: handed back before sending.
        const body = await gzip.end().finally(release);
        answer(body, { 'Content-Encoding': 'gzip' });
        return void writeAll(res, body);
      }
      answer(parts, {});
      if (req.method === 'HEAD') {
        res.end();
        return release();
      }
      // Only a response sent whole hands its buffers back: one cut short may leave a write
      // still reading them.
      res.once('finish', release);
      void writeAll(res, parts);
    })
    .catch((error: unknown) => {
      if (res.headersSent) return void res.destroy(error as Error);
      refuse(500, `Metrics failed: ${(error as Error).message}`);
    });
}

/**
 * Writes the pieces one after the other, waiting for room whenever the stream's buffer is full:
 * a slow reader holds the scrape's buffers (already made), not more copies of them.
 */
async function writeAll(out: Writable, parts: readonly Uint8Array[]): Promise<void> {
  for (const part of parts) {
    if (out.destroyed) return;
    if (!out.write(part)) await room(out);
  }
  if (!out.destroyed) out.end();
}

function room(out: Writable): Promise<void> {
  return new Promise((resume) => {
    const go = () => {
      out.off('drain', go);
      out.off('close', go);
      resume();
    };
    out.on('drain', go);
    out.on('close', go);
  });
}

/**
 * Fastest zlib level: the exposition is very repetitive (label sets, bucket bounds), so even level
 * 1 gives about a tenth of the bytes, at a fraction of level 6's CPU.
 */
const GZIP_LEVEL = 1;

/** Prometheus asks with `Accept-Encoding: gzip`; a client that does not gets plain text. */
function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'] ?? '';
  return header.split(',').some((e) => {
    const [name, ...params] = e.trim().split(';');
    return (
      name!.trim().toLowerCase() === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))
    );
  });
}
