import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JournalRecord } from './record';
import { JournalWriter, segmentFileName } from './writer';

/** A host sample record as the xentop poller publishes it, `vms` guests wide (tests, benchmarks). */
export function sampleRecord(t: number, vms = 5, hostId = 'demo'): JournalRecord {
  const domains = Array.from({ length: vms }, (_, i) => ({
    name: `vm-${String(i).padStart(3, '0')}`,
    state: '-b----',
    cpuPct: 12.5 + (i % 50),
    share: 0.0125,
    memKiB: 1048576,
    maxMemKiB: 1048576,
    vcpus: 1,
  }));
  return { kind: 'sample', t, data: { hostId, t, domains, rejected: [], gapBefore: false } };
}

/**
 * A journal as version 1 of the app wrote it (one JSON object per line), for the compatibility
 * tests and the benchmark that compares the versions. One segment.
 */
export async function writeV1Journal(
  dir: string,
  records: Iterable<JournalRecord>,
  sessionId = 's',
): Promise<void> {
  await mkdir(dir, { recursive: true });
  const header = {
    kind: 'header',
    format: 'vslicer-journal',
    version: 1,
    sessionId,
    segment: 1,
    createdAt: 0,
    app: 'vslicer-console 0.1 (journal v1)',
  };
  const lines = [JSON.stringify(header)];
  for (const r of records) lines.push(JSON.stringify(r));
  await writeFile(join(dir, segmentFileName(1)), `${lines.join('\n')}\n`);
}

/** Records written by the current writer into `dir`, closed: what the app leaves on a clean stop. */
export async function writeJournal(
  dir: string,
  records: Iterable<JournalRecord>,
  segmentBytes?: number,
): Promise<JournalWriter> {
  const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes });
  for (const r of records) w.append(r);
  await w.close();
  return w;
}
