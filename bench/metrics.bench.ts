/**
 * /metrics at scale, as Prometheus sees it: 200 hosts × 20 VMs in this process, fed at 1 Hz as
 * the core feeds it (bench/metrics-feed.ts), scraped once a second over HTTP with the bearer token
 * by another process (bench/metrics-scraper.ts), so that reading and decompressing the body does
 * not take this process's CPU as it would in the same process. Scrapes alternate between
 * `Accept-Encoding: gzip` (what Prometheus sends) and `identity`, so both are measured under the
 * same load. Prints, per encoding: scrape wall time from request to last byte (target p95 ≤
 * 100 ms, PASS/FAIL), this process's CPU per scrape, body bytes; then the process's CPU share and
 * RSS after a full GC at start and end (growth apart from garbage not yet collected).
 * Run: npx tsx bench/metrics.bench.ts [--seconds N] (default 300) [--encoding gzip|identity|both]
 * Five minutes by default: each encoding's p95 then stands on 150 scrapes. Over 60 s it is the
 * second slowest of 30, and one cycle of the collector's marking more or less inside a scrape
 * moved it by 20 ms from one run to the next.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { VslicerMetrics } from '../src-main/metrics/vslicer-metrics';
import { startMetricsServer } from '../src-main/web/metrics-server';
import { fedFleet } from './metrics-feed';
import type { ScrapeOrder, ScrapeResult } from './metrics-scraper';

const HOSTS = 200;
const VMS = 20;
const LSVMS = 2;
const WARM_UP_SECONDS = 10;
const SCRAPE_P95_TARGET_MS = 100;
const argv = process.argv.slice(2).join(' ');
const seconds = Number(/--seconds[= ](\d+)/.exec(argv)?.[1] ?? 300);
const encoding = /--encoding[= ](gzip|identity|both)/.exec(argv)?.[1] ?? 'both';
const encodings = encoding === 'both' ? [true, false] : [encoding === 'gzip'];

// A full collection before each RSS reading, without asking for a node flag.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const fed = fedFleet(HOSTS, VMS, LSVMS);
const metrics = new VslicerMetrics(fed.sources, 'bench');
const feed = metrics.observe.bind(metrics);

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
const ms = (v: number) => `${v.toFixed(1)} ms`;
const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
const load = () => `load average ${loadavg()[0]!.toFixed(2)} on ${cpus().length} cores`;

interface Figures {
  wallMs: number[];
  cpuMs: number[];
  last: ScrapeResult | null;
}

async function main(): Promise<void> {
  const token = 'bench-token-0123456789abcdef';
  // The text alone, apart from sending it: CPU of each scrapeParts() (it builds synchronously).
  const buildMs: number[] = [];
  const endpoint = {
    contentType: metrics.contentType,
    scrapeParts: async (tap?: (piece: Uint8Array) => void) => {
      const c0 = process.cpuUsage();
      const parts = await metrics.scrapeParts(tap);
      buildMs.push(cpuMs(process.cpuUsage(c0)));
      return parts;
    },
    // As web mode hands them back: a response sent whole lets its buffers be written over.
    release: (parts: readonly (string | Uint8Array)[]) => metrics.release(parts),
  };
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, { endpoint, token });
  const scraper = fork(new URL('./metrics-scraper.ts', import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
  });
  const scrape = async (gzip: boolean): Promise<{ result: ScrapeResult; cpuMs: number }> => {
    const c0 = process.cpuUsage();
    scraper.send({ url: server.url, token, gzip } satisfies ScrapeOrder);
    const [result] = (await once(scraper, 'message')) as [ScrapeResult];
    if (result.status !== 200 || !result.complete)
      throw new Error(`bad scrape: ${JSON.stringify(result)}`);
    return { result, cpuMs: cpuMs(process.cpuUsage(c0)) };
  };

  // Warm-up: every series exists, as after the first minute of a real run.
  for (let s = 0; s < WARM_UP_SECONDS; s++) fed.second(s, feed);
  for (const gzip of encodings) await scrape(gzip);
  const loadStart = load();
  gc();
  const rssStart = process.memoryUsage().rss;
  const memStart = process.memoryUsage();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const figures = new Map<boolean, Figures>(
    encodings.map((g) => [g, { wallMs: [], cpuMs: [], last: null }]),
  );
  const feedMs: number[] = [];
  buildMs.length = 0;
  for (let s = WARM_UP_SECONDS; s < WARM_UP_SECONDS + seconds; s++) {
    const tick = performance.now();
    fed.second(s, feed);
    feedMs.push(performance.now() - tick);
    const gzip = encodings[s % encodings.length]!;
    const { result, cpuMs } = await scrape(gzip);
    const f = figures.get(gzip)!;
    f.wallMs.push(result.wallMs);
    f.cpuMs.push(cpuMs);
    f.last = result;
    const left = 1000 - (performance.now() - tick);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = cpuMs(process.cpuUsage(cpuStart)) / 1000;
  gc();
  const rssEnd = process.memoryUsage().rss;
  const memEnd = process.memoryUsage();
  const loadEnd = load();
  scraper.kill();
  await server.close();

  console.log(
    `${HOSTS} hosts × ${VMS} VMs, fed at 1 Hz, scraped at 1 Hz from another process for ${seconds} s`,
  );
  console.log(`${loadStart} at the start, ${loadEnd} at the end`);
  for (const [gzip, f] of figures) {
    const p95 = pct(f.wallMs, 0.95);
    const body = f.last!;
    console.log(
      `Accept-Encoding: ${gzip ? 'gzip' : 'identity'} (${f.wallMs.length} scrapes): wall p50 ${ms(pct(f.wallMs, 0.5))}, ` +
        `p95 ${ms(p95)}, max ${ms(Math.max(...f.wallMs))} — ${p95 <= SCRAPE_P95_TARGET_MS ? 'PASS' : 'FAIL'} ` +
        `(p95 ≤ ${SCRAPE_P95_TARGET_MS} ms); server CPU p50 ${ms(pct(f.cpuMs, 0.5))}, p95 ${ms(pct(f.cpuMs, 0.95))}; ` +
        `body ${mib(body.bytes)} MiB on the wire`,
    );
  }
  const any = [...figures.values()][0]!.last!;
  console.log(
    `text: ${mib(any.plainBytes)} MiB, ${any.lines} lines (${(any.plainBytes / (HOSTS * VMS) / 1024).toFixed(1)} KiB per VM)`,
  );
  console.log(
    `building the text (scrapeParts): CPU p50 ${ms(pct(buildMs, 0.5))}, p95 ${ms(pct(buildMs, 0.95))}`,
  );
  console.log(
    `feeding one second of events: p50 ${ms(pct(feedMs, 0.5))}, p95 ${ms(pct(feedMs, 0.95))}`,
  );
  console.log(
    `server process CPU: ${((cpu / wall) * 100).toFixed(0)} % of one core (feeding and serving)`,
  );
  console.log(
    `RSS after a full GC: ${mib(rssStart)} MiB at the start, ${mib(rssEnd)} MiB at the end; ` +
      `JS heap ${mib(memStart.heapUsed)} → ${mib(memEnd.heapUsed)} MiB, ` +
      `buffers ${mib(memStart.arrayBuffers)} → ${mib(memEnd.arrayBuffers)} MiB`,
  );
}

void main();
