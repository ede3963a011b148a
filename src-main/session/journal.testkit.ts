import type { JournalRecord } from './journal-record';

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
