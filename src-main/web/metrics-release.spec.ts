import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MetricsAccess } from './metrics-auth';
import { startMetricsServer, type MetricsServer } from './metrics-server';

/**
 * The exposition writes over the buffers of a scrape once `/metrics` says it is done with them
 * (`release`): the route must say so once per answer, with the very list it was given; plain,
 * after the body's last byte; compressed, once every piece is compressed (the body sent is the
 * compressed copy).
 */

const TOKEN = 'metrics-token-0123456789abcdef';
const BODY = `${'vslicer_vm_cpu_seconds_total{host="h",vm="é"} 1\n'.repeat(20_000)}# EOF\n`;

function get(port: number, encoding: string, method = 'GET') {
  return new Promise<{ status: number; body: Buffer; length?: string; encoding?: string }>(
    (done, fail) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/metrics',
          method,
          headers: { Authorization: `Bearer ${TOKEN}`, 'Accept-Encoding': encoding },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
              length: res.headers['content-length'],
              encoding: res.headers['content-encoding'],
            }),
          );
        },
      );
      req.on('error', fail);
      req.end();
    },
  );
}

describe('/metrics hands a scrape’s buffers back once it is sent', () => {
  const answers: Buffer[][] = [];
  const released: (readonly (string | Uint8Array)[])[] = [];
  const access: MetricsAccess = {
    token: TOKEN,
    endpoint: {
      contentType: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
      scrapeParts: async () => {
        // Pieces of about 64 KiB, as the exposition writes them: more than a socket takes at once.
        const whole = Buffer.from(BODY, 'utf8');
        const parts: Buffer[] = [];
        for (let i = 0; i < whole.length; i += 65_536) parts.push(whole.subarray(i, i + 65_536));
        answers.push(parts);
        return parts;
      },
      release: (parts) => released.push(parts),
    },
  };
  let server: MetricsServer;
  beforeAll(async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, access);
  });
  afterAll(() => server.close());

  it('plain: the whole body with its length, then the list handed back', async () => {
    const res = await get(server.port, 'identity');
    expect(res.status).toBe(200);
    expect(res.encoding).toBeUndefined();
    expect(res.length).toBe(String(Buffer.byteLength(BODY)));
    expect(res.body.toString('utf8')).toBe(BODY);
    await expect.poll(() => released.length).toBe(1);
    expect(released[0]).toBe(answers[0]);
  });

  it('gzip: the whole body compressed with its length, the list handed back', async () => {
    const res = await get(server.port, 'gzip');
    expect(res.encoding).toBe('gzip');
    expect(res.length).toBe(String(res.body.length));
    expect(gunzipSync(res.body).toString('utf8')).toBe(BODY);
    await expect.poll(() => released.length).toBe(2);
    expect(released[1]).toBe(answers[1]);
  });

  it('HEAD: nothing sent, the list handed back at once', async () => {
    const res = await get(server.port, 'gzip', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(0);
    await expect.poll(() => released.length).toBe(3);
    expect(released[2]).toBe(answers[2]);
  });
});
