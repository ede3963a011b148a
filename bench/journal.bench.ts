/**
 * Session journal figures (issue 7, items 1, 2, 6): (1) append rate of realistic 100-VM host
 * samples, written and fdatasync'd; (2) recovery after a crash: open the sessions directory and
 * read a ~100 MB journal with a torn tail; (3) the in-memory budget of a 24-hour session of 100 VMs
 * at 1 Hz (SeriesStore ring + LatencyStore), measured on the heap.
 * Run: npx tsx bench/journal.bench.ts
 */
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { HostSample } from '../src-main/common/model';
import type { JournalRecord } from '../src-main/session/journal-record';
import { LatencyStore } from '../src-main/session/latency-store';
import { SeriesStore } from '../src-main/session/series-store';
import { SessionManager } from '../src-main/session/session-manager';

const VMS = 100;
const MB = 1024 * 1024;

/** One host sample as the poller makes it: fresh objects and strings every frame, varying numbers. */
function sample(t: number, hostId = 'demo'): HostSample {
  const domains = [];
  for (let i = 0; i < VMS; i++) {
    domains.push({
      name: `vm-${String(i).padStart(3, '0')}`.slice(0), // a new string per frame, as the parser gives
      state: i % 3 ? '--b---' : '-----r',
      cpuPct: Math.round(Math.random() * 10000) / 100,
      share: Math.round(Math.random() * 10000) / 1e6,
      memKiB: 4194292,
      maxMemKiB: 4195316,
      vcpus: 1,
    });
  }
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
    const records: JournalRecord[] = Array.from({ length: 200 }, (_, i) => ({ kind: 'sample', t: t0 + i, data: sample(t0 + i) }));
    const recordBytes = Buffer.byteLength(JSON.stringify(records[0])) + 1;
    const count = Math.ceil((100 * MB) / recordBytes);
    let appendCpu = 0;
    const start = performance.now();
    for (let i = 0; i < count; i++) {
      const a = performance.now();
      manager.record(records[i % records.length]!);
      appendCpu += performance.now() - a;
      // Yield now and then, as a live app does between frames, so flushes overlap appends.
      if (i % 200 === 199) await new Promise((r) => setImmediate(r));
    }
    const id = manager.recordingId!;
    const bytes = manager.list()[0]!.bytes;
    await manager.close(); // flushed, fdatasync'd, closed
    const secs = (performance.now() - start) / 1000;
    console.log(`record size: ${(recordBytes / 1024).toFixed(1)} KiB per ${VMS}-VM sample`);
    console.log(
      `append: ${count} records, ${(bytes / MB).toFixed(1)} MB in ${secs.toFixed(2)} s → ` +
        `${Math.round(count / secs)} records/s, ${(bytes / MB / secs).toFixed(1)} MB/s (written + fdatasync)`,
    );
    console.log(`append: ${((appendCpu / count) * 1000).toFixed(1)} µs on the event loop per record (serialise + queue)`);
    console.log(`disk: a 24-hour session of ${VMS} VMs at 1 Hz is ${((86_400 * recordBytes) / 1024 ** 3).toFixed(2)} GiB of journal`);

    // The crash: drop endedAt (as a kill leaves it) and tear the last write in half.
    const dir = join(dataDir, 'sessions', id);
    const metaPath = join(dir, 'meta.json');
    const { readFile, writeFile, readdir } = await import('node:fs/promises');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    await writeFile(metaPath, JSON.stringify({ ...meta, endedAt: null, records: undefined, bytes: undefined }));
    const last = (await readdir(dir)).filter((f) => f.startsWith('journal-')).sort().at(-1)!;
    const line = JSON.stringify(records[0]);
    await appendFile(join(dir, last), line.slice(0, line.length >> 1));

    const r0 = performance.now();
    const reopened = await SessionManager.open(dataDir);
    const listed = reopened.list()[0]!;
    const r1 = performance.now();
    const summary = await (await reopened.reader(id)).summarize();
    const r2 = performance.now();
    if (!listed.interrupted || summary.records !== count || summary.tornBytes === 0) {
      throw new Error(`recovery mismatch: ${JSON.stringify({ listed, records: summary.records, count })}`);
    }
    console.log(
      `recovery: ${(summary.bytes / MB).toFixed(1)} MB in ${summary.segments} segments, torn tail of ${summary.tornBytes} bytes: ` +
        `open + list ${((r1 - r0) / 1000).toFixed(2)} s, full read (parse + validate + SHA-256) ${((r2 - r1) / 1000).toFixed(2)} s, ` +
        `total ${((r2 - r0) / 1000).toFixed(2)} s (${Math.round(summary.bytes / MB / ((r2 - r1) / 1000))} MB/s)`,
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function memory(): void {
  const base = heapMB();
  const series = new SeriesStore();
  const latency = new LatencyStore();
  const t0 = 1_700_000_000_000;
  // 24 hours at 1 Hz into the ring: it keeps the last 3,600 samples per host.
  for (let s = 0; s < 86_400; s++) series.append(sample(t0 + s * 1000));
  const seriesMB = heapMB() - base;
  // Probe rounds of 5 echoes; the store keeps 20,000 rounds per host and trims in chunks at 22,000
  // (the worst case measured here): 24 h of 100 VMs probed every 2 s is 4.3 M rounds, far beyond.
  for (let i = 0; i < 21_999; i++) {
    latency.append({ hostId: 'demo', vm: `vm-${i % VMS}`, address: `192.0.2.${i % VMS}`, t: t0 + i, rttMs: [0.31, 0.29, 0.4, null, 0.33] });
  }
  const total = heapMB() - base;
  console.log(
    `memory, 24 h of ${VMS} VMs at 1 Hz: series ring ${series.history('demo').length} samples = ${seriesMB.toFixed(1)} MB; ` +
      `latency ${latency.history('demo').length} rounds = ${(total - seriesMB).toFixed(1)} MB; total ${total.toFixed(1)} MB`,
  );
}

await appendAndRecover();
memory();
