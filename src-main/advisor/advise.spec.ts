import { describe, expect, it } from 'vitest';
import { emptyWaits } from '../common/metrics/sched-waits';
import type { DomainSample, HostSample } from '../common/model';
import type { LatencySample, SchedWaits } from '../common/sched';
import { hostSched, vmSched } from '../common/sched.testkit';
import { advise } from './advise';

/**
 * Synthetic histories of one pCPU and four guests over 60 s: what the console would have stored.
 * - web: I/O-bound (blocked 70 % of the time, 60 KiB/s on the network), long ping RTTs;
 * - hog: CPU-bound (never blocked, all of its fair share, only the probes' traffic);
 * - quiet: blocked, little CPU, short RTTs (nothing to gain);
 * - noprobe: I/O-bound like web but without a probe address.
 */
type Kind = { state: (i: number) => string; cpuPct: number; netKiBPerS: number };
const KINDS: Record<string, Kind> = {
  web: { state: (i) => (i % 10 < 7 ? '--b---' : '-----r'), cpuPct: 15, netKiBPerS: 60 },
  hog: { state: (i) => (i % 3 === 0 ? '-----r' : '------'), cpuPct: 73, netKiBPerS: 0.5 },
  quiet: { state: () => '--b---', cpuPct: 2, netKiBPerS: 0.5 },
  noprobe: { state: (i) => (i % 10 < 6 ? '--b---' : '------'), cpuPct: 10, netKiBPerS: 40 },
};
const NAMES = Object.keys(KINDS);
const sched = hostSched(NAMES.map((n, i) => vmSched(i + 1, n)));

function samples(): HostSample[] {
  return Array.from({ length: 60 }, (_, i) => ({
    hostId: 'xen1',
    t: (i + 1) * 1000,
    rejected: [],
    gapBefore: false,
    domains: NAMES.map((name): DomainSample => ({
      name,
      state: KINDS[name]!.state(i),
      cpuPct: KINDS[name]!.cpuPct,
      share: KINDS[name]!.cpuPct / 100,
      memKiB: 1,
      maxMemKiB: null,
      vcpus: 1,
      netKiB: Math.round(KINDS[name]!.netKiBPerS * i),
    })),
  }));
}

function rounds(): LatencySample[] {
  const rtt: Record<string, number[]> = {
    web: [40, 55, 62, 70, 85],
    hog: [35, 50, 60, 75, 90],
    quiet: [0.3, 0.4, 0.5, 0.4, 0.3],
  };
  return Array.from({ length: 30 }, (_, i) =>
    Object.entries(rtt).map(([vm, r]) => ({
      hostId: 'xen1',
      vm,
      address: 'a',
      t: i * 2000 + 1,
      rttMs: r,
    })),
  ).flat();
}

function waitReadings(): SchedWaits[] {
  return Array.from({ length: 12 }, (_, i) => ({
    hostId: 'xen1',
    t: (i + 1) * 5000,
    sinceT: i * 5000,
    unavailable: null,
    vms: NAMES.map((vm, k) => {
      const w = emptyWaits();
      w.dispatches = w.waits = 40;
      w.sumUs = 40 * 60_000;
      w.maxUs = 90_000;
      w.hist[15] = 20;
      w.hist[16] = 20;
      return { vm, domid: k + 1, window: w };
    }),
  }));
}

const input = (over: Partial<Parameters<typeof advise>[1]> = {}) => ({
  sched,
  samples: samples(),
  latency: rounds(),
  waits: waitReadings(),
  probeTargets: [
    { vm: 'noprobe', address: null, source: null, problem: 'no address in the neighbour table' },
  ],
  guestPcpus: 1,
  window: { from: 0, to: 60_000 },
  ...over,
});

describe('advise', () => {
  it('ranks the I/O-bound VM that waits long first and the CPU-bound VM last', () => {
    const a = advise('xen1', input());
    expect(a.ranking.map((r) => r.vm)[0]).toBe('web');
    expect(a.ranking.at(-1)).toMatchObject({ vm: 'hog', verdict: 'cpu-bound' });
    expect(a.ranking.find((r) => r.vm === 'quiet')?.verdict).toBe('no-gain');
    const web = a.evidence.find((e) => e.vm === 'web')!;
    expect(web.blockedRatio).toBeCloseTo(0.7, 5);
    expect(web.netKiBPerS).toBeCloseTo(60, 0);
    expect(web.rtt).toMatchObject({ count: 150, p50Ms: 62 });
    // One LSVM among four on one pCPU: T_n = 10 ms, the planner's 5 ms, worst case one slice.
    expect(web).toMatchObject({ plannedMicrosliceMs: 5, lsvmWorstCaseMs: 30 });
    expect(web.waits?.runsPerS).toBeCloseTo(8, 5);
    expect(a.ranking[0]!.reasons[0]).toMatch(/I\/O-bound and waits long/);
    expect(a.ranking.at(-1)!.reasons[0]).toMatch(/CPU-bound.*Fig\. 11/);
  });

  it('explains a VM without RTT probes and still judges it on xentop and the waits', () => {
    const a = advise('xen1', input());
    const r = a.ranking.find((x) => x.vm === 'noprobe')!;
    expect(a.evidence.find((e) => e.vm === 'noprobe')?.rtt).toBeNull();
    expect(r.verdict).toBe('candidate');
    expect(r.reasons.join(' ')).toMatch(
      /No ping RTTs: it has no probe address \(no address in the neighbour table\); judged on xentop and the scheduling waits alone/,
    );
  });

  it('says what limits the advice on a host without waits, and skips what lies outside the window', () => {
    const a = advise('xen1', input({ waits: [], window: { from: 30_000, to: 60_000 } }));
    expect(a.notes.join(' ')).toMatch(/no scheduling waits/);
    expect(a.evidence.find((e) => e.vm === 'web')).toMatchObject({ samples: 31, waits: null });
    expect(a.windowMs).toBe(30_000);
  });

  it('keeps an LSVM apart and waits for samples before judging', () => {
    const lsvm = hostSched([
      vmSched(1, 'web', { vmClass: 'LSVM', microsliceMs: 5 }),
      ...NAMES.slice(1).map((n, i) => vmSched(i + 2, n)),
    ]);
    const a = advise('xen1', input({ sched: lsvm, samples: samples().slice(0, 2) }));
    expect(a.ranking.find((r) => r.vm === 'web')?.verdict).toBe('lsvm');
    expect(a.ranking.find((r) => r.vm === 'quiet')?.verdict).toBe('unknown');
  });
});
