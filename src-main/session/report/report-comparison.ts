import { changePct } from '../../common/metrics/change';
import type { ClassSwitch } from '../../common/sched';
import type { HostState } from './report-host';
import type { Comparison } from './report-schema';

/** A finished class switch, with the epochs on either side of it. */
export interface ComparisonDraft {
  sw: ClassSwitch;
  t: number;
  epochBefore: number;
  epochAfter: number;
}

/**
 * A finished class switch's comparison: every VM of its host, the switched one first, measured
 * over the epoch before the switch began and the one after it finished.
 */
export function comparison(d: ComparisonDraft, h: HostState): Comparison {
  const b = d.epochBefore;
  const a = d.epochAfter;
  const rows: Comparison['rows'] = [];
  const names = [d.sw.vm, ...[...h.vms.keys()].filter((n) => n !== d.sw.vm).sort()];
  for (const name of names) {
    const vm = h.vms.get(name);
    if (!vm || (!vm.hasData(b) && !vm.hasData(a))) continue;
    const before = vm.metrics(b);
    const after = vm.metrics(a);
    rows.push({
      vm: name,
      switched: name === d.sw.vm,
      classBefore: vm.classAt(b),
      classAfter: vm.classAt(a),
      before,
      after,
      changePct: {
        rttMeanMs: changePct(before.rttMeanMs, after.rttMeanMs),
        p50Ms: changePct(before.p50Ms, after.p50Ms),
        p99Ms: changePct(before.p99Ms, after.p99Ms),
        cpuShare: changePct(before.cpuShare, after.cpuShare),
        waitMeanMs: changePct(before.waitMeanMs, after.waitMeanMs),
        waitP99MaxMs: changePct(before.waitP99MaxMs, after.waitP99MaxMs),
      },
    });
  }
  return {
    switchId: d.sw.id,
    hostId: d.sw.hostId,
    vm: d.sw.vm,
    t: d.t,
    before: { from: h.epochStarts[b]!, to: d.sw.startedAt },
    after: { from: d.t, to: h.epochStarts[a + 1] ?? Math.max(h.lastSeen, d.t) },
    rows,
  };
}
