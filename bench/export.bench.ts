/**
 * Report export time for a 24-hour, 100-VM session (target ≤ 10 s per format),
 * measured on the path an operator takes: the session is written once to a real session directory
 * by the app's SessionManager and JournalWriter, then each format is exported by ExportJobs as the
 * app wires it (createExportJobs: the journal read back on its worker thread, journal/thread.ts,
 * SHA-256 included), in a process of its own so that its time, CPU (all threads) and peak RSS are
 * its own.
 *
 * The session is synthetic (report.testkit.ts): 4 hosts × 25 VMs sampled at 1 Hz (86,400 samples
 * per host, 100 VMs), CPU % varying frame to frame as xentop prints it, a probe round of 5 pings
 * to every VM every 2 s (the app's default) with RTTs as ping prints them, a class switch on every
 * host and one outage — 4.7 M records.
 * Last, the time to reopen that session read-only in the dashboard.
 * Run with `npx tsx bench/export.bench.ts` (or `npm run bench export`); EXPORT_BENCH_SECONDS
 * shortens the session, EXPORT_BENCH_KEEP=dir keeps (and reuses) the session directory.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppCore } from '../src-main/api/app';
import { createExportJobs } from '../src-main/session/session-exports';
import { syntheticJournal, type SyntheticOptions } from '../src-main/session/report/report.testkit';
import { SessionManager } from '../src-main/session/session-manager';

const HOSTS = 4;
const VMS_PER_HOST = 25;
const TARGET_S = 10;
const FORMATS = ['html', 'csv', 'json'] as const;

const session: SyntheticOptions = {
  hosts: Array.from({ length: HOSTS }, (_, h) => ({
    hostId: `xen-${h + 1}`,
    name: `xen-${h + 1}`,
    vms: Array.from({ length: VMS_PER_HOST }, (_, v) => `vm${h * VMS_PER_HOST + v + 1}`),
  })),
  seconds: Number(process.env.EXPORT_BENCH_SECONDS ?? 86_400),
  latencyEverySec: 2,
  pingsPerRound: 5,
  switches: Array.from({ length: HOSTS }, (_, h) => ({
    atSec: 21_600 * (h + 1) - 3600,
    hostId: `xen-${h + 1}`,
    vm: `vm${h * VMS_PER_HOST + 1}`,
    to: 'LSVM' as const,
  })),
  outage: { hostId: 'xen-2', atSec: 40_000, seconds: 90 },
  jitter: true,
};

interface Written {
  id: string;
  records: number;
  bytes: number;
  segments: number;
  seconds: number;
}

/** Records the session through the app's SessionManager, yielding now and then so flushes run. */
async function record(dataDir: string): Promise<Written> {
  const t0 = performance.now();
  const manager = await SessionManager.open(dataDir);
  const info = await manager.start('export benchmark');
  let n = 0;
  for (const r of syntheticJournal(session)) {
    manager.record(r);
    if (++n % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  await manager.stop();
  const dir = join(dataDir, 'sessions', info.id);
  const segments = (await readdir(dir)).filter((f) => f.startsWith('journal-'));
  let bytes = 0;
  for (const f of segments) bytes += (await stat(join(dir, f))).size;
  return {
    id: info.id,
    records: n,
    bytes,
    segments: segments.length,
    seconds: (performance.now() - t0) / 1000,
  };
}

async function child(format: (typeof FORMATS)[number], dataDir: string, id: string): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'export-bench-out-'));
  try {
    const t0 = performance.now();
    const sessions = await SessionManager.open(dataDir);
    const jobs = createExportJobs(sessions, outDir, () => undefined);
    const job = jobs.start(id, format);
    const done = await jobs.settled(job.jobId);
    const seconds = (performance.now() - t0) / 1000;
    if (done?.state !== 'done') throw new Error(`${format}: ${done?.state} ${done?.error ?? ''}`);
    let bytes = 0;
    for (const f of done.files) bytes += (await stat(f)).size;
    const ru = process.resourceUsage();
    console.log(
      JSON.stringify({
        format,
        seconds,
        cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6,
        files: done.files.length,
        megabytes: bytes / 1e6,
        maxRssMiB: ru.maxRSS / 1024,
      }),
    );
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

/**
 * Reopening the session read-only in the dashboard, as the API's openSession does it (the journal
 * read on its thread, thinned to what the views keep), in the app's core: until the hosts are listed.
 */
async function reopen(dataDir: string, id: string): Promise<void> {
  const t0 = performance.now();
  const core = await createAppCore({
    mode: 'web',
    version: 'bench',
    dataDir,
    log: () => undefined,
  });
  const r = await core.dispatch('openSession', { id });
  const seconds = (performance.now() - t0) / 1000;
  if (!r.ok) throw new Error(r.error.message);
  await core.dispatch('stopRecording', {});
  core.stop();
  const ru = process.resourceUsage();
  console.log(
    JSON.stringify({
      hosts: (r.value as unknown[]).length,
      seconds,
      cpuSeconds: (ru.userCPUTime + ru.systemCPUTime) / 1e6,
      maxRssMiB: ru.maxRSS / 1024,
    }),
  );
}

async function parent(): Promise<void> {
  const keep = process.env.EXPORT_BENCH_KEEP;
  const dataDir = keep ?? (await mkdtemp(join(tmpdir(), 'export-bench-')));
  try {
    let w: Written;
    const existing = keep ? (await SessionManager.open(dataDir)).list()[0] : undefined;
    if (existing) {
      w = {
        id: existing.id,
        records: existing.records,
        bytes: existing.bytes,
        segments: NaN,
        seconds: NaN,
      };
      console.log(`reusing the session in ${dataDir}`);
    } else {
      w = await record(dataDir);
    }
    const gib = w.bytes / 1024 ** 3;
    console.log(
      `24-hour session, ${HOSTS * VMS_PER_HOST} VMs at 1 Hz, 5 pings / VM / 2 s, ${HOSTS} switches: ${(w.records / 1e6).toFixed(2)} M records, ` +
        `journal ${gib.toFixed(2)} GiB on disk${Number.isNaN(w.segments) ? '' : ` in ${w.segments} segments, recorded in ${w.seconds.toFixed(1)} s`}`,
    );
    console.log(
      `each format exported from that journal in its own process (ExportJobs, the journal read on its thread, as the app does):`,
    );
    for (const format of FORMATS) {
      const run = spawnSync(
        process.execPath,
        ['--import', 'tsx', fileURLToPath(import.meta.url), format, dataDir, w.id],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      const line = run.stdout.trim().split('\n').at(-1) ?? '';
      if (run.status !== 0 || !line.startsWith('{')) {
        console.log(`  ${format}: failed (exit ${run.status})`);
        process.exitCode = 1;
        continue;
      }
      const r = JSON.parse(line) as {
        format: string;
        seconds: number;
        cpuSeconds: number;
        files: number;
        megabytes: number;
        maxRssMiB: number;
      };
      const verdict = r.seconds <= TARGET_S ? `✓ ≤ ${TARGET_S} s` : `✗ over ${TARGET_S} s`;
      const rate = (w.bytes / 1e6 / r.seconds).toFixed(0);
      console.log(
        `  ${r.format.padEnd(5)} ${r.seconds.toFixed(2).padStart(6)} s (CPU ${r.cpuSeconds.toFixed(1)} s)   peak RSS ${Math.round(r.maxRssMiB)} MiB   ` +
          `${r.files} file(s), ${r.megabytes.toFixed(1)} MB   journal read at ${rate} MB/s   ${verdict}`,
      );
    }
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), 'reopen', dataDir, w.id],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0 || !line.startsWith('{')) {
      console.log(`reopen in the dashboard: failed (exit ${run.status})`);
      process.exitCode = 1;
    } else {
      const r = JSON.parse(line) as {
        hosts: number;
        seconds: number;
        cpuSeconds: number;
        maxRssMiB: number;
      };
      console.log(
        `reopened read-only in the dashboard (openSession, ${r.hosts} hosts listed): ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(1)} s)   peak RSS ${Math.round(r.maxRssMiB)} MiB`,
      );
    }
  } finally {
    if (!keep) await rm(dataDir, { recursive: true, force: true });
  }
}

const [format, dataDir, id] = process.argv.slice(2);
if (format === 'reopen') await reopen(dataDir!, id!);
else if (format) await child(format as (typeof FORMATS)[number], dataDir!, id!);
else await parent();
