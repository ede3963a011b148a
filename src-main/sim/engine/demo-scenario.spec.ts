import { describe, expect, it } from 'vitest';
import { createDemoHost } from './demo-scenario';

function meanRtt(rtts: (number | null | undefined)[]): number {
  const xs = rtts.filter((r): r is number => typeof r === 'number');
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

describe('createDemoHost', () => {
  it('is Domain-0 plus five VMs on one pCPU, all NLSVMs under vSlicer, on TEST-NET-1', () => {
    const h = createDemoHost();
    const s = h.snapshot();
    expect(s.scheduler).toBe('vslicer');
    expect(s.domains.map((d) => d.name)).toEqual([
      'Domain-0',
      'web-frontend',
      'voip-gw',
      'batch-worker',
      'db-report',
      'video-encode',
    ]);
    for (const d of s.domains.slice(1)) {
      expect(d.microsliceMs).toBe(0);
      expect(d.nets[0]!.mac).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
      expect(d.nets[0]!.ip).toMatch(/^192\.0\.2\.\d+$/);
    }
  });

  it('switching web-frontend to an LSVM visibly cuts its ping RTT', () => {
    const h = createDemoHost();
    h.advanceTo(2_000_000);
    const before = h.ping(1, { count: 40, intervalMs: 250 });
    if (!before.ok) throw new Error(before.error.message);
    h.runFor(12_000_000);
    expect(h.setMicroslice(1, 5).ok).toBe(true);
    const after = h.ping(1, { count: 40, intervalMs: 250 });
    if (!after.ok) throw new Error(after.error.message);
    h.runFor(12_000_000);
    const b = meanRtt(before.value.rttMs());
    const a = meanRtt(after.value.rttMs());
    expect(b).toBeGreaterThan(20);
    expect(a).toBeLessThan(b * 0.5);
    const shares = h.allVmStats().map((v) => v.cpuUs / h.nowUs);
    for (const x of shares) expect(Math.abs(x - 0.2)).toBeLessThan(0.03);
  });
});
