import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changePct } from '../../common/metrics/change';
import { JournalReader } from '../journal/reader';
import { JournalWriter } from '../journal/writer';
import { buildReport, ReportBuilder } from './report-model';
import { asAsync, SESSION_ID, SHA, smallSession, syntheticJournal, T0 } from './report.testkit';

const meta = { sessionId: SESSION_ID, journalSha256: SHA, generatedAt: T0 };

describe('report model from a journal read as columns', () => {
  it('is the same report as from the records', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'report-columns-'));
    try {
      const w = new JournalWriter({
        dir,
        sessionId: SESSION_ID,
        app: 'test',
        segmentBytes: 256 * 1024,
      });
      for (const r of syntheticJournal(smallSession({ jitter: true, waitsEverySec: 7 })))
        w.append(r);
      await w.close();
      const reader = await JournalReader.open(dir);
      const [fromRecords, fromColumns] = [new ReportBuilder(), new ReportBuilder()];
      for await (const batch of reader.batches()) for (const r of batch) fromRecords.add(r);
      let columnItems = 0;
      for await (const batch of reader.items()) {
        for (const x of batch) {
          if (x.kind.endsWith('-columns')) columnItems++;
          fromColumns.add(x);
        }
      }
      expect(columnItems).toBeGreaterThan(1000);
      expect(fromColumns.finish(meta)).toEqual(fromRecords.finish(meta));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('report model from a synthetic journal', async () => {
  const report = await buildReport(asAsync(syntheticJournal(smallSession())), meta);
  const vm1 = report.vms.find((v) => v.name === 'vm1')!;

  it('lists hosts with their facts and scheduler parameters', () => {
    expect(report.hosts.map((h) => h.name)).toEqual(['lab-a', 'lab, "b"']);
    expect(report.hosts[0]).toMatchObject({
      target: 'root@lab-a:22',
      profile: 'vslicer',
      scheduler: 'vslicer',
      tsliceMs: 30,
      ratelimitUs: 1000,
      switchable: true,
      samples: 600,
    });
    expect(report.vms).toHaveLength(5);
  });

  it('splits vm1 into class periods at the switch, with the switch story', () => {
    expect(vm1.periods.map((p) => [p.vmClass, p.cause])).toEqual([
      ['NLSVM', 'start'],
      ['LSVM', 'switch'],
    ]);
    const sw = report.switches[0]!;
    expect(vm1.periods[1]!.switchId).toBe(sw.id);
    expect(sw).toMatchObject({
      vm: 'vm1',
      state: 'done',
      ok: true,
      readBackMs: 5,
      command: 'xl sched-vslicer -d 1 -m 5',
    });
    expect(report.switches).toHaveLength(1); // running + done records of one switch are one switch
    const other = report.vms.find((v) => v.name === 'vm2')!;
    expect(other.periods).toHaveLength(1);
  });

  it('compares before and after the switch like the paper’s tables', () => {
    expect(report.comparisons).toHaveLength(1);
    const cmp = report.comparisons[0]!;
    expect(cmp.rows.map((r) => r.vm)).toEqual(['vm1', 'vm2', 'vm3']); // the switched VM first, same host only
    const row = cmp.rows[0]!;
    expect(row).toMatchObject({ switched: true, classBefore: 'NLSVM', classAfter: 'LSVM' });
    expect(row.before.rttMeanMs!).toBeGreaterThan(15);
    expect(row.after.rttMeanMs!).toBeLessThan(3);
    expect(row.changePct.rttMeanMs).toBe(changePct(row.before.rttMeanMs, row.after.rttMeanMs));
    expect(row.changePct.rttMeanMs!).toBeLessThan(-80);
    expect(row.changePct.p99Ms!).toBeLessThan(-80);
    expect(row.before.cpuShare).toBeCloseTo(1 / 3, 3);
    expect(row.changePct.cpuShare).toBe(0);
    expect(cmp.rows[1]!.changePct.rttMeanMs!).toBeGreaterThan(-25); // an untouched NLSVM stays put
    // Rounds while the switch ran belong to neither side: before ends where it started.
    expect(cmp.before.to).toBe(report.switches[0]!.startedAt);
    expect(cmp.before.to).toBeLessThan(cmp.t);
    expect(cmp.after.from).toBe(cmp.t);
  });

  it('keeps per-period statistics and 2 ms histograms with overflow', () => {
    for (const p of vm1.periods) {
      const l = p.latency;
      expect(l.count + l.lost).toBe(l.sent);
      expect(l.minMs!).toBeLessThanOrEqual(l.p50Ms!);
      expect(l.p50Ms!).toBeLessThanOrEqual(l.p95Ms!);
      expect(l.p95Ms!).toBeLessThanOrEqual(l.p99Ms!);
      expect(l.p99Ms!).toBeLessThanOrEqual(l.maxMs!);
      expect(p.histogram.counts).toHaveLength(60);
      expect(p.histogram.counts.reduce((a, b) => a + b, 0) + p.histogram.overflow).toBe(l.count);
    }
    const [nlsvm, lsvm] = vm1.periods;
    expect(nlsvm!.histogram.overflow).toBeGreaterThan(0); // the >120 ms stragglers
    expect(lsvm!.histogram.overflow).toBe(0);
    expect(lsvm!.histogram.counts.slice(2).every((c) => c === 0)).toBe(true); // 1–3 ms: buckets 0 and 1
  });

  it('counts gaps and outages with their durations', () => {
    const g = report.integrity;
    expect(g.samplesPerHost).toEqual([
      { hostId: 'lab-a', samples: 600 },
      { hostId: 'lab-b', samples: 580 },
    ]);
    expect(g.gaps.map((x) => [x.hostId, x.kind, x.durationMs])).toEqual([
      ['lab-b', 'sample-gap', 21_000],
      ['lab-b', 'outage', 20_000],
    ]);
    expect(g.gapsTotalMs).toBe(41_000);
    expect(g.journalSha256).toBe(SHA);
    expect(g.recordsByKind).toMatchObject({ host: 2, sample: 1180, switch: 2, note: 1 });
    expect(g.records).toBe(Object.values(g.recordsByKind).reduce((a, b) => a + b, 0));
  });

  it('has fairness 1 when every guest gets the same share', () => {
    const a = report.hosts[0]!.fairness;
    expect(a.points.length).toBeGreaterThan(100);
    for (const p of a.points) expect(p.min).toBeCloseTo(1, 9);
    expect(report.hosts[1]!.fairness.points.some((p) => p.gapBefore)).toBe(true);
  });

  it('logs status changes, switches and notes in time order', () => {
    const kinds = new Set(report.events.map((e) => e.kind));
    expect(kinds).toEqual(new Set(['status', 'switch', 'note']));
    expect(
      report.events.some((e) => e.text.includes('ready → reconnecting — connection lost')),
    ).toBe(true);
    expect(report.events.map((e) => e.t)).toEqual(
      [...report.events.map((e) => e.t)].sort((x, y) => x - y),
    );
  });

  it('leaves the class alone after a failed switch', async () => {
    const failed = await buildReport(
      syntheticJournal(
        smallSession({
          switches: [{ atSec: 300, hostId: 'lab-a', vm: 'vm1', to: 'LSVM', failed: true }],
        }),
      ),
      meta,
    );
    const v = failed.vms.find((x) => x.name === 'vm1')!;
    expect(v.periods).toHaveLength(1);
    expect(failed.switches[0]).toMatchObject({ state: 'failed', ok: false });
    expect(failed.comparisons[0]!.rows[0]!.classAfter).toBe('NLSVM');
  });
});

describe('scheduling waits in the report', async () => {
  // Readings every 7 s: the one ending at 301 s began at 294 s, before vm1's switch at 300 s.
  const session = smallSession({ waitsEverySec: 7, waitsUnavailable: ['lab-b'] });
  const report = await buildReport(asAsync(syntheticJournal(session)), meta);
  const vm1 = report.vms.find((v) => v.name === 'vm1')!;

  it('counts the readings per host and says why a host gives none', () => {
    expect(report.hosts.map((h) => h.waits)).toEqual([
      { readings: Math.floor(599 / 7), unavailable: null },
      { readings: 0, unavailable: 'vslicer-ctl: command not found' },
    ]);
    expect(report.vms.find((v) => v.name === 'vm4')!.periods[0]!.waits).toBeNull();
  });

  it('sums the readings inside each class period; one that straddles the switch counts nowhere', () => {
    const [before, after] = vm1.periods;
    // Readings end at 7, 14, … s (+10 ms); a reading belongs to the period it lies wholly inside.
    const endsBefore = [...Array(85).keys()].map((i) => (i + 1) * 7).filter((e) => e < 300);
    const endsAfter = [...Array(85).keys()]
      .map((i) => (i + 1) * 7)
      .filter((e) => e - 7 >= 300.4 && e < 600);
    expect(before!.waits!.waits).toBe(100 * endsBefore.length);
    expect(after!.waits!.waits).toBe(100 * endsAfter.length);
    expect(before!.waits!.coveredMs).toBe(7000 * endsBefore.length);
    expect(before!.waits!.hist.reduce((a, b) => a + b, 0)).toBe(before!.waits!.waits);
    // NLSVM waits 20–60 ms; LSVM 2–4 ms (bucket bounds: ≤ 65.5 ms and ≤ 4.1 ms).
    expect(before!.waits!.meanMs).toBeGreaterThan(20);
    expect(after!.waits!.maxMs).toBeLessThanOrEqual(4);
    expect(after!.waits!.p99MaxMs).toBeLessThanOrEqual(4.096);
  });

  it('puts them beside the RTT in the before/after comparison, with their change', () => {
    const row = report.comparisons[0]!.rows.find((r) => r.switched)!;
    expect(row.before.waits).toBeGreaterThan(0);
    expect(row.after.waits).toBeGreaterThan(0);
    expect(row.changePct.waitMeanMs).toBe(changePct(row.before.waitMeanMs, row.after.waitMeanMs));
    expect(row.changePct.waitMeanMs!).toBeLessThan(-80);
  });
});
