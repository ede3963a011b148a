/**
 * Renderer under load: web mode streaming 20 hosts × 50 VMs at 1 Hz from
 * synthetic hosts (bench/stream-server.ts), in Debian's Chromium driven by Playwright.
 * Frame time: requestAnimationFrame deltas collected in the page (Performance API clock),
 * p95 over the run — target ≤ 20 ms; on the host view p99 ≤ 33 ms (two frames at 60 Hz) and no
 * frame over 100 ms. Heap: CDP `Performance.getMetrics` JSHeapUsedSize after a
 * forced GC, at the start and the end — target growth ≤ 50 MB over 10 minutes.
 * The run spends 70 % on the host view of a 50-VM host (Live range) — half of it at the top (the
 * VM table), half scrolled down to the CPU share and fairness charts, so both are measured while
 * they are on screen — and 30 % on the overview.
 *
 * Each figure's long frames are broken down by where their time went (bench/long-frames.ts).
 *
 *   npx tsx bench/renderer-stream.bench.ts [--minutes 10] [--hosts 20] [--vms 50] [--renderer DIR]
 *
 * `--renderer` serves another build of the renderer (default out/renderer), to compare two.
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { attribute, LOAF_OBSERVER, type LongFrame } from './long-frames';
import { startStreamServer } from './stream-server';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const MINUTES = arg('minutes', 10);
const HOSTS = arg('hosts', 20);
const VMS = arg('vms', 50);
const WARMUP_MS = 20_000;
const P95_TARGET_MS = 20;
const HOST_P99_TARGET_MS = 33;
const HOST_MAX_TARGET_MS = 100;
const HEAP_TARGET_MB = 50;
const rendererAt = process.argv.indexOf('--renderer');
const RENDERER = rendererAt >= 0 ? process.argv[rendererAt + 1] : undefined;

if (!existsSync(`${RENDERER ?? 'out/renderer'}/index.html`)) {
  console.error('renderer-stream: build the renderer first (npm run -s build).');
  process.exit(1);
}

/**
 * Starts recording rAF deltas into a preallocated array, so recording adds nothing to the heap.
 * Page code is passed as text: tsx's transform would wrap named functions in a helper
 * (`__name`) that does not exist in the page.
 */
async function startFrames(page: Page, seconds: number): Promise<void> {
  await page.evaluate(`(() => {
    const rec = { deltas: new Float64Array(${Math.ceil(seconds * 240)}), n: 0, long: 0, stop: false };
    window.__frames = rec;
    let last = performance.now();
    const step = (now) => {
      if (rec.stop) return;
      if (rec.n < rec.deltas.length) rec.deltas[rec.n++] = now - last;
      last = now;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
    // Long animation frames (Chromium's LoAF), a second view of the same thing.
    try {
      new PerformanceObserver((list) => (rec.long += list.getEntries().length)).observe({ type: 'long-animation-frame' });
      ${LOAF_OBSERVER}
    } catch {
      rec.long = -1;
    }
  })()`);
}

interface Frames {
  deltas: number[];
  long: number;
  loaf: LongFrame[];
}

async function stopFrames(page: Page): Promise<Frames> {
  return page.evaluate(`(() => {
    const rec = window.__frames;
    rec.stop = true;
    return { deltas: Array.from(rec.deltas.subarray(0, rec.n)), long: rec.long, loaf: rec.loaf || [] };
  })()`);
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
interface FrameStats {
  p95: number;
  p99: number;
  max: number;
}
function summary(name: string, { deltas, long, loaf }: Frames, seconds: number): FrameStats {
  const sorted = deltas.slice(1).sort((a, b) => a - b);
  const stats = { p95: pct(sorted, 0.95), p99: pct(sorted, 0.99), max: sorted.at(-1) ?? NaN };
  console.log(
    `  ${name.padEnd(10)} frames ${sorted.length} (${(sorted.length / seconds).toFixed(1)}/s) · ` +
      `p50 ${pct(sorted, 0.5).toFixed(1)} ms · p95 ${stats.p95.toFixed(1)} ms · p99 ${stats.p99.toFixed(1)} ms · ` +
      `max ${stats.max.toFixed(0)} ms · long animation frames ` +
      (long < 0 ? 'n/a' : `${long} (${((long * 60) / seconds).toFixed(1)}/min)`),
  );
  console.log(`  ${''.padEnd(10)} ${attribute(loaf)}`);
  return stats;
}
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

const server = await startStreamServer({ hosts: HOSTS, vms: VMS, rendererDir: RENDERER });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--enable-precise-memory-info'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  console.log(
    `renderer-stream: ${HOSTS} hosts × ${VMS} VMs at 1 Hz, ${MINUTES} min, Chromium ${browser.version()}` +
      (RENDERER ? `, renderer ${RENDERER}` : ''),
  );
  // Wall-time frames on a shared machine: the load says how much to trust them.
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  console.log(`load average at the start: ${load()}`);
  await page.goto(server.url);
  await page.getByRole('img', { name: /Stacked CPU share/ }).waitFor();
  await page.waitForTimeout(WARMUP_MS);

  const totalMs = MINUTES * 60_000;
  const hostMs = Math.round(totalMs * 0.7);
  const tableMs = Math.round(hostMs / 2);
  const chartsMs = hostMs - tableMs;
  const overviewMs = totalMs - hostMs;
  const heap0 = await heapMb(cdp);
  const t0 = Date.now();
  const measure = async (ms: number) => {
    await startFrames(page, ms / 1000);
    for (let left = ms; left > 0; left -= 60_000) await page.waitForTimeout(Math.min(60_000, left));
    return stopFrames(page);
  };

  const table = await measure(tableMs);
  await page.getByRole('img', { name: /Stacked CPU share/ }).scrollIntoViewIfNeeded();
  const charts = await measure(chartsMs);

  await page.getByRole('button', { name: /^Overview/ }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  const overview = await measure(overviewMs);

  const heap1 = await heapMb(cdp);
  const minutes = (Date.now() - t0) / 60_000;
  console.log('frame time (requestAnimationFrame deltas):');
  const join = (a: Frames, b: Frames): Frames => ({
    deltas: [...a.deltas, ...b.deltas],
    long: a.long + b.long,
    loaf: [...a.loaf, ...b.loaf],
  });
  summary('host table', table, tableMs / 1000);
  summary('host chart', charts, chartsMs / 1000);
  const host = join(table, charts);
  const hostView = summary('host view', host, hostMs / 1000);
  summary('overview', overview, overviewMs / 1000);
  const { p95 } = summary('all', join(host, overview), totalMs / 1000);
  console.log(`load average at the end: ${load()}`);
  const growth = heap1 - heap0;
  console.log(
    `JS heap after GC: ${heap0.toFixed(1)} MB → ${heap1.toFixed(1)} MB, growth ${growth.toFixed(1)} MB over ${minutes.toFixed(1)} min`,
  );
  const p95ok = p95 <= P95_TARGET_MS;
  const p99ok = hostView.p99 <= HOST_P99_TARGET_MS;
  const maxOk = hostView.max <= HOST_MAX_TARGET_MS;
  const heapOk = growth <= HEAP_TARGET_MB;
  console.log(
    `targets: p95 ≤ ${P95_TARGET_MS} ms ${verdict(p95ok)} · ` +
      `host view p99 ${hostView.p99.toFixed(1)} ms ≤ ${HOST_P99_TARGET_MS} ms ${verdict(p99ok)} · ` +
      `host view max ${hostView.max.toFixed(0)} ms ≤ ${HOST_MAX_TARGET_MS} ms ${verdict(maxOk)} · ` +
      `heap growth ≤ ${HEAP_TARGET_MB} MB ${verdict(heapOk)}` +
      (MINUTES < 10 ? ` (a ${MINUTES}-minute run; the targets are for 10)` : ''),
  );
  failed = !p95ok || !p99ok || !maxOk || !heapOk;
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
