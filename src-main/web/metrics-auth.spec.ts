import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from '../common/result';
import { readTokenFile, type MetricsAccess } from './metrics-auth';
import { parseListenAddress, startMetricsServer, type MetricsServer } from './metrics-server';
import { startWebServer, type WebServer } from './server';

const UI_TOKEN = 'ui-token-0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
const root = mkdtempSync(join(tmpdir(), 'vslicer-metrics-web-'));
writeFileSync(join(root, 'index.html'), '<title>vSlicer Console</title>');

const access: MetricsAccess = {
  token: METRICS_TOKEN,
  endpoint: {
    contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
    scrapeParts: async () => ['vslicer_host_up{host="demo"} 1\n', '# EOF\n'],
  },
};
const backend = { dispatch: async () => ok({}), subscribe: () => () => undefined };

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; body: string; type?: string; auth?: string }>(
    (resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, headers: { ...headers }, method },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              type: res.headers['content-type'],
              auth: res.headers['www-authenticate'],
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    },
  );
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('/metrics on the web server', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({
      port: 0,
      rendererDir: root,
      backend,
      token: UI_TOKEN,
      metrics: access,
    });
  });
  afterAll(() => server.close());

  it('answers the exposition to the metrics bearer token', async () => {
    const r = await get(server.port, '/metrics', bearer(METRICS_TOKEN));
    expect(r.status).toBe(200);
    expect(r.type).toBe(access.endpoint.contentType);
    expect(r.body).toContain('vslicer_host_up{host="demo"} 1');
  });

  it('compresses with gzip only when the client asks (Prometheus does), never when refused', async () => {
    const raw = (headers: Record<string, string>) =>
      new Promise<{ encoding?: string; vary?: string; body: Buffer }>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: server.port, path: '/metrics', headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                vary: res.headers.vary,
                body: Buffer.concat(chunks),
              }),
            );
          },
        );
        req.on('error', reject);
        req.end();
      });
    const whole = 'vslicer_host_up{host="demo"} 1\n# EOF\n';
    const zipped = await raw({ ...bearer(METRICS_TOKEN), 'Accept-Encoding': 'gzip' });
    expect(zipped.encoding).toBe('gzip');
    expect(zipped.vary).toBe('Accept-Encoding');
    expect(gunzipSync(zipped.body).toString()).toBe(whole);
    for (const refused of ['identity', 'gzip;q=0', 'deflate, br']) {
      const plain = await raw({ ...bearer(METRICS_TOKEN), 'Accept-Encoding': refused });
      expect([refused, plain.encoding, plain.body.toString()]).toEqual([refused, undefined, whole]);
    }
  });

  it('refuses a scrape without the token with 401 and a Bearer challenge', async () => {
    const r = await get(server.port, '/metrics');
    expect(r.status).toBe(401);
    expect(r.auth).toMatch(/^Bearer /);
    expect(r.body).not.toContain('vslicer_');
  });

  it('never takes the UI token for the metrics token, nor the other way round', async () => {
    expect((await get(server.port, `/metrics?token=${UI_TOKEN}`)).status).toBe(401);
    expect(
      (await get(server.port, '/metrics', { Cookie: `vslicer_token=${UI_TOKEN}` })).status,
    ).toBe(401);
    expect((await get(server.port, '/metrics', bearer(UI_TOKEN))).status).toBe(401);
    expect((await get(server.port, '/', bearer(METRICS_TOKEN))).status).toBe(401);
    expect((await get(server.port, `/?token=${METRICS_TOKEN}`)).status).toBe(401);
  });

  it('refuses a wrong or prefixed token, and methods other than GET and HEAD', async () => {
    expect((await get(server.port, '/metrics', bearer(`${METRICS_TOKEN}x`))).status).toBe(401);
    expect((await get(server.port, '/metrics', bearer(METRICS_TOKEN.slice(0, -1)))).status).toBe(
      401,
    );
    expect(
      (await get(server.port, '/metrics', { Authorization: `Basic ${METRICS_TOKEN}` })).status,
    ).toBe(401);
    expect((await get(server.port, '/metrics', bearer(METRICS_TOKEN), 'POST')).status).toBe(405);
  });
});

describe('/metrics on an address of its own (--metrics-listen)', () => {
  let server: MetricsServer;
  beforeAll(async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, access);
  });
  afterAll(() => server.close());

  it('serves only /metrics, behind the bearer token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
    expect((await get(server.port, '/metrics', bearer(METRICS_TOKEN))).status).toBe(200);
    expect((await get(server.port, '/metrics')).status).toBe(401);
    expect((await get(server.port, '/', bearer(METRICS_TOKEN))).status).toBe(404);
    expect((await get(server.port, '/index.html', bearer(METRICS_TOKEN))).status).toBe(404);
  });
});

describe('metrics flags', () => {
  it('reads ADDR:PORT for IPv4, names and bracketed IPv6', () => {
    expect(parseListenAddress('127.0.0.1:9842')).toEqual({ host: '127.0.0.1', port: 9842 });
    expect(parseListenAddress('0.0.0.0:0')).toEqual({ host: '0.0.0.0', port: 0 });
    expect(parseListenAddress('[::]:9842')).toEqual({ host: '::', port: 9842 });
    expect(parseListenAddress('localhost:9842')).toEqual({ host: 'localhost', port: 9842 });
    for (const bad of ['9842', '127.0.0.1', ':9842', '::1:9842', '127.0.0.1:70000', 'a b:1']) {
      expect(typeof parseListenAddress(bad)).toBe('string');
    }
  });

  it('takes the token from a file only the operator can read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vslicer-token-'));
    const file = join(dir, 'metrics.token');
    writeFileSync(file, `${METRICS_TOKEN}\n`, { mode: 0o600 });
    await expect(readTokenFile(file)).resolves.toBe(METRICS_TOKEN);
    chmodSync(file, 0o644);
    await expect(readTokenFile(file)).rejects.toThrow(/chmod 600/);
    const short = join(dir, 'short.token');
    writeFileSync(short, 'abc\n', { mode: 0o600 });
    await expect(readTokenFile(short)).rejects.toThrow(/at least 16/);
    await expect(readTokenFile(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
