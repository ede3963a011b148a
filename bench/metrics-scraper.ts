/**
 * The scraping side of bench/metrics.bench.ts, in a process of its own as Prometheus is: one
 * keep-alive connection, a GET of /metrics per request from the parent, with the bearer token and
 * `Accept-Encoding: gzip` as Prometheus sends it (or `identity`). The wall time runs from the
 * request to the body's last byte; decompressing and counting lines come after it, as
 * Prometheus's parsing does, and do not count.
 */
import { Agent, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface ScrapeOrder {
  url: string;
  token: string;
  gzip: boolean;
}

export interface ScrapeResult {
  status: number;
  wallMs: number;
  /** Bytes on the wire (gzip when it was asked for), and of the text. */
  bytes: number;
  plainBytes: number;
  lines: number;
  /** The body ends with `# EOF` and its newline. */
  complete: boolean;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

function scrape(order: ScrapeOrder): Promise<ScrapeResult> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const req = request(
      order.url,
      {
        agent,
        headers: {
          Authorization: `Bearer ${order.token}`,
          Accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5',
          'Accept-Encoding': order.gzip ? 'gzip' : 'identity',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          const wallMs = performance.now() - t0;
          const body = Buffer.concat(chunks);
          const plain = res.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
          let lines = 0;
          for (let i = plain.indexOf(10); i !== -1; i = plain.indexOf(10, i + 1)) lines++;
          done({
            status: res.statusCode ?? 0,
            wallMs,
            bytes: body.length,
            plainBytes: plain.length,
            lines,
            complete: plain.subarray(-6).toString('latin1') === '# EOF\n',
          });
        });
      },
    );
    req.on('error', fail);
    req.end();
  });
}

process.on('message', (order: ScrapeOrder) => {
  scrape(order).then(
    (result) => process.send!(result),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
