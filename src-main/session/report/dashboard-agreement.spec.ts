import { describe, expect, it } from 'vitest';
import { changePct } from '../../common/metrics/change';
import { comparisonWindows } from '../../common/metrics/switch-windows';
import type { ClassSwitch, LatencySample } from '../../common/sched';
import { collectRtts, splitAt, summarize } from '../../common/metrics/rtt';
import { ReportBuilder } from './report-model';
import { SESSION_ID, SHA, smallSession, syntheticJournal, T0 } from './report.testkit';

/**
 * The same class switch, read by an operator on the dashboard's latency panel and in the exported
 * report, must show the same figures: the same windows around the switch, the same percentile
 * definition, the same rounding of the change. The dashboard's side is computed with the
 * renderer's own functions from the rounds and switches it holds.
 */
describe('the dashboard and the report agree on a switch', () => {
  it('p50, p95, p99, mean and their change for the switched VM and its neighbours', () => {
    const builder = new ReportBuilder();
    const rounds = new Map<string, LatencySample[]>();
    const switches = new Map<string, ClassSwitch>();
    for (const r of syntheticJournal(smallSession({ jitter: true }))) {
      builder.add(r);
      if (r.kind === 'latency' && r.data.hostId === 'lab-a') {
        const list = rounds.get(r.data.vm) ?? [];
        list.push(r.data);
        rounds.set(r.data.vm, list);
      }
      if (r.kind === 'switch' && r.data.hostId === 'lab-a') switches.set(r.data.id, r.data);
    }
    const report = builder.finish({ sessionId: SESSION_ID, journalSha256: SHA, generatedAt: T0 });
    const cmp = report.comparisons[0]!;
    const sw = switches.get(cmp.switchId)!;
    const windows = comparisonWindows([...switches.values()], sw);
    expect(cmp.rows.length).toBe(3);
    for (const row of cmp.rows) {
      const split = splitAt(rounds.get(row.vm)!, windows);
      const before = summarize(collectRtts(split.before));
      const after = summarize(collectRtts(split.after));
      expect(before.count).toBe(row.before.replies);
      expect(after.count).toBe(row.after.replies);
      expect([before.p50, before.p99, before.mean]).toEqual([
        row.before.p50Ms,
        row.before.p99Ms,
        row.before.rttMeanMs,
      ]);
      expect([after.p50, after.p99, after.mean]).toEqual([
        row.after.p50Ms,
        row.after.p99Ms,
        row.after.rttMeanMs,
      ]);
      expect(changePct(before.p50, after.p50)).toBe(row.changePct.p50Ms);
      expect(changePct(before.p99, after.p99)).toBe(row.changePct.p99Ms);
    }
    // The switched VM's median really moved: the agreement is about numbers that matter.
    expect(cmp.rows[0]!.changePct.p50Ms!).toBeLessThan(-50);
  });
});
