import { stat, readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sameSecret } from './token-auth';

/** What a `/metrics` route serves: the core's exposition (web/ may not import metrics/ itself). */
export interface MetricsEndpoint {
  readonly contentType: string;
  scrape(): Promise<string>;
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
  access.endpoint.scrape().then(
    (body) => {
      res.writeHead(200, { 'Content-Type': access.endpoint.contentType, ...HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
    },
    (error: unknown) => refuse(500, `Metrics failed: ${(error as Error).message}`),
  );
}
