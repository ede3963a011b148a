/**
 * Renderer under load: web mode streaming 20 hosts × 50 VMs at 1 Hz from
 * synthetic hosts (bench/stream-server.ts), in Debian's Chromium driven by Playwright.
 * Frame time: requestAnimationFrame deltas collected in the page (Performance API clock),
 * p95 over the run — target ≤ 20 ms. Heap: CDP `Performance.getMetrics` JSHeapUsedSize after a
 * forced GC, at the start and the end — target growth ≤ 50 MB over 10 minutes.
 * The run spends 70 % on the host view of a 50-VM host (Live range) and 30 % on the overview.
 *
 *   npx tsx bench/renderer-stream.bench.ts [--minutes 10] [--hosts 20] [--vms 50]
 */
import { existsSync } from 'node:fs';
import { chromium, type CDPSession, type Page } from '@playwright/test';
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
const HEAP_TARGET_MB = 50;

if (!existsSync('out/renderer/index.html')) {
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
    } catch {
      rec.long = -1;
    }
  })()`);
}

async function stopFrames(page: Page): Promise<{ deltas: number[]; long: number }> {
  return page.evaluate(`(() => {
    const rec = window.__frames;
    rec.stop = true;
    return { deltas: Array.from(rec.deltas.subarray(0, rec.n)), long: rec.long };
  })()`);
}

async function heapMb(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 2 ** 20;
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
function summary(name: string, deltas: number[], seconds: number, long: number): number {
  const sorted = deltas.slice(1).sort((a, b) => a - b);
  const p95 = pct(sorted, 0.95);
  console.log(
    `  ${name.padEnd(10)} frames ${sorted.length} (${(sorted.length / seconds).toFixed(1)}/s) · ` +
      `p50 ${pct(sorted, 0.5).toFixed(1)} ms · p95 ${p95.toFixed(1)} ms · p99 ${pct(sorted, 0.99).toFixed(1)} ms · ` +
      `max ${(sorted.at(-1) ?? NaN).toFixed(0)} ms · long animation frames ${long < 0 ? 'n/a' : long}`,
  );
  return p95;
}

const server = await startStreamServer({ hosts: HOSTS, vms: VMS });
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
    `renderer-stream: ${HOSTS} hosts × ${VMS} VMs at 1 Hz, ${MINUTES} min, Chromium ${browser.version()}`,
  );
  await page.goto(server.url);
  await page.getByRole('img', { name: /Stacked CPU share/ }).waitFor();
  await page.waitForTimeout(WARMUP_MS);

  const totalMs = MINUTES * 60_000;
  const hostMs = Math.round(totalMs * 0.7);
  const heap0 = await heapMb(cdp);
  const t0 = Date.now();

  await startFrames(page, hostMs / 1000);
  for (let left = hostMs; left > 0; left -= 60_000)
    await page.waitForTimeout(Math.min(60_000, left));
  const host = await stopFrames(page);

  await page.getByRole('button', { name: /^Overview/ }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  await startFrames(page, (totalMs - hostMs) / 1000);
  for (let left = totalMs - hostMs; left > 0; left -= 60_000)
    await page.waitForTimeout(Math.min(60_000, left));
  const overview = await stopFrames(page);

  const heap1 = await heapMb(cdp);
  const minutes = (Date.now() - t0) / 60_000;
  console.log('frame time (requestAnimationFrame deltas):');
  summary('host view', host.deltas, hostMs / 1000, host.long);
  summary('overview', overview.deltas, (totalMs - hostMs) / 1000, overview.long);
  const p95 = summary(
    'all',
    [...host.deltas, ...overview.deltas],
    totalMs / 1000,
    host.long + overview.long,
  );
  const growth = heap1 - heap0;
  console.log(
    `JS heap after GC: ${heap0.toFixed(1)} MB → ${heap1.toFixed(1)} MB, growth ${growth.toFixed(1)} MB over ${minutes.toFixed(1)} min`,
  );
  const p95ok = p95 <= P95_TARGET_MS;
  const heapOk = growth <= HEAP_TARGET_MB;
  console.log(
    `targets: p95 ≤ ${P95_TARGET_MS} ms ${p95ok ? 'PASS' : 'FAIL'} · heap growth ≤ ${HEAP_TARGET_MB} MB ${heapOk ? 'PASS' : 'FAIL'}` +
      (MINUTES < 10 ? ` (a ${MINUTES}-minute run; the target is for 10)` : ''),
  );
  failed = !p95ok || !heapOk;
} finally {
  await browser.close();
  await server.stop();
}
process.exit(failed ? 1 : 0);
