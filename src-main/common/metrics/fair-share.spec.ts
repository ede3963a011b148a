import { describe, expect, it } from 'vitest';
import type { HostSample } from '../model';
import type { VmSched } from '../sched';
import { vmSched } from '../sched.testkit';
import { entitlementsOf, placements } from './fair-share';
import { sampleFairness } from './fairness';

const vm = (name: string, over: Partial<VmSched> = {}) => vmSched(1, name, over);
type G = { w?: number; cap?: number; max?: number; used?: number; blocked?: boolean };
const guest = (name: string, o: G = {}) => ({ name, ...o });
/** Fair shares of guests sharing `capacity` pCPUs (no pools said: the host's count). */
function run(capacity: number, guests: Array<{ name: string } & G>) {
  const vms = guests.map((g) =>
    vm(g.name, { weight: g.w ?? 256, cap: g.cap ?? 0, vcpus: g.max ?? 1 }),
  );
  const shares = guests.map((g) => ({
    name: g.name,
    share: (g.used ?? 1) / capacity,
    vcpus: g.max ?? 1,
    state: g.blocked ? '--b---' : '-----r',
  }));
  return new Map(entitlementsOf(shares, { vms }, capacity).map((e) => [e.name, e]));
}
const fair = (capacity: number, guests: Array<{ name: string } & G>) =>
  Object.fromEntries(
    [...run(capacity, guests)].map(([k, v]) => [k, Number(v.fairShare.toFixed(4))]),
  );

describe('fair shares: by weight, within what each VM can and wants to use', () => {
  it('by weight: 512 and 256 get 2:1 of one pCPU', () => {
    expect(fair(1, [guest('a', { w: 512 }), guest('b')])).toEqual({ a: 0.6667, b: 0.3333 });
  });

  it('a VM gets no more than its vCPUs: three 1-vCPU VMs on 4 pCPUs get a pCPU each', () => {
    expect(fair(4, [guest('a'), guest('b'), guest('c')])).toEqual({ a: 0.25, b: 0.25, c: 0.25 });
    // With a 2-vCPU VM beside them, it takes the fourth.
    expect(fair(4, [guest('a'), guest('b'), guest('c', { max: 2 })])).toEqual({
      a: 0.25,
      b: 0.25,
      c: 0.5,
    });
  });

  it('a cap limits a VM, and what it cannot take goes to the others by weight', () => {
    expect(fair(1, [guest('capped', { cap: 20 }), guest('b'), guest('c', { w: 512 })])).toEqual({
      capped: 0.2,
      b: 0.2667,
      c: 0.5333,
    });
  });

  it('demand-aware: an idle VM below its entitlement is fair at what it used, the busy one gets the rest', () => {
    const out = run(1, [
      guest('idle', { used: 0.02, blocked: true }),
      guest('busy', { used: 0.98 }),
    ]);
    expect(out.get('idle')).toMatchObject({ fairShare: 0.02, wantsLess: true });
    expect(out.get('busy')!.fairShare).toBeCloseTo(0.98, 9);
    // A starved VM is runnable, not blocked: it is not taken to want less.
    const starved = run(1, [guest('starved', { used: 0.02 }), guest('hog', { used: 0.98 })]);
    expect(starved.get('starved')).toMatchObject({ fairShare: 0.5, wantsLess: false });
  });
});

describe('placements: who competes with whom, and on how many pCPUs', () => {
  it('pools and pinning make groups; a VM the host said nothing of has no placement', () => {
    const p = placements([
      { name: 'a', pcpus: [1] },
      { name: 'b', pcpus: [1] },
      { name: 'c', pcpus: [2, 3] },
      { name: 'd', pcpus: [3] },
      { name: 'e', pcpus: null },
    ]);
    expect(p.get('a')).toEqual({ capacity: 1, group: ['a', 'b'] });
    expect(p.get('c')).toEqual({ capacity: 2, group: ['c', 'd'] });
    expect(p.get('e')).toEqual({ capacity: null, group: [] });
  });
});

describe('a host’s fairness with its topology', () => {
  const sample = (domains: Array<[string, number, string]>): HostSample => ({
    hostId: 'h',
    t: 1,
    rejected: [],
    gapBefore: false,
    domains: domains.map(([name, share, state]) => ({
      name,
      share,
      state,
      cpuPct: share * 100,
      memKiB: 1,
      maxMemKiB: 1,
      vcpus: 1,
    })),
  });

  it('one idle guest beside a busy one is fair (raw shares said 0.53)', () => {
    const s = sample([
      ['busy', 0.97, '-----r'],
      ['idle', 0.01, '--b---'],
    ]);
    expect(sampleFairness(s, { vms: [vm('busy'), vm('idle')] }, 1)).toBeCloseTo(1, 3);
    const e = entitlementsOf(
      s.domains.map((d) => ({ name: d.name, share: d.share!, vcpus: 1, state: d.state })),
      { vms: [vm('busy'), vm('idle')] },
      1,
    );
    expect(e.find((x) => x.name === 'idle')?.wantsLess).toBe(true);
  });

  it('two pools are judged apart: each full pool is fair on its own pCPUs', () => {
    const vms = [vm('a', { pcpus: [1] }), vm('b', { pcpus: [1] }), vm('c', { pcpus: [2, 3] })];
    // a and b split pCPU 1; c, one vCPU alone in a 2-pCPU pool, can use half of its pool.
    const s = sample([
      ['a', 0.5, '-----r'],
      ['b', 0.5, '-----r'],
      ['c', 0.5, '-----r'],
    ]);
    expect(sampleFairness(s, { vms }, 4)).toBeCloseTo(1, 9);
    const e = entitlementsOf(
      s.domains.map((d) => ({ name: d.name, share: d.share!, vcpus: 1, state: d.state })),
      { vms },
      4,
    );
    expect(e.map((x) => [x.name, x.capacity, x.fairShare])).toEqual([
      ['a', 1, 0.5],
      ['b', 1, 0.5],
      ['c', 2, 0.5],
    ]);
  });
});
