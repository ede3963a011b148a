import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainSample } from '../../common/model';
import { loadSessionDir } from '../session-meta';
import { itemRecords } from './columns';
import { KEYFRAME_EVERY } from './compact';
import { emptySummary, JournalReader } from './reader';
import { JOURNAL_VERSION, type JournalRecord } from './record';
import { readOnThread } from './thread';
import { writeJournal } from './journal.testkit';
import { JournalWriter } from './writer';

/**
 * Journal version 3: xentop's network counters (NETTX(k) + NETRX(k)) kept per domain on the
 * compact sample line, so a journal holds the advisor's network evidence; journals of version 2,
 * which have none, still read as they were written.
 */
const T0 = Date.UTC(2026, 10, 1);
const FIXTURE = join(__dirname, 'fixtures', 'journal-v2');

function dom(name: string, cpuPct: number, netKiB?: number): DomainSample {
  return {
    name,
    state: '-b----',
    cpuPct,
    share: name === 'Domain-0' ? null : cpuPct / 100,
    memKiB: 524288,
    maxMemKiB: null,
    vcpus: 1,
    ...(netKiB === undefined ? {} : { netKiB }),
  };
}

/** A host at 1 Hz whose guests move traffic: one busy, one quiet, one that never has a counter. */
function session(seconds: number, hostId = 'demo'): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (let s = 0; s < seconds; s++) {
    const t = T0 + s * 1000;
    const domains = [
      dom('Domain-0', 2.5, 10 * s),
      dom('web-frontend', 20.1, 3_000_000_000 + 70 * s), // past 2^31 KiB: a long-lived busy guest
      dom('batch-worker', 60, 1),
      dom('no-nets', 5),
    ];
    out.push({ kind: 'sample', t, data: { hostId, t, domains, rejected: [], gapBefore: false } });
    out.push({
      kind: 'latency',
      t: t + 7,
      data: { hostId, vm: 'web-frontend', address: '192.0.2.11', t: t + 5, rttMs: [1.5, null] },
    });
  }
  return out;
}

describe('journal version 3: network counters', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'journal-v3-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = (records: JournalRecord[], segmentBytes?: number) =>
    writeJournal(dir, records, segmentBytes);
  /** Records by every path a reader takes: records, columns, and columns across the thread. */
  const readAll = async (at = dir) => {
    const reader = await JournalReader.open(at);
    const summary = emptySummary();
    const got: JournalRecord[] = [];
    for await (const batch of reader.batches(summary)) got.push(...batch);
    const viaColumns: JournalRecord[] = [];
    for await (const batch of reader.items()) for (const x of batch) itemRecords(x, viaColumns);
    expect(viaColumns).toEqual(got);
    const viaThread: JournalRecord[] = [];
    for await (const batch of readOnThread(at)) for (const x of batch) itemRecords(x, viaThread);
    expect(viaThread).toEqual(got);
    return { got, summary };
  };
  const sampleLines = async () =>
    (await readFile(join(dir, 'journal-000001.ndjson'), 'utf8'))
      .split('\n')
      .filter((l) => l.startsWith('["sample"'))
      .map((l) => JSON.parse(l) as unknown[]);

  it('reads the counters back exactly, across segments and keyframes', async () => {
    const sent = session(KEYFRAME_EVERY + 20);
    await write(sent, 8 * 1024);
    const { got, summary } = await readAll();
    expect(got).toEqual(sent);
    expect(summary).toMatchObject({ records: sent.length, badLines: 0, tornBytes: 0 });
    expect(summary.segments).toBeGreaterThan(2);
  }, 30_000);

  it('writes them as the last column of a compact sample line, null where a domain has none', async () => {
    await write(session(2));
    const header = JSON.parse(
      (await readFile(join(dir, 'journal-000001.ndjson'), 'utf8')).split('\n')[0]!,
    ) as { version: number; compact: { sample: string[] } };
    expect(header.version).toBe(JOURNAL_VERSION);
    expect(header.compact.sample.at(-1)).toBe('netKiB[]');
    const [first, second] = await sampleLines();
    expect(first).toHaveLength(14);
    expect(first![13]).toEqual([0, 3_000_000_000, 1, null]);
    expect(second![13]).toEqual([10, 3_000_000_070, 1, null]);
  });

  it('writes null for a sample without any counter, and reads it back without them', async () => {
    const sent: JournalRecord[] = [
      {
        kind: 'sample',
        t: T0,
        data: { hostId: 'a', t: T0, domains: [dom('vm1', 1)], rejected: [], gapBefore: false },
      },
    ];
    await write(sent);
    expect((await sampleLines())[0]![13]).toBeNull();
    const { got } = await readAll();
    expect(got).toEqual(sent);
    expect(got[0]!.kind === 'sample' && 'netKiB' in got[0]!.data.domains[0]!).toBe(false);
  });

  it('keeps a counter a compact line cannot hold (not whole KiB) on an object line', async () => {
    const sent: JournalRecord[] = [
      {
        kind: 'sample',
        t: T0,
        data: {
          hostId: 'a',
          t: T0,
          domains: [dom('vm1', 1, 12.5)],
          rejected: [],
          gapBefore: false,
        },
      },
    ];
    await write(sent);
    expect(await sampleLines()).toHaveLength(0);
    expect((await readAll()).got).toEqual(sent);
  });

  it('reads a version 2 journal (no counters) exactly as version 2 wrote it', async () => {
    // Written by the version 2 writer and kept as it was; the records it was written from beside it.
    const expected = JSON.parse(
      await readFile(`${FIXTURE}.records.json`, 'utf8'),
    ) as JournalRecord[];
    const { got, summary } = await readAll(FIXTURE);
    expect(summary).toMatchObject({ badLines: 0, tornBytes: 0, records: expected.length });
    expect(got).toEqual(expected);
    for (const r of got)
      if (r.kind === 'sample') for (const d of r.data.domains) expect(d.netKiB).toBeUndefined();
  });

  it("reads a sample line by its segment's version: one with counters in a version 2 journal is a bad line", async () => {
    await cp(FIXTURE, dir, { recursive: true });
    const v2Line = JSON.stringify([
      'sample',
      T0,
      'demo',
      T0 + 9000,
      false,
      [],
      ['vm1'],
      ['-b----'],
      [10],
      100,
      [1],
      [null],
      [1],
    ]);
    await appendFile(join(dir, 'journal-000001.ndjson'), `${v2Line.slice(0, -1)},[7]]\n`);
    const { summary } = await readAll();
    expect(summary.badLineSamples).toEqual([
      expect.objectContaining({ reason: 'not a record: a sample line has 13 fields' }),
    ]);
  });

  it('still drops a torn last line, and counts the records of a journal killed mid-write', async () => {
    const sent = session(30);
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes: 4 * 1024 });
    for (const r of sent) w.append(r);
    w.closeSync(); // as a kill leaves it: no meta.json
    const { records } = await loadSessionDir('20261101T000000Z-abcdef', dir);
    expect(records).toBe(sent.length);
    const segments = (await JournalReader.open(dir)).headers.length;
    const last = join(dir, `journal-${String(segments).padStart(6, '0')}.ndjson`);
    const torn = '["sample",1793491230000,"demo",1793491230000,false,[],[';
    await appendFile(last, torn);
    const { got, summary } = await readAll();
    expect(got).toEqual(sent);
    expect(summary).toMatchObject({ badLines: 0, tornBytes: torn.length });
  });
});
