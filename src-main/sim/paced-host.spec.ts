import { describe, expect, it } from 'vitest';
import { createDemoHost } from './engine';
import { PacedSimHost } from './paced-host';

describe('PacedSimHost', () => {
  it('brings simulated time up to wall time only when looked at', () => {
    let now = 1000;
    const sim = createDemoHost(1);
    const paced = new PacedSimHost(sim, () => now);
    expect(sim.nowUs).toBe(0);
    now += 2500;
    const snap = paced.snapshot();
    expect(sim.nowUs).toBe(2_500_000);
    expect(snap.nowNs).toBeGreaterThan(0n);
    // The five guests share the pCPU: about 2.5 s of guest CPU time in 2.5 s.
    const guestNs = snap.domains.filter((d) => d.domid !== 0).reduce((s, d) => s + d.cpuNs, 0n);
    expect(Number(guestNs) / 1e9).toBeGreaterThan(2.3);
    expect(Number(guestNs) / 1e9).toBeLessThanOrEqual(2.5 + 1e-6);
  });

  it('switches a class through setSchedParams and reports engine errors as text', () => {
    let now = 0;
    const paced = new PacedSimHost(createDemoHost(1), () => now);
    const web = paced.snapshot().domains.find((d) => d.name === 'web-frontend')!;
    expect(paced.setSchedParams(web.domid, { microsliceMs: 5 })).toBeNull();
    now += 100;
    expect(paced.snapshot().domains.find((d) => d.domid === web.domid)?.microsliceMs).toBe(5);
    expect(paced.setSchedParams(999, { weight: 256 })).toMatch(/999|domain/i);
  });

  it('answers a ping after the probe has run in paced time', async () => {
    const paced = new PacedSimHost(createDemoHost(1));
    const ip = paced.snapshot().domains.find((d) => d.name === 'web-frontend')!.nets[0]!.ip!;
    const started = Date.now();
    const rtts = await paced.ping(ip, { count: 3, intervalMs: 100, timeoutMs: 1000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(rtts).toHaveLength(3);
    for (const rtt of rtts) expect(rtt).toBeGreaterThan(0);
    const nobody = await paced.ping('192.0.2.250', { count: 1, intervalMs: 100, timeoutMs: 50 });
    expect(nobody).toEqual([null]);
  });
});
