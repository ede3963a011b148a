/**
 * Session journal figures: (1) append rate of realistic 100-VM host
 * samples, written and fdatasync'd; (2) journal version 1 beside the compact lines of versions 2
 * and 3 (without and with network counters): size and read rate
 * of the same hour of 4 hosts × 25 VMs with probes; (3) recovery after a crash: open the sessions
 * directory and read three hours of a 100-VM host's journal with a torn tail; (4) the in-memory budget of a 24-hour
 * session of 100 VMs at 1 Hz (SeriesStore ring + HostHistory of probe rounds), measured on the heap.
 * Run: npx tsx bench/journal.bench.ts
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HostSample } from '../src-main/common/model';
import { JournalReader } from '../src-main/session/journal/reader';
import type { JournalRecord } from '../src-main/session/journal/record';
import { JournalWriter } from '../src-main/session/journal/writer';
import { writeV1Journal } from '../src-main/session/journal/journal.testkit';
import type { LatencySample } from '../src-main/common/sched';
import { HostHistory } from '../src-main/session/host-history';
import { syntheticJournal } from '../src-main/session/report/report.testkit';
import { SeriesStore } from '../src-main/session/series-store';
import { SessionManager } from '../src-main/session/session-manager';

const VMS = 100;
const SAMPLES = 3 * 3600;
const MB = 1024 * 1024;

/** One host sample as the poller makes it: fresh objects and strings every frame, varying numbers. */
function sample(t: number, hostId = 'demo'): HostSample {
  const domains = [];
  for (let i = 0; i < VMS; i++) {
    domains.push({
      name: `vm-${String(i).padStart(3, '0')}`.slice(0), // a new string per frame, as the parser gives
      state: i % 3 ? '--b---' : '-----r',
      // As xentop prints CPU(%) (one decimal) and the sample mapper divides it (one guest pCPU).
      cpuPct: Math.round(Math.random() * 1000) / 10,
      share: null as number | null,
      memKiB: 4194292,
      maxMemKiB: 4195316,
      vcpus: 1,
    });
  }
  for (const d of domains) d.share = d.cpuPct / 100;
  return { hostId, t, domains, rejected: [], gapBefore: false };
}

function heapMB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / MB;
}
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

async function appendAndRecover(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'journal-bench-'));
  try {
    const manager = await SessionManager.open(dataDir);
    const t0 = 1_700_000_000_000;
    const records: JournalRecord[] = Array.from({ length: 200 }, (_, i) => ({
      kind: 'sample',
      t: t0 + i,
      data: sample(t0 + i),
    }));
    const v1Bytes = Buffer.byteLength(JSON.stringify(records[0])) + 1;
    // Three hours of one 100-VM host at 1 Hz (version 1 wrote ~100 MB of it), appended as a live
    // app does: yielding between frames, so flushes overlap appends.
    const count = SAMPLES;
    let appendCpu = 0;
    const start = performance.now();
    for (let i = 0; i < count;) {
      const a = performance.now();
      manager.record(records[i % records.length]!);
      appendCpu += performance.now() - a;
      if (++i % 200 === 0) await new Promise((r) => setImmediate(r));
    }
    const id = manager.recordingId!;
    const bytes = manager.list()[0]!.bytes;
    await manager.close(); // flushed, fdatasync'd, closed
    const secs = (performance.now() - start) / 1000;
    const recordBytes = bytes / count;
    console.log(
      `record size: ${(recordBytes / 1024).toFixed(2)} KiB per ${VMS}-VM sample (version 1: ${(v1Bytes / 1024).toFixed(1)} KiB)`,
    );
    console.log(
      `append: ${count} records, ${(bytes / MB).toFixed(1)} MB in ${secs.toFixed(2)} s → ` +
        `${Math.round(count / secs)} records/s, ${(bytes / MB / secs).toFixed(1)} MB/s (written + fdatasync)`,
    );
    console.log(
      `append: ${((appendCpu / count) * 1000).toFixed(1)} µs on the event loop per record (encode + queue)`,
    );
    console.log(
      `disk: a 24-hour session of ${VMS} VMs at 1 Hz (samples alone) is ${((86_400 * recordBytes) / 1024 ** 3).toFixed(2)} GiB of journal`,
    );

    // The crash: drop endedAt (as a kill leaves it) and tear the last write in half.
    const dir = join(dataDir, 'sessions', id);
    const metaPath = join(dir, 'meta.json');
    const { readFile, writeFile, readdir } = await import('node:fs/promises');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    await writeFile(
      metaPath,
      JSON.stringify({ ...meta, endedAt: null, records: undefined, bytes: undefined }),
    );
    const last = (await readdir(dir))
      .filter((f) => f.startsWith('journal-'))
      .sort()
      .at(-1)!;
    await appendFile(join(dir, last), '["sample",1700000000000,"demo",1700000000000,false,[],[');

    const r0 = performance.now();
    const reopened = await SessionManager.open(dataDir);
    const listed = reopened.list()[0]!;
    const r1 = performance.now();
    const summary = await (await reopened.reader(id)).summarize();
    const r2 = performance.now();
    if (!listed.interrupted || summary.records !== count || summary.tornBytes === 0) {
      throw new Error(
        `recovery mismatch: ${JSON.stringify({ listed, records: summary.records, count })}`,
      );
    }
    console.log(
      `recovery: ${(summary.bytes / MB).toFixed(1)} MB in ${summary.segments} segments, torn tail of ${summary.tornBytes} bytes: ` +
        `open + list ${((r1 - r0) / 1000).toFixed(2)} s, full read (parse + validate + SHA-256) ${((r2 - r1) / 1000).toFixed(2)} s, ` +
        `total ${((r2 - r0) / 1000).toFixed(2)} s (${Math.round(summary.records / ((r2 - r1) / 1000))} samples/s)`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

/**
 * The sample with each domain's network counter, as xentop's NETTX(k) + NETRX(k) give it: a
 * 7-digit KiB count moving 40 KiB/s for a third of the VMs and 1 KiB/s for the rest.
 */
function withNetCounters(r: JournalRecord): JournalRecord {
  if (r.kind !== 'sample') return r;
  const s = Math.round((r.data.t - (r.data.t % 1000)) / 1000) % 100_000;
  const domains = r.data.domains.map((d, i) => ({
    ...d,
    netKiB: 5_000_000 + i * 137_000 + s * (i % 3 === 0 ? 40 : 1),
  }));
  return { ...r, data: { ...r.data, domains } };
}

/**
 * The same hour of 4 hosts × 25 VMs (samples at 1 Hz, 5 pings per VM every 2 s) as journal
 * version 1, and as this version writes it without and with the network counters (version 3).
 */
async function versions(): Promise<void> {
  const hosts = Array.from({ length: 4 }, (_, h) => ({
    hostId: `xen-${h + 1}`,
    name: `xen-${h + 1}`,
    vms: Array.from({ length: 25 }, (_, v) => `vm${h * 25 + v + 1}`),
  }));
  const records = [
    ...syntheticJournal({
      hosts,
      seconds: 3600,
      latencyEverySec: 2,
      pingsPerRound: 5,
      jitter: true,
    }),
  ];
  const root = await mkdtemp(join(tmpdir(), 'journal-versions-'));
  try {
    const dirs = {
      1: join(root, 'v1'),
      'compact, no counters': join(root, 'v2'),
      'compact, network counters': join(root, 'v3'),
    };
    await writeV1Journal(dirs[1], records);
    for (const [dir, mapped] of [
      [dirs['compact, no counters'], (r: JournalRecord) => r],
      [dirs['compact, network counters'], withNetCounters],
    ] as const) {
      const w = new JournalWriter({ dir, sessionId: 's', app: 'bench' });
      for (const [i, r] of records.entries()) {
        w.append(mapped(r));
        if (i % 2000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      await w.close();
    }
    for (const v of [1, 'compact, no counters', 'compact, network counters'] as const) {
      const reader = await JournalReader.open(dirs[v]);
      const t = performance.now();
      let n = 0;
      for await (const batch of reader.batches()) n += batch.length;
      const secs = (performance.now() - t) / 1000;
      const summary = await reader.summarize();
      if (n !== records.length)
        throw new Error(`version ${v}: read ${n} of ${records.length} records`);
      console.log(
        `version ${v}: 1 hour of 100 VMs with probes (${(records.length / 1e3).toFixed(0)} k records) = ${(summary.bytes / MB).toFixed(1)} MB ` +
          `(24 h: ${((summary.bytes * 24) / 1024 ** 3).toFixed(2)} GiB); read (parse + check + SHA-256) in ${secs.toFixed(2)} s = ` +
          `${(summary.bytes / MB / secs).toFixed(0)} MB/s, ${(n / secs / 1e6).toFixed(2)} M records/s`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function memory(): void {
  const base = heapMB();
  const series = new SeriesStore();
  const latency = new HostHistory<LatencySample>();
  const t0 = 1_700_000_000_000;
  // 24 hours at 1 Hz into the ring: it keeps the last 3,600 samples per host.
  for (let s = 0; s < 86_400; s++) series.append(sample(t0 + s * 1000));
  const seriesMB = heapMB() - base;
  // Probe rounds of 5 echoes; the store keeps 20,000 rounds per host and trims in chunks at 22,000
  // (the worst case measured here): 24 h of 100 VMs probed every 2 s is 4.3 M rounds, far beyond.
  for (let i = 0; i < 21_999; i++) {
    latency.append({
      hostId: 'demo',
      vm: `vm-${i % VMS}`,
      address: `192.0.2.${i % VMS}`,
      t: t0 + i,
      rttMs: [0.31, 0.29, 0.4, null, 0.33],
    });
  }
  const total = heapMB() - base;
  console.log(
    `memory, 24 h of ${VMS} VMs at 1 Hz: series ring ${series.history('demo').length} samples = ${seriesMB.toFixed(1)} MB; ` +
      `latency ${latency.history('demo').length} rounds = ${(total - seriesMB).toFixed(1)} MB; total ${total.toFixed(1)} MB`,
  );
}

await appendAndRecover();
await versions();
memory();
