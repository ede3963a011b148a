import { describe, expect, it } from 'vitest';
import type { DomainSample, HostSample } from '../model';
import { hostSched, vmSched } from '../sched.testkit';
import { jainIndex, JainSums, sampleFairness, shareVsEntitlement } from './fairness';

const domain = (name: string, over: Partial<DomainSample> = {}): DomainSample => ({
  name,
  state: '-----r',
  cpuPct: 20,
  share: 0.2,
  memKiB: 1,
  maxMemKiB: 1,
  vcpus: 1,
  ...over,
});
const hostSample = (domains: DomainSample[]): HostSample => ({
  hostId: 'xen1',
  t: 1000,
  domains,
  rejected: [],
  gapBefore: false,
});
const shares = (...s: number[]) =>
  hostSample([
    domain('Domain-0', { share: null }),
    ...s.map((share, i) => domain(`vm${i + 1}`, { share })),
  ]);
const equal = null;

describe('fairness maths', () => {
  it('Jain’s index from values or running sums', () => {
    expect(jainIndex([0.25, 0.25, 0.25, 0.25])).toBe(1);
    expect(jainIndex([1, 0])).toBe(0.5);
    const sums = new JainSums();
    [1, 0].forEach((x) => sums.add(x));
    expect(sums.index()).toBe(0.5);
    sums.reset();
    expect(sums.index()).toBeNull();
  });

  it('is 1 when every VM gets the same share under equal weights', () => {
    expect(jainIndex([0.25, 0.25, 0.25, 0.25])).toBe(1);
    expect(sampleFairness(shares(0.2, 0.2, 0.2, 0.2, 0.2), equal, 1)).toBeCloseTo(1, 12);
  });

  it('drops when one VM is starved, to 1/n when one VM gets everything', () => {
    const fair = sampleFairness(shares(0.25, 0.25, 0.25, 0.25), equal, 1)!;
    const starved = sampleFairness(shares(0.33, 0.33, 0.33, 0.01), equal, 1)!;
    expect(starved).toBeLessThan(fair);
    expect(starved).toBeGreaterThan(0.25);
    expect(sampleFairness(shares(1, 0, 0, 0), equal, 1)).toBeCloseTo(0.25, 12);
  });

  it('respects weights: shares proportional to weight are fair, equal shares are not', () => {
    const weights = hostSched([
      vmSched(1, 'vm1', { weight: 512 }),
      vmSched(2, 'vm2'),
      vmSched(3, 'vm3'),
    ]);
    expect(shareVsEntitlement(shares(0.5, 0.25, 0.25), weights, 1).map((e) => e.fairShare)).toEqual(
      [0.5, 0.25, 0.25],
    );
    expect(sampleFairness(shares(0.5, 0.25, 0.25), weights, 1)).toBeCloseTo(1, 12);
    const even = sampleFairness(shares(1 / 3, 1 / 3, 1 / 3), weights, 1)!;
    expect(even).toBeLessThan(0.95);
    // Ignoring the weights would call the even split perfectly fair.
    expect(sampleFairness(shares(1 / 3, 1 / 3, 1 / 3), equal, 1)).toBeCloseTo(1, 12);
  });

  it('leaves out Domain-0 and unmeasured guests, and has no value without guests', () => {
    const s = hostSample([
      domain('Domain-0', { share: 0.9 }),
      domain('a', { share: 0.4 }),
      domain('b', { share: null }),
    ]);
    expect(sampleFairness(s, equal, 1)).toBe(1);
    expect(sampleFairness(hostSample([domain('Domain-0', { share: null })]), equal, 1)).toBeNull();
    expect(jainIndex([])).toBeNull();
    expect(jainIndex([0, 0])).toBeNull();
  });

  it('a VM missing from the listing counts with the default weight', () => {
    const weights = hostSched([vmSched(1, 'vm1', { weight: 256 })]);
    const e = shareVsEntitlement(shares(0.5, 0.5), weights, 1);
    expect(e.find((x) => x.name === 'vm2')).toMatchObject({ weight: 256, fairShare: 0.5 });
  });

  it('shows share against fair share per VM', () => {
    const weights = hostSched([vmSched(1, 'vm1', { weight: 768 }), vmSched(2, 'vm2')]);
    expect(shareVsEntitlement(shares(0.6, 0.4), weights, 1)).toEqual([
      { name: 'vm1', weight: 768, share: 0.6, capacity: 1, fairShare: 0.75, wantsLess: false },
      { name: 'vm2', weight: 256, share: 0.4, capacity: 1, fairShare: 0.25, wantsLess: false },
    ]);
  });
});
