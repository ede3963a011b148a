import fc from 'fast-check';
import { appendFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainSample } from '../../common/model';
import { KEYFRAME_EVERY } from './compact';
import { JOURNAL_VERSION, type JournalRecord } from './record';
import { itemRecords } from './columns';
import { emptySummary, JournalReader } from './reader';
import { JournalWriter } from './writer';
import { writeJournal, writeV1Journal } from './journal.testkit';
import { loadSessionDir } from '../session-meta';

/** Journal versions 2 on (journal/compact.ts): compact lines read back to exactly what was written. */
const T0 = Date.UTC(2024, 4, 1);

function dom(
  name: string,
  cpuPct: number | null,
  guestPcpus = 1,
  extra: Partial<DomainSample> = {},
): DomainSample {
  const share = cpuPct === null || name === 'Domain-0' ? null : cpuPct / (100 * guestPcpus);
  return {
    name,
    state: '-b----',
    cpuPct,
    share,
    memKiB: 524288,
    maxMemKiB: name === 'Domain-0' ? null : 524288,
    vcpus: 1,
    ...extra,
  };
}

/** Hosts sampled and probed at 1 Hz, with what varies in real life: states, a VM coming and going, lost echoes. */
function session(seconds: number): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (let s = 0; s < seconds; s++) {
    const t = T0 + s * 1000;
    for (const hostId of ['a', 'b']) {
      const domains = [
        dom('Domain-0', 2.5),
        dom('vm1', (s % 7) + 0.1),
        dom('vm2', 33.3, 1, { state: s % 3 ? '-b----' : '-----r' }),
      ];
      if (s >= 20 && s < 40) domains.push(dom('late', 5, 1, { memKiB: 1024 + s })); // appears, grows, goes
      if (s === 10) domains[1]!.share = 0.0125; // not CPU % / 100: the column is written
      out.push({
        kind: 'sample',
        t,
        data: { hostId, t, domains, rejected: s === 5 ? ['bad row'] : [], gapBefore: s === 30 },
      });
    }
    for (const hostId of ['a', 'b']) {
      for (const vm of ['vm1', 'vm2']) {
        out.push({
          kind: 'latency',
          t: t + 7 + (vm === 'vm2' && s % 4 === 0 ? 1 : 0),
          data: {
            hostId,
            vm,
            address: `10.0.0.${vm.length}`,
            t: t + 5,
            rttMs: [0.312, s % 9 ? 1.5 : null, 12.4],
          },
        });
      }
    }
    if (s % 50 === 0) out.push({ kind: 'note', t, data: { text: `minute ${s}` } });
  }
  return out;
}

describe('journal compact lines', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'journal-v2-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = (records: JournalRecord[], segmentBytes?: number) =>
    writeJournal(dir, records, segmentBytes);
  const readAll = async () => {
    const reader = await JournalReader.open(dir);
    const summary = emptySummary();
    const got: JournalRecord[] = [];
    for await (const batch of reader.batches(summary)) got.push(...batch);
    // The columns pass (what the reports read) must stand for the same records, find the same
    // bad lines and hash the same bytes.
    const columnsSummary = emptySummary();
    const viaColumns: JournalRecord[] = [];
    for await (const batch of reader.items(columnsSummary))
      for (const x of batch) itemRecords(x, viaColumns);
    expect(viaColumns).toEqual(got);
    expect(columnsSummary).toEqual(summary);
    return { got, summary };
  };
  const lines = async (segment = 1) =>
    (await readFile(join(dir, `journal-${String(segment).padStart(6, '0')}.ndjson`), 'utf8'))
      .split('\n')
      .slice(0, -1);

  it('reads back exactly what was written, across segments and keyframes', async () => {
    const sent = session(2 * KEYFRAME_EVERY + 15);
    const w = await write(sent, 16 * 1024);
    const { got, summary } = await readAll();
    expect(got).toEqual(sent);
    expect(summary).toMatchObject({ records: sent.length, badLines: 0, tornBytes: 0 });
    expect(summary.segments).toBeGreaterThan(3);
    expect(w.records).toBe(sent.length);
  });

  it('writes a round of probe results as one line, and refers back to columns that did not change', async () => {
    await write(session(3));
    const [header, ...rest] = (await lines()).map((l) => JSON.parse(l) as unknown[]);
    expect(header).toMatchObject({
      version: JOURNAL_VERSION,
      compact: {
        sample: expect.arrayContaining(['name[]']),
        latency: expect.arrayContaining(['n']),
      },
    });
    const latency = rest.filter((l) => Array.isArray(l) && l[0] === 'latency');
    // Per second: host a's round (vm1, vm2), host b's round; second 0 records vm2 a millisecond later.
    expect(latency.map((l) => l[1])).toEqual([2, 2, 2, 2, 2, 2]);
    expect(latency[0]![2]).toEqual([T0 + 7, T0 + 8]);
    expect(latency[2]![2]).toBe(T0 + 1007);
    const samples = rest.filter((l) => Array.isArray(l) && l[0] === 'sample');
    expect(samples[0]![6]).toEqual(['Domain-0', 'vm1', 'vm2']); // spelled out first…
    expect(samples[2]![6]).toBe(T0); // …then "the names of host a's sample of T0"
    expect(samples[0]![9]).toBe(100); // shares are CPU % / 100: only the divisor is written
  });

  it('writes the share column when shares do not follow CPU %, and reads both back bit for bit', async () => {
    const sent = session(12);
    await write(sent);
    const samples = (await lines())
      .map((l) => JSON.parse(l) as unknown[])
      .filter((l) => l[0] === 'sample');
    expect(samples.filter((l) => Array.isArray(l[9]))).toHaveLength(2); // second 10 on both hosts
    expect((await readAll()).got).toEqual(sent);
  });

  it('writes a record with numbers finer than xentop and ping print as a plain object line', async () => {
    const sent: JournalRecord[] = [
      {
        kind: 'sample',
        t: T0,
        data: { hostId: 'a', t: T0, domains: [dom('vm1', 12.345)], rejected: [], gapBefore: false },
      },
      {
        kind: 'sample',
        t: T0 + 1,
        data: {
          hostId: 'a',
          t: T0 + 1,
          domains: [dom('vm1', 12.3)],
          rejected: [],
          gapBefore: false,
        },
      },
      {
        kind: 'latency',
        t: T0 + 2,
        data: { hostId: 'a', vm: 'vm1', address: 'x', t: T0 + 2, rttMs: [0.0005, 1] },
      },
      {
        kind: 'latency',
        t: T0 + 2,
        data: { hostId: 'a', vm: 'vm2', address: 'y', t: T0 + 2, rttMs: [1, 2] },
      },
      // Rounds of different lengths cannot share one list of echoes either.
      {
        kind: 'latency',
        t: T0 + 3,
        data: { hostId: 'a', vm: 'vm1', address: 'x', t: T0 + 3, rttMs: [1] },
      },
      {
        kind: 'latency',
        t: T0 + 3,
        data: { hostId: 'a', vm: 'vm2', address: 'y', t: T0 + 3, rttMs: [1, null] },
      },
      {
        kind: 'latency',
        t: T0 + 4,
        data: { hostId: 'a', vm: 'vm1', address: 'x', t: T0 + 4, rttMs: [1.5, null] },
      },
    ];
    await write(sent);
    const kinds = (await lines())
      .slice(1)
      .map((l) =>
        l.startsWith('[')
          ? `[${(JSON.parse(l) as unknown[])[0]}`
          : (JSON.parse(l) as { kind: string }).kind,
      );
    expect(kinds).toEqual([
      'sample',
      '[sample',
      'latency',
      'latency',
      'latency',
      'latency',
      '[latency',
    ]);
    expect((await readAll()).got).toEqual(sent);
  });

  it('turns lines that refer to a damaged line into reported bad lines, never wrong values', async () => {
    const sent = session(KEYFRAME_EVERY + 10);
    await write(sent);
    const text = await lines();
    // Damage host a's first sample (spells out its columns): its dependents cannot be read.
    const first = text.findIndex((l) => l.startsWith('["sample"') && l.includes('"a"'));
    text[first] = text[first]!.replace('"Domain-0"', '"Domain-0');
    await writeFile(join(dir, 'journal-000001.ndjson'), `${text.join('\n')}\n`);
    const { got, summary } = await readAll();
    expect(summary.badLineSamples[0]).toMatchObject({ line: first + 1, reason: 'not JSON' });
    expect(summary.badLineSamples[1]!.reason).toMatch(
      /name column refers to the line of \d+, which could not be read/,
    );
    // Nothing of host a's samples until a line spells its columns out again (here at 20 s, when a
    // VM appears; at the latest the next keyframe), and everything else untouched.
    const aSamples = got.filter((r) => r.kind === 'sample' && r.data.hostId === 'a');
    expect(aSamples[0]!.t).toBe(T0 + 20_000);
    expect(summary.badLines).toBe(20);
    expect(got.filter((r) => r.kind === 'sample' && r.data.hostId === 'b')).toHaveLength(
      KEYFRAME_EVERY + 10,
    );
    for (const r of got) expect(sent).toContainEqual(r);
  });

  it('drops a torn compact last line, as any torn line', async () => {
    const sent = session(3);
    await write(sent);
    const line = JSON.stringify([
      'sample',
      T0,
      'a',
      T0,
      false,
      [],
      ['x'],
      ['-b----'],
      [1],
      100,
      [1],
      [null],
      [1],
    ]);
    await appendFile(join(dir, 'journal-000001.ndjson'), line.slice(0, 30));
    const { got, summary } = await readAll();
    expect(got).toEqual(sent);
    expect(summary).toMatchObject({ badLines: 0, tornBytes: 30 });
  });

  it('reads version 1 journals (one object per line), and refuses compact lines in them', async () => {
    const sent = session(5);
    await writeV1Journal(dir, sent);
    expect((await readAll()).got).toEqual(sent);
    await appendFile(
      join(dir, 'journal-000001.ndjson'),
      `${JSON.stringify(['latency', 1, T0, 'a', T0, ['vm1'], ['x'], [[1]]])}\n{"kind":"note","t":1,"data":{"text":"after"}}\n`,
    );
    const { got, summary } = await readAll();
    expect(got.at(-1)).toEqual({ kind: 'note', t: 1, data: { text: 'after' } });
    expect(summary.badLineSamples).toEqual([
      {
        segment: 1,
        line: sent.length + 2,
        reason: 'not a record: an array line in a version 1 journal',
      },
    ]);
  });

  it('never throws on hostile compact lines: each is a bad line with a reason, or valid records', async () => {
    await write(session(2));
    const field = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.string(),
      fc.constant(null),
      fc.boolean(),
      fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
    );
    const hostile = fc
      .tuple(fc.constantFrom('sample', 'latency', 'other'), fc.array(field, { maxLength: 14 }))
      .map(([k, rest]) => JSON.stringify([k, ...rest]));
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 1, maxLength: 20 }), async (bad) => {
        const base = await lines();
        await writeFile(
          join(dir, 'journal-000001.ndjson'),
          `${[...base.slice(0, 3), ...bad, ...base.slice(3)].join('\n')}\n`,
        );
        const { got, summary } = await readAll();
        expect(summary.badLines + got.length).toBeGreaterThanOrEqual(bad.length);
        for (const b of summary.badLineSamples)
          expect(b.reason).toMatch(/^(not a record|not JSON)/);
        await writeFile(join(dir, 'journal-000001.ndjson'), `${base.join('\n')}\n`);
      }),
      { numRuns: 40 },
    );
  });

  it('counts the records of an interrupted journal without parsing it, probe rounds included', async () => {
    const sent = session(30);
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test', segmentBytes: 8 * 1024 });
    for (const r of sent) w.append(r);
    w.closeSync(); // as a kill leaves it: no meta.json, so the records are counted from the files
    expect((await readdir(dir)).length).toBeGreaterThan(2);
    const { records } = await loadSessionDir('20240501T000000Z-abcdef', dir);
    expect(records).toBe(sent.length);
  });
});
