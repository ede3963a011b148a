import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEventEnvelope } from '../common/api';
import { ok } from '../common/result';
import { startWebServer, type WebServer } from './server';

const root = mkdtempSync(join(tmpdir(), 'vslicer-web-'));
writeFileSync(join(root, 'index.html'), '<title>vSlicer Console</title>');
writeFileSync(join(root, 'app.js'), 'console.log(1)');
const exportsDir = mkdtempSync(join(tmpdir(), 'vslicer-exports-'));
mkdirSync(join(exportsDir, 's1-csv'));
writeFileSync(join(exportsDir, 's1-csv', 'samples.csv'), 't_ms,vm\n1,web\n');

const sinks = new Set<(e: ApiEventEnvelope) => void>();
const backend = {
  dispatch: async (method: unknown, payload: unknown) => ok({ method, payload }),
  subscribe: (sink: (e: ApiEventEnvelope) => void) => {
    sinks.add(sink);
    return () => sinks.delete(sink);
  },
};

function get(server: WebServer, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string; cookie?: string }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, headers, method: 'GET' },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0] }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('web server', () => {
  let server: WebServer;
  beforeAll(async () => {
    server = await startWebServer({
      port: 0,
      rendererDir: root,
      backend,
      token: 'secret-token',
      exportsDir,
    });
  });
  afterAll(() => server.close());

  it('prints an address on 127.0.0.1 with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('sets an HttpOnly cookie on the first visit and accepts it afterwards', async () => {
    const first = await get(server, '/?token=secret-token');
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/^vslicer_token=secret-token; HttpOnly; SameSite=Strict/);
    const asset = await get(server, '/app.js', { Cookie: 'vslicer_token=secret-token' });
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect((await get(server, '/app.js', { Cookie: 'vslicer_token=guess' })).status).toBe(401);
  });

  it('never serves a file outside the renderer directory', async () => {
    for (const path of [
      '/../../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc%2fpasswd',
    ]) {
      const res = await get(server, `${path}?token=secret-token`);
      expect(res.body).not.toMatch(/root:/);
    }
  });

  it('serves exported reports as downloads, with the token only, and nothing outside them', async () => {
    const cookie = { Cookie: 'vslicer_token=secret-token' };
    const ok = await get(server, '/exports/s1-csv/samples.csv', cookie);
    expect(ok).toMatchObject({ status: 200, body: 't_ms,vm\n1,web\n' });
    expect((await get(server, '/exports/s1-csv/samples.csv')).status).toBe(401);
    expect((await get(server, '/exports/s1-csv/nope.csv', cookie)).status).toBe(404);
    const escape = await get(server, '/exports/../../../etc/passwd', cookie);
    expect(escape.body).not.toMatch(/root:/);
  });

  it('refuses another Host header (DNS rebinding) and a foreign Origin', async () => {
    expect((await get(server, '/?token=secret-token', { Host: 'evil.example' })).status).toBe(403);
    expect(
      (await get(server, '/?token=secret-token', { Origin: 'http://evil.example' })).status,
    ).toBe(403);
  });

  it('carries calls and events over the WebSocket, and closes on a malformed message', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=secret-token`, {
      origin: `http://127.0.0.1:${server.port}`,
    });
    const messages: unknown[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    await new Promise((r) => ws.once('open', r));
    ws.send(JSON.stringify({ kind: 'call', id: 7, method: 'listHosts', payload: {} }));
    await new Promise((r) => setTimeout(r, 100));
    sinks.forEach((s) => s({ name: 'hostStatus', payload: { x: 1 } }));
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([
      { kind: 'result', id: 7, result: { ok: true, value: { method: 'listHosts', payload: {} } } },
      { kind: 'event', name: 'hostStatus', payload: { x: 1 } },
    ]);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.send('not json');
    expect(await closed).toBe(1003);
  });
});
