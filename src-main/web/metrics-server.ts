import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveMetrics, type MetricsAccess } from './metrics-auth';

export interface ListenAddress {
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/**
 * `ADDR:PORT` as `--metrics-listen` takes it: `127.0.0.1:9842`, `0.0.0.0:9842`, `[::]:9842`,
 * `[::1]:0`. An error sentence otherwise.
 */
export function parseListenAddress(text: string): ListenAddress | string {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+|[A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    return `--metrics-listen needs ADDR:PORT (e.g. 127.0.0.1:9842, 0.0.0.0:9842, [::]:9842), not "${text}".`;
  }
  return { host: m[1] ?? m[2]!, port };
}

export interface MetricsServer {
  /** `http://ADDR:PORT/metrics` as bound. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * `/metrics` on an address of its own, for a Prometheus on another machine: the UI stays on
 * 127.0.0.1, and this listener serves nothing but the exposition, behind the bearer token.
 */
export async function startMetricsServer(
  at: ListenAddress,
  access: MetricsAccess,
): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/metrics') return serveMetrics(req, res, access);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Only /metrics is served here.\n');
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(at.port, at.host, () => done());
  });
  const port = (server.address() as AddressInfo).port;
  const host = at.host.includes(':') ? `[${at.host}]` : at.host;
  return {
    url: `http://${host}:${port}/metrics`,
    port,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
