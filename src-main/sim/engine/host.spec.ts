import { describe, expect, it } from 'vitest';
import { SimHost } from './host';
import { oneCoreHost, stats } from './spec-helpers';

function pingedHost(seed: number) {
  const h = oneCoreHost('vslicer', [5, 0, 0, 0], ['lookbusy:40', 'rr:30'], { seed });
  const p = h.ping(1, { count: 20, intervalMs: 200 });
  if (!p.ok) throw new Error(p.error.message);
  return { h, probe: p.value };
}

describe('SimHost', () => {
  it('advancing in chunks gives exactly the result of advancing at once', () => {
    const a = pingedHost(3);
    const b = pingedHost(3);
    a.h.advanceTo(5_000_000);
    for (let t = 0; t <= 5_000_000; t += 333_333) b.h.advanceTo(t);
    b.h.advanceTo(5_000_000);
    expect(b.h.snapshot()).toEqual(a.h.snapshot());
    expect(b.probe.rttMs()).toEqual(a.probe.rttMs());
  });

  it('is reproducible from its seed, and seeds matter', () => {
    const a = pingedHost(1);
    const b = pingedHost(1);
    const c = pingedHost(2);
    for (const x of [a, b, c]) x.h.advanceTo(5_000_000);
    expect(a.probe.rttMs()).toEqual(b.probe.rttMs());
    expect(c.probe.rttMs()).not.toEqual(a.probe.rttMs());
  });

  it('snapshot: Domain-0 first on core 0, growing CPU and packet counters', () => {
    const { h } = pingedHost(1);
    h.advanceTo(1_000_000);
    const s1 = h.snapshot();
    h.advanceTo(5_000_000);
    const s2 = h.snapshot();
    expect(s2.domains.map((d) => d.name)).toEqual(['Domain-0', 'vm1', 'vm2', 'vm3', 'vm4']);
    expect(s2.domains[0]!.vcpuPcpu).toEqual([0]);
    expect(s2.domains[1]!.vcpuPcpu).toEqual([1]);
    expect(s2.nrCpus).toBe(2);
    expect(s2.nowNs).toBe(5_000_000_000n);
    for (let i = 0; i < 5; i++) expect(s2.domains[i]!.cpuNs).toBeGreaterThan(s1.domains[i]!.cpuNs);
    expect(s2.domains[1]!.nets[0]!.rxPackets).toBeGreaterThan(s1.domains[1]!.nets[0]!.rxPackets);
    expect(s2.domains.filter((d) => d.flags.running)).toHaveLength(2); // dom0 and one guest
    const guestNs = s2.domains.slice(1).reduce((a, d) => a + d.cpuNs, 0n);
    expect(guestNs).toBe(5_000_000_000n); // a saturated core: every µs goes to some guest
  });

  it('controls return typed errors instead of throwing', () => {
    const h = oneCoreHost('vslicer', [0, 0, 0]);
    expect(h.setMicroslice(99, 5)).toMatchObject({ ok: false, error: { code: 'unknown-domain' } });
    expect(h.setMicroslice(1, -1)).toMatchObject({
      ok: false,
      error: { code: 'invalid-microslice' },
    });
    expect(h.setWeight(1, 0)).toMatchObject({ ok: false, error: { code: 'invalid-weight' } });
    expect(h.setCap(1, 101)).toMatchObject({ ok: false, error: { code: 'invalid-cap' } });
    expect(h.setTslice(0)).toMatchObject({ ok: false, error: { code: 'invalid-tslice' } });
    expect(h.setRatelimit(50)).toMatchObject({ ok: false, error: { code: 'invalid-ratelimit' } });
    expect(h.addVm({ name: 'vm1' })).toMatchObject({ ok: false });
    expect(h.addVm({ name: 'x', workloads: ['disk'] })).toMatchObject({
      ok: false,
      error: { code: 'invalid-workload' },
    });
    expect(h.removeVm(42)).toMatchObject({ ok: false, error: { code: 'unknown-domain' } });
    expect(h.ping(42, { count: 1 })).toMatchObject({ ok: false });
    const credit = oneCoreHost('credit', [0, 0, 0]);
    expect(credit.setMicroslice(1, 5)).toMatchObject({
      ok: false,
      error: { code: 'not-supported' },
    });
  });

  it('a class switch takes effect at the next scheduling decision (Section 4)', () => {
    const h = oneCoreHost('vslicer', [0, 0, 0, 0]);
    h.advanceTo(5_000); // vm1 is 5 ms into its 30 ms slice
    expect(h.setMicroslice(1, 5).ok).toBe(true);
    h.advanceTo(29_000);
    expect(h.snapshot().domains[1]!.flags.running).toBe(true); // the current slice is not cut
    h.runFor(3_000_000);
    expect(stats(h, 'vm1').class).toBe('LSVM');
    expect(stats(h, 'vm1').schedLatencyMs.p50).toBeLessThan(35);
  });

  it('adds and removes VMs at run time, recomputing Eq. 12 and the notices', () => {
    const h = oneCoreHost('vslicer', [5, 0]);
    expect(h.notices().map((n) => n.code)).toEqual(['too-few-vms']);
    h.at(1_000_000, (host) => host.addVm({ name: 'late', microsliceMs: 5, workloads: ['cpu'] }));
    h.at(2_000_000, (host) => host.removeVm(2));
    h.advanceTo(1_500_000);
    expect(h.notices()).toEqual([]);
    expect(stats(h, 'late').cpuUs).toBeGreaterThan(0);
    h.advanceTo(3_000_000);
    expect(h.liveVms().map((v) => v.name)).toEqual(['vm1', 'late']);
    expect(h.notices().map((n) => n.code)).toEqual(['no-nlsvm']);
    h.runFor(1_000_000);
    expect(stats(h, 'vm1').schedLatencyMs.p50).toBeLessThan(6); // round-robin 5 ms microslices
    const gone = SimHost.create({
      pcpus: 1,
      scheduler: 'credit',
      vms: [{ name: 'a', workloads: ['ping'] }],
    });
    if (!gone.ok) throw new Error(gone.error.message);
    const probe = gone.value.ping(1, { count: 3, intervalMs: 100, timeoutMs: 200 });
    gone.value.removeVm(1);
    gone.value.runFor(1_000_000);
    expect(probe.ok && probe.value.rttMs()).toEqual([null, null, null]);
    expect(gone.value.snapshot().domains).toHaveLength(1);
  });

  it('credit weights set proportional shares; a cap limits CPU', () => {
    const h = oneCoreHost('credit', [0, 0]);
    h.setWeight(1, 512);
    h.runFor(10_000_000);
    const r = stats(h, 'vm1').cpuUs / stats(h, 'vm2').cpuUs;
    expect(r).toBeGreaterThan(1.7);
    expect(r).toBeLessThan(2.3);
    const c = oneCoreHost('credit', [0, 0]);
    c.setCap(1, 20);
    c.runFor(10_000_000);
    expect(stats(c, 'vm1').cpuUs / 10_000_000).toBeLessThan(0.25);
    expect(stats(c, 'vm2').cpuUs / 10_000_000).toBeGreaterThan(0.7);
  });

  it('credit BOOST: an idle VM woken by a ping preempts the CPU hogs', () => {
    const r = SimHost.create({
      pcpus: 1,
      scheduler: 'credit',
      vms: [
        { name: 'io', workloads: ['idle', 'ping'] },
        { name: 'a', workloads: ['cpu'] },
        { name: 'b', workloads: ['cpu'] },
      ],
    });
    if (!r.ok) throw new Error(r.error.message);
    const probe = r.value.ping(1, { count: 50, intervalMs: 100 });
    if (!probe.ok) throw new Error(probe.error.message);
    r.value.runFor(7_000_000);
    const rtts = probe.value.rttMs() as number[];
    expect(Math.max(...rtts)).toBeLessThan(1.5); // ratelimit (1 ms) + network + burst
  });

  it('runs many pCPUs independently', () => {
    const r = SimHost.create({
      pcpus: 4,
      scheduler: 'vslicer',
      vms: Array.from({ length: 16 }, (_, i) => ({
        name: `v${i}`,
        pcpu: i % 4,
        microsliceMs: i < 4 ? 5 : 0,
        workloads: ['cpu'],
      })),
    });
    if (!r.ok) throw new Error(r.error.message);
    r.value.runFor(3_000_000);
    for (const s of r.value.allVmStats())
      expect(Math.abs(s.cpuUs / 3_000_000 - 0.25)).toBeLessThan(0.02);
    expect(
      SimHost.create({ pcpus: 1, scheduler: 'vslicer', vms: [{ name: 'x', pcpu: 3 }] }).ok,
    ).toBe(false);
  });
});
