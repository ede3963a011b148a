/**
 * /metrics at scale: 200 hosts × 20 VMs in process, fed at 1 Hz as the core feeds it (a xentop
 * frame per host a second, a probe round of 5 echo requests per VM every 2 s, scheduling waits per
 * host every 5 s), scraped once a second over HTTP with the bearer token, as Prometheus would.
 * Prints scrape time (target p95 ≤ 100 ms), body size, CPU and RSS.
 * Run: npx tsx bench/metrics.bench.ts [--seconds N] (default 60) [--variant parts|gzip|whole]
 * `parts` (default): the body written piece by piece, plain text; `gzip`: the same, with the
 * client asking for gzip as Prometheus does (and decompressing it, as Prometheus must); `whole`:
 * the body as one string, as before it was written in pieces — for A/B runs on a shared machine.
 */
import { cpus, loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { ApiEvent } from '../src-main/common/api';
import type { HostSample } from '../src-main/common/model';
import { VslicerMetrics } from '../src-main/metrics/vslicer-metrics';
import { startMetricsServer } from '../src-main/web/metrics-server';
import { fleet, seeded } from './fleet';

const HOSTS = 200;
const VMS = 20;
const LSVMS = 2;
const SCRAPE_P95_TARGET_MS = 100;
const argv = process.argv.slice(2).join(' ');
const seconds = Number(/--seconds[= ](\d+)/.exec(argv)?.[1] ?? 60);
const variant = /--variant[= ](parts|gzip|whole)/.exec(argv)?.[1] ?? 'parts';

const { hostIds, vmNames, summaries, scheds } = fleet(HOSTS, VMS, LSVMS);
const rand = seeded();
const latest = new Map<string, HostSample>();

function frame(hostId: string, t: number): HostSample {
  return {
    hostId,
    t,
    gapBefore: false,
    rejected: [],
    domains: [
      {
        name: 'Domain-0',
        state: 'r-----',
        cpuPct: 3,
        share: null,
        memKiB: 1,
        maxMemKiB: null,
        vcpus: 1,
      },
      ...vmNames.map((name) => {
        const share = 0.02 + rand() * 0.06;
        return {
          name,
          state: rand() < 0.3 ? '--b---' : '-----r',
          cpuPct: share * 400,
          share,
          memKiB: 1_048_576,
          maxMemKiB: 1_049_600,
          vcpus: 1,
        };
      }),
    ],
  };
}

const metrics = new VslicerMetrics(
  {
    hosts: () => summaries,
    latestSample: (id) => latest.get(id),
    sched: (id) => scheds.get(id) ?? null,
  },
  'bench',
);
const feed = (e: ApiEvent) => metrics.observe(e);

function second(s: number): void {
  const t = Date.now();
  for (const hostId of hostIds) {
    const sample = frame(hostId, t);
    latest.set(hostId, sample);
    feed({ name: 'hostSample', payload: sample });
    for (const [v, vm] of vmNames.entries()) {
      if ((s + v) % 2 !== 0) continue;
      const base = v < LSVMS ? 0.0005 : 0.01 + rand() * 0.05;
      const rttMs = Array.from({ length: 5 }, () =>
        rand() < 0.01 ? null : (base + rand() * 0.01) * 1000,
      );
      feed({ name: 'latencySample', payload: { hostId, vm, address: '10.0.0.2', t, rttMs } });
    }
    if (s % 5 === 0) {
      const vms = vmNames.map((vm, v) => {
        const hist = Array.from({ length: 24 }, (_, k) =>
          k >= 3 && k <= 15 ? Math.floor(rand() * 200) : 0,
        );
        const waits = hist.reduce((a, b) => a + b, 0);
        return {
          vm,
          domid: v + 1,
          window: { dispatches: waits + 10, waits, sumUs: waits * 900, maxUs: 40_000, hist },
        };
      });
      feed({
        name: 'schedWaits',
        payload: { hostId, t, sinceT: t - 5000, vms, unavailable: null },
      });
    }
  }
}

const pct = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

async function main(): Promise<void> {
  const token = 'bench-token-0123456789abcdef';
  const endpoint =
    variant === 'whole'
      ? {
          contentType: metrics.contentType,
          scrapeParts: async () => [await metrics.scrape()],
        }
      : metrics;
  const server = await startMetricsServer({ host: '127.0.0.1', port: 0 }, { endpoint, token });
  const headers = {
    Authorization: `Bearer ${token}`,
    'Accept-Encoding': variant === 'gzip' ? 'gzip' : 'identity',
  };
  // Warm-up: every series exists, as after the first minute of a real run.
  for (let s = 0; s < 10; s++) second(s);
  await fetch(server.url, { headers }).then((r) => r.text());
  const rssStart = process.memoryUsage().rss;
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const scrapeMs: number[] = [];
  const feedMs: number[] = [];
  // CPU time of the process during each scrape (server and this client): what the scrape costs
  // whatever else the machine runs; the wall time also counts waiting for a core.
  const scrapeCpuMs: number[] = [];
  const buildMs: number[] = [];
  const buildCpuMs: number[] = [];
  let bytes = 0;
  let lastBody = Buffer.alloc(0);
  let lines = 0;
  for (let s = 10; s < 10 + seconds; s++) {
    const tick = performance.now();
    second(s);
    feedMs.push(performance.now() - tick);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const body = await fetch(server.url, { headers }).then((r) => r.arrayBuffer());
    scrapeMs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    scrapeCpuMs.push((c.user + c.system) / 1000);
    bytes = body.byteLength;
    lastBody = Buffer.from(body);
    lines = Buffer.from(body).toString('latin1').split('\n').length - 1;
    // The exposition alone, in process: what the console spends building the text.
    const b0 = performance.now();
    const c1 = process.cpuUsage();
    await metrics.scrape();
    buildMs.push(performance.now() - b0);
    const cb = process.cpuUsage(c1);
    buildCpuMs.push((cb.user + cb.system) / 1000);
    const left = 1000 - (performance.now() - tick);
    if (left > 0) await new Promise((r) => setTimeout(r, left));
  }
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const rssEnd = process.memoryUsage().rss;
  await server.close();
  const p95 = pct(scrapeMs, 0.95);
  console.log(
    `${HOSTS} hosts × ${VMS} VMs, fed at 1 Hz and scraped at 1 Hz for ${seconds} s (variant ${variant})`,
  );
  console.log(
    `scrape (HTTP, bearer, whole body): p50 ${pct(scrapeMs, 0.5).toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${Math.max(...scrapeMs).toFixed(1)} ms (target p95 ≤ ${SCRAPE_P95_TARGET_MS} ms) ${p95 <= SCRAPE_P95_TARGET_MS ? 'OK' : 'OVER'}`,
  );
  console.log(
    `exposition text alone (scrape(), no HTTP): wall p50 ${pct(buildMs, 0.5).toFixed(1)} ms, p95 ${pct(buildMs, 0.95).toFixed(1)} ms; CPU p50 ${pct(buildCpuMs, 0.5).toFixed(1)} ms, p95 ${pct(buildCpuMs, 0.95).toFixed(1)} ms`,
  );
  console.log(
    `scrape CPU time: p50 ${pct(scrapeCpuMs, 0.5).toFixed(1)} ms, p95 ${pct(scrapeCpuMs, 0.95).toFixed(1)} ms; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores`,
  );
  console.log(
    `body: ${mb(bytes)} MiB, ${lines} lines (${(bytes / (HOSTS * VMS) / 1024).toFixed(1)} KiB per VM); gzip level 1: ${mb(gzipSync(lastBody, { level: 1 }).byteLength)} MiB`,
  );
  console.log(`feeding one second of events: p95 ${pct(feedMs, 0.95).toFixed(1)} ms`);
  console.log(
    `CPU: ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)} % of one core (feeding and scraping)`,
  );
  console.log(`RSS: ${mb(rssEnd)} MiB (${mb(rssEnd - rssStart)} MiB growth over the run)`);
}

void main();
