import { describe, expect, it } from 'vitest';
import { hostSched, vmSched } from '../sched.testkit';
import { planMicroslice, varyingFigures } from './microslice-options';

const lsvm = { vmClass: 'LSVM' as const, microsliceMs: 5 };
// The demo host: dom0 on pCPU 0 of its own, five guests on pCPU 1.
const demo = (over: Record<string, object> = {}) =>
  hostSched(
    ['Domain-0', 'web-frontend', 'voip-gw', 'batch-worker', 'db-report', 'video-encode'].map(
      (name, domid) => vmSched(domid, name, over[name] ?? {}),
    ),
  );

describe('planMicroslice', () => {
  it('for a lone LSVM, says why no option differs and shows each figure once', () => {
    const p = planMicroslice(demo(), 1);
    // Domain-0 runs on its own core: four NLSVMs share the pCPU, T_n = 30/4 = 7.5 ms.
    expect([p.lsvmCount, p.nlsvmCount]).toEqual([1, 4]);
    expect(p.options.map((o) => o.microsliceMs)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(varyingFigures(p.options)).toEqual(new Set());
    expect(p.options[0]).toMatchObject({ worstCaseLatencyMs: 30, meanLatencyMs: 30 });
    expect(p.note).toMatch(/runs 7.5 ms after every NLSVM slice.*instead of 120 ms/);
    expect(p.note).toMatch(/no T_m term while m = 1/);
  });

  it('with a second LSVM, the options differ in every figure and there is no note', () => {
    const p = planMicroslice(demo({ 'voip-gw': lsvm }), 1);
    expect([p.lsvmCount, p.nlsvmCount]).toEqual([2, 3]);
    expect(varyingFigures(p.options)).toEqual(
      new Set(['worstCaseLatencyMs', 'meanLatencyMs', 'contextSwitchRatio']),
    );
    expect(p.options.find((o) => o.microsliceMs === 5)).toMatchObject({
      worstCaseLatencyMs: 35,
      bestCaseLatencyMs: 5,
    });
    expect(p.note).toBeNull();
  });

  it('counts only the VMs that share its pCPUs where the host said where they run', () => {
    const s = demo({
      'Domain-0': { pcpus: [0] },
      'web-frontend': { pcpus: [1] },
      'voip-gw': { ...lsvm, pcpus: [2] },
      'batch-worker': { pcpus: [1] },
      'db-report': { pcpus: [1] },
      'video-encode': { pcpus: [2] },
    });
    // voip-gw's LSVM runs on pCPU 2: web-frontend is the lone LSVM beside two NLSVMs.
    expect(planMicroslice(s, 1)).toMatchObject({ lsvmCount: 1, nlsvmCount: 2 });
    expect(planMicroslice(s, 5)).toMatchObject({ lsvmCount: 2, nlsvmCount: 0 });
  });
});
