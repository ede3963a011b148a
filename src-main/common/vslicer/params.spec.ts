import { describe, expect, it } from 'vitest';
import { computePcpuParams } from './params';

const vms = (...ms: number[]) =>
  ms.map((microsliceMs, i) => ({ key: i, domid: i + 1, microsliceMs }));

describe('Eq. (12) per pCPU', () => {
  it('Figure 6b: m = n = 2, T_NLSVM = 30 ms, T_m = 5 ms → T_S 30, T_n 15, r 3', () => {
    const p = computePcpuParams('vslicer', 0, 30_000, vms(5, 5, 0, 0));
    expect(p).toMatchObject({ mode: 'algorithm1', m: 2, n: 2, tsUs: 30_000, tnUs: 15_000 });
    expect(p.lsvm.get(0)).toEqual({ microUs: 5000, r: 3, tnUs: 15_000 });
    expect(p.notices).toEqual([]);
  });

  it('a non-divisor T_m runs r = ⌈T_n/T_m⌉ equal microslices and says so', () => {
    const p = computePcpuParams('vslicer', 0, 30_000, vms(4, 0, 0));
    expect(p.lsvm.get(0)).toEqual({ microUs: 3750, r: 4, tnUs: 15_000 });
    expect(p.notices.map((n) => n.code)).toEqual(['microslice-not-divisor']);
    expect(p.notices[0]!.instead).toMatch(/r = 4/);
  });

  it('T_m above T_n is cut to T_n', () => {
    const p = computePcpuParams('vslicer', 0, 30_000, vms(20, 0, 0, 0));
    expect(p.lsvm.get(0)).toEqual({ microUs: 10_000, r: 1, tnUs: 10_000 });
    expect(p.notices.map((n) => n.code)).toEqual(['microslice-exceeds-tn']);
  });

  it('no NLSVM: round-robin microslices, with a warning', () => {
    const p = computePcpuParams('vslicer', 0, 30_000, vms(5, 5, 5));
    expect(p.mode).toBe('round-robin-microslices');
    expect(p.notices[0]!.code).toBe('no-nlsvm');
  });

  it('fewer than three VMs: full slices, with a warning', () => {
    const p = computePcpuParams('vslicer', 0, 30_000, vms(5, 0));
    expect(p.mode).toBe('full-slices');
    expect(p.lsvm.size).toBe(0);
    expect(p.notices[0]!.code).toBe('too-few-vms');
  });

  it('different microslices: Section 6 frequency policy, r_i ∝ 1/T_m_i', () => {
    const p = computePcpuParams('vslicer', 0, 30_000, vms(5, 3, 0, 0));
    expect(p.lsvm.get(0)!.r).toBe(3);
    expect(p.lsvm.get(1)!.r).toBe(5);
    expect(p.notices.map((n) => n.code)).toContain('mixed-microslices');
  });

  it('credit ignores microslices and says so', () => {
    const p = computePcpuParams('credit', 0, 30_000, vms(5, 0, 0));
    expect(p.mode).toBe('credit');
    expect(p.notices[0]!.code).toBe('microslice-ignored');
  });
});
