/**
 * Report export time for a 24-hour, 100-VM session (issue 7 item 6, target ≤ 10 s per format).
 * The session is synthetic and streamed (report.testkit.ts): 4 hosts × 25 VMs sampled at 1 Hz
 * (86,400 samples × 100 VMs), a probe round of 5 pings to every VM every 2 s (the app's default),
 * a class switch on every host and one outage — 4.7 M records, 1.3 GB of CSV. Each format runs in its own
 * process, through ExportJobs as the app runs it, so its time and peak RSS are its own.
 * Run with `npx tsx bench/export.bench.ts` (or `npm run bench export`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExportJobs } from '../src-main/session/report/export-jobs';
import { asAsync, syntheticJournal, type SyntheticOptions } from '../src-main/session/report/report.testkit';

const SESSION_ID = '20240501T000000Z-bench0';
const HOSTS = 4;
const VMS_PER_HOST = 25;

const session: SyntheticOptions = {
  hosts: Array.from({ length: HOSTS }, (_, h) => ({
    hostId: `xen-${h + 1}`,
    name: `xen-${h + 1}`,
    vms: Array.from({ length: VMS_PER_HOST }, (_, v) => `vm${h * VMS_PER_HOST + v + 1}`),
  })),
  seconds: Number(process.env.EXPORT_BENCH_SECONDS ?? 86_400),
  latencyEverySec: 2,
  pingsPerRound: 5,
  switches: Array.from({ length: HOSTS }, (_, h) => ({ atSec: 21_600 * (h + 1) - 3600, hostId: `xen-${h + 1}`, vm: `vm${h * VMS_PER_HOST + 1}`, to: 'LSVM' as const })),
  outage: { hostId: 'xen-2', atSec: 40_000, seconds: 90 },
};

async function child(format: string): Promise<void> {
  const outDir = await mkdtemp(join(tmpdir(), 'export-bench-'));
  try {
    if (format === 'generate') {
      // The cost of producing the records alone, to read the export times against.
      const t0 = performance.now();
      let n = 0;
      for await (const _ of asAsync(syntheticJournal(session))) n++;
      console.log(JSON.stringify({ format, records: n, seconds: (performance.now() - t0) / 1000, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
      return;
    }
    const jobs = new ExportJobs({
      outDir,
      publish: () => undefined,
      records: () => asAsync(syntheticJournal(session)),
      journalSha256: async () => '0'.repeat(64),
    });
    const t0 = performance.now();
    const job = jobs.start(SESSION_ID, format as 'html' | 'csv' | 'json');
    const done = await jobs.settled(job.jobId);
    const seconds = (performance.now() - t0) / 1000;
    if (done?.state !== 'done') throw new Error(`${format}: ${done?.state} ${done?.error ?? ''}`);
    let bytes = 0;
    for (const f of done.files) bytes += (await stat(f)).size;
    console.log(JSON.stringify({ format, seconds, files: done.files.length, megabytes: bytes / 1e6, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

function parent(): void {
  let generateS = 0;
  console.log(`24-hour session, ${HOSTS * VMS_PER_HOST} VMs at 1 Hz, 5 pings / VM / 2 s, ${HOSTS} switches (each format in its own process)`);
  for (const format of ['generate', 'html', 'csv', 'json']) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), format], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const line = run.stdout.trim().split('\n').at(-1) ?? '';
    if (run.status !== 0 || !line.startsWith('{')) {
      console.log(`  ${format}: failed (exit ${run.status})`);
      process.exitCode = 1;
      continue;
    }
    const r = JSON.parse(line) as { format: string; seconds: number; records?: number; files?: number; megabytes?: number; maxRssMiB: number };
    const what = r.records !== undefined ? `${(r.records / 1e6).toFixed(1)} M records generated only` : `${r.files} file(s), ${r.megabytes!.toFixed(1)} MB`;
    if (r.records !== undefined) generateS = r.seconds;
    // Net: the export's own work, without producing the synthetic records (a journal reader's share).
    const net = r.records !== undefined ? '' : `  (net of generation ${(r.seconds - generateS).toFixed(2)} s)`;
    const verdict = r.records !== undefined ? '' : r.seconds <= 10 ? '  ✓ ≤ 10 s' : '  ✗ over 10 s';
    console.log(`  ${r.format.padEnd(8)} ${r.seconds.toFixed(2).padStart(6)} s   peak RSS ${Math.round(r.maxRssMiB)} MiB   ${what}${net}${verdict}`);
  }
}

const format = process.argv[2];
if (format) await child(format);
else parent();
