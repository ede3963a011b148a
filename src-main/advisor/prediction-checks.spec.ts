import { describe, expect, it } from 'vitest';
import type { PredictionCheck } from '../common/advice';
import { whatIf } from '../common/advice.testkit';
import type { ClassSwitch } from '../common/sched';
import { PredictionChecks } from './prediction-checks';

const sw = (id: string, state: ClassSwitch['state'], ms: number, t: number): ClassSwitch => ({
  id,
  hostId: 'xen1',
  domid: 3,
  vm: 'web',
  from: { vmClass: 'NLSVM', microsliceMs: 0 },
  to: { vmClass: ms > 0 ? 'LSVM' : 'NLSVM', microsliceMs: ms },
  argv: [],
  command: '',
  state,
  startedAt: t,
  finishedAt: state === 'running' ? null : t + 100,
  hostReply: '',
  exitCode: 0,
  readBackMs: ms,
  error: null,
  undoOf: null,
});
const round = (t: number, rttMs: (number | null)[], vm = 'web') => ({
  name: 'latencySample' as const,
  payload: { hostId: 'xen1', vm, address: 'a', t, rttMs },
});

describe('PredictionChecks', () => {
  it('holds the prediction of the switch that was made against the rounds after it, until the next switch', () => {
    const seen: PredictionCheck[] = [];
    const checks = new PredictionChecks(
      (c) => seen.push(c),
      () => 1000,
    );
    checks.remember(whatIf(3, 5));
    checks.observe({ name: 'classSwitch', payload: sw('s1', 'running', 5, 1000) });
    checks.observe({ name: 'classSwitch', payload: sw('s1', 'done', 5, 1000) });
    expect(seen.at(-1)).toMatchObject({ switchId: 's1', predictedP50Ms: 10, observedP50Ms: null });
    checks.observe(round(1050, [99])); // while the switch ran
    checks.observe(round(2000, [8, 12, null, 12]));
    checks.observe(round(2000, [500], 'other'));
    expect(seen.at(-1)).toMatchObject({ observedP50Ms: 12, observedCount: 3 });
    expect(seen.at(-1)!.p50ErrorPct).toBeCloseTo(-16.7, 1);
    checks.observe({ name: 'classSwitch', payload: sw('s2', 'running', 0, 3000) });
    checks.observe(round(4000, [200]));
    expect(checks.list('xen1')).toHaveLength(1);
    expect(checks.list('xen1')[0]!.observedCount).toBe(3);
  });

  it('starts no check for a switch nobody predicted, or to another microslice', () => {
    const seen: PredictionCheck[] = [];
    const checks = new PredictionChecks(
      (c) => seen.push(c),
      () => 1000,
    );
    checks.remember(whatIf(3, 3));
    checks.observe({ name: 'classSwitch', payload: sw('s1', 'done', 5, 1000) });
    expect(seen).toEqual([]);
  });
});
