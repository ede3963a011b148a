import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ok } from '../common/result';
import { startWebServer, type WebServer } from './server';

const root = mkdtempSync(join(tmpdir(), 'vslicer-ws-'));
writeFileSync(join(root, 'index.html'), '<title>t</title>');
const BIG = 'x'.repeat(256 * 1024);

/** A peer with the token that misbehaves must not exhaust the core or stall it for others. */
describe('the API socket against a hostile or stuck client', () => {
  let server: WebServer;
  afterEach(() => server.close());

  async function start() {
    server = await startWebServer({
      port: 0,
      rendererDir: root,
      token: 't',
      backend: {
        // Every answer is a quarter MiB (a host's history is of that order).
        dispatch: async (method) => ok({ method, BIG }),
        subscribe: () => () => undefined,
      },
    });
  }
  const connect = async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=t`, {
      origin: `http://127.0.0.1:${server.port}`,
      maxPayload: 64 * 1024 * 1024,
    });
    await new Promise((r) => ws.once('open', r));
    return ws;
  };
  const call = (ws: WebSocket, id: number) =>
    ws.send(JSON.stringify({ kind: 'call', id, method: 'listHosts', payload: {} }));

  it('refuses a call nested deeper than the contract ever is, before parsing it, and serves others meanwhile', async () => {
    await start();
    const hostile = await connect();
    const closed = new Promise<{ code: number; reason: string }>((r) =>
      hostile.once('close', (code, reason) => r({ code, reason: reason.toString() })),
    );
    const depth = 100_000; // 200 kB of brackets, within the size bound
    hostile.send(
      `{"kind":"call","id":1,"method":"listHosts","payload":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    const other = await connect();
    const t0 = performance.now();
    const answered = new Promise((r) => other.once('message', r));
    call(other, 2);
    await answered;
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(await closed).toEqual({ code: 1009, reason: 'nested deeper than 32 levels' });
    // A 10 MB message is refused by size before it is even buffered.
    const huge = await connect();
    const hugeClosed = new Promise<number>((r) => huge.once('close', (code) => r(code)));
    huge.send(
      `{"kind":"call","id":1,"method":"listHosts","payload":"${'y'.repeat(10 * 1024 * 1024)}"}`,
    );
    expect(await hugeClosed).toBe(1009);
    other.close();
  });

  it('closes a client that keeps calling without reading its results', async () => {
    await start();
    const stuck = await connect();
    // The client stops reading: the kernel's buffers fill, then the server's.
    (stuck as unknown as { _socket: { pause(): void } })._socket.pause();
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 3000; i++) call(stuck, i);
    const closed = new Promise<void>((r) => stuck.once('close', () => r()));
    // The server closes it; the client sees the close once it reads again.
    await new Promise((r) => setTimeout(r, 1500));
    (stuck as unknown as { _socket: { resume(): void } })._socket.resume();
    await closed;
    const grew = process.memoryUsage().rss - rss0;
    // 3000 answers of 256 KiB would be 750 MiB queued; the bound keeps far below that.
    expect(grew).toBeLessThan(200 * 1024 * 1024);
  });
});
