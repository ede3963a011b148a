import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WIRE_CALL_MAX_BYTES } from '../common/wire';
import { hasToken, isLocalRequest, newToken, queryToken, tokenCookie } from './token-auth';
import { readStatic } from './static-files';
import { serveMetrics, type MetricsAccess } from './metrics-auth';
import { bridgeSocket, type ApiBackend } from './ws-bridge';

export interface WebServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  backend: ApiBackend;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
  /** Exported reports, served as downloads under /exports/ (same token rules). */
  exportsDir?: string;
  /** `/metrics` on this server, behind its own bearer token (never the UI's token). */
  metrics?: MetricsAccess;
}

export interface WebServer {
  port: number;
  token: string;
  /** The address to open, token included. */
  url: string;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // The token sits in the URL of the first request: never send it anywhere as a referrer.
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/**
 * Web mode: the renderer and the API over WebSocket, on 127.0.0.1 only. Every HTTP request and
 * WebSocket upgrade must carry the token (query or cookie) and come from this origin.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const token = options.token ?? newToken();
  const root = resolve(options.rendererDir);
  // Calls are small: a larger frame is refused by ws itself before it is buffered whole.
  const wss = new WebSocketServer({ noServer: true, maxPayload: WIRE_CALL_MAX_BYTES });
  let port = 0;

  const refuse = (res: ServerResponse, status: number, text: string) => {
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
    res.end(`${text}\n`);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!isLocalRequest(req, port)) return refuse(res, 403, 'Forbidden: wrong host or origin.');
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    // Prometheus proves itself with the metrics token alone; the UI's token opens nothing here.
    if (path === '/metrics' && options.metrics) return serveMetrics(req, res, options.metrics);
    if (!hasToken(req, token)) {
      return refuse(res, 401, 'Unauthorized: open the address printed by `vslicer web`.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 405, 'Method not allowed.');
    const download = options.exportsDir !== undefined && path.startsWith('/exports/');
    const from = download ? resolve(options.exportsDir!) : root;
    void readStatic(from, download ? path.slice('/exports'.length) : path, !download).then(
      (file) => {
        if (!file)
          return refuse(
            res,
            404,
            download
              ? 'No such report file.'
              : 'Not found. Was the renderer built (npm run build)?',
          );
        const headers: Record<string, string> = { 'Content-Type': file.type, ...SECURITY_HEADERS };
        if (download) headers['Content-Disposition'] = 'attachment';
        if (queryToken(req) !== null) headers['Set-Cookie'] = tokenCookie(token);
        res.writeHead(200, headers);
        res.end(req.method === 'HEAD' ? undefined : file.body);
      },
    );
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (path !== '/api') return reject('404 Not Found');
    if (!isLocalRequest(req, port)) return reject('403 Forbidden');
    if (!hasToken(req, token)) return reject('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => bridgeSocket(ws, options.backend));
  });

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: () =>
      new Promise<void>((done) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
