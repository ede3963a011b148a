import { describe, expect, it } from 'vitest';
import { plan } from './planner';

describe('planner', () => {
  it('reproduces Section 3.1: m = n = 2, T_m = 5 ms', () => {
    const p = plan({ lsvm: 2, nlsvm: 2, tsliceMs: 30, microsliceMs: 5 });
    expect(p.errors).toEqual([]);
    expect(p).toMatchObject({ tsMs: 30, tnMs: 15, tmMs: 5, r: 3, divides: true, periodMs: 120 });
    expect(p.bestCaseLatencyMs).toBe(5);
    expect(p.worstCaseLatencyMs).toBe(35);
    expect(p.meanLatencyMs).toBe(15);
    expect(p.creditLatencyMs).toBe(90);
    expect(p.contextSwitchRatio).toBeCloseTo(3.5, 9);
  });

  it('reproduces Figure 6a: one LSVM waits 30 ms', () => {
    const p = plan({ lsvm: 1, nlsvm: 3, tsliceMs: 30, microsliceMs: 10 });
    expect(p).toMatchObject({
      tsMs: 10,
      tnMs: 10,
      r: 1,
      bestCaseLatencyMs: 30,
      worstCaseLatencyMs: 30,
      meanLatencyMs: 30,
    });
    expect(p.meanWaitForArrivalMs).toBeCloseTo(11.25, 9);
  });

  it('proposes the largest divisor of T_n under ⌊T_l/(m−1)⌋', () => {
    const p = plan({ lsvm: 2, nlsvm: 2, tsliceMs: 30, targetLatencyMs: 12 });
    expect(p.tmUpperBoundMs).toBe(12);
    expect(p.proposedMicrosliceMs).toBe(5);
    expect(p.divides).toBe(true);
  });

  it('flags a non-divisor and plans what the engine would run', () => {
    const p = plan({ lsvm: 2, nlsvm: 2, tsliceMs: 30, microsliceMs: 4 });
    expect(p.errors).toEqual([]);
    expect(p.divides).toBe(false);
    expect(p.tmMs).toBe(3.75);
    expect(p.r).toBe(4);
    expect(p.notices.join(' ')).toMatch(/does not divide/);
  });

  it.each([
    [{ lsvm: 2, nlsvm: 0, tsliceMs: 30, microsliceMs: 5 }, /num_nlsvm/],
    [{ lsvm: 1, nlsvm: 1, tsliceMs: 30, microsliceMs: 5 }, /m \+ n must be ≥ 3/],
    [{ lsvm: 0, nlsvm: 3, tsliceMs: 30, microsliceMs: 5 }, /--lsvm/],
    [{ lsvm: 2, nlsvm: 2, tsliceMs: 0, microsliceMs: 5 }, /--tslice/],
    [{ lsvm: 2, nlsvm: 2, tsliceMs: 30 }, /exactly one/],
    [{ lsvm: 2, nlsvm: 2, tsliceMs: 30, microsliceMs: -1 }, /Microslice/],
    [{ lsvm: 2, nlsvm: 2, tsliceMs: 30, microsliceMs: 20 }, /exceeds T_n/],
    [{ lsvm: 3, nlsvm: 2, tsliceMs: 30, targetLatencyMs: 1 }, /no whole-ms/],
  ])('rejects %j', (input, why) => {
    const p = plan(input);
    expect(p.errors.length).toBeGreaterThan(0);
    expect(p.errors.join(' ')).toMatch(why);
  });
});
