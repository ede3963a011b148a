import type { SimDomain, SimHostSnapshot } from '../snapshot';
import type { EmulatedHost } from './emulated-host';

/**
 * Test helper (used only by *.spec.ts): a small simulated host, the `xl sched-vslicer` example of
 * docs/host-formats.md §3.4 (Domain-0, web-frontend as an LSVM, batch-worker as an NLSVM) whose
 * clock and counters the test advances by hand.
 */
const GiB = 1024n * 1024n;

export function domain(over: Partial<SimDomain> & Pick<SimDomain, 'domid' | 'name'>): SimDomain {
  return {
    uuid: `00000000-0000-4000-8000-${String(over.domid).padStart(12, '0')}`,
    flags: {
      dying: false,
      shutdown: false,
      blocked: true,
      crashed: false,
      paused: false,
      running: false,
    },
    cpuNs: 0n,
    vcpuNs: [0n],
    vcpuPcpu: [1],
    memKiB: GiB / 8n,
    maxMemKiB: GiB / 8n + 1024n,
    nets: [],
    vbds: [],
    ssid: 0,
    weight: 256,
    cap: 0,
    microsliceMs: 0,
    ...over,
  };
}

export function demoSnapshot(): SimHostSnapshot {
  return {
    nowNs: 1_000_000_000_000n,
    hostname: 'vslicer-demo',
    xenVersion: '4.17.5',
    scheduler: 'vslicer',
    tsliceMs: 30,
    ratelimitUs: 1000,
    nrCpus: 2,
    cpuMhz: 2995.196,
    totalMemKiB: 2n * GiB,
    freeMemKiB: GiB / 2n,
    domains: [
      domain({
        domid: 0,
        name: 'Domain-0',
        flags: {
          dying: false,
          shutdown: false,
          blocked: false,
          crashed: false,
          paused: false,
          running: true,
        },
        cpuNs: 330_256_123_456_789n,
        vcpuNs: [330_256_123_456_789n],
        vcpuPcpu: [0],
        memKiB: GiB,
        maxMemKiB: null,
      }),
      domain({
        domid: 3,
        name: 'web-frontend',
        cpuNs: 40_174_500_000_000n,
        vcpuNs: [40_174_500_000_000n],
        microsliceMs: 5,
        nets: [
          {
            rxBytes: 2_790_485_492n,
            rxPackets: 1_234_567n,
            rxErrors: 0n,
            rxDrops: 3n,
            txBytes: 123_456_789_012n,
            txPackets: 7_654_321n,
            txErrors: 0n,
            txDrops: 0n,
            mac: '00:16:3E:5A:01:03',
            ip: '10.0.0.3',
          },
        ],
        vbds: [
          {
            devId: 51712,
            oo: 0n,
            rd: 1_206_680n,
            wr: 3_036_140n,
            rsect: 64_463_369n,
            wsect: 220_737_293n,
          },
        ],
      }),
      domain({
        domid: 4,
        name: 'batch-worker',
        cpuNs: 76_038_900_000_000n,
        vcpuNs: [76_038_900_000_000n],
        vbds: [
          {
            devId: 51712,
            oo: 2n,
            rd: 169_903n,
            wr: 4_889_434n,
            rsect: 5_231_610n,
            wsect: 66_013_568n,
          },
          { devId: 51728, oo: 0n, rd: 206n, wr: 0n, rsect: 4_392n, wsect: 0n },
        ],
      }),
    ],
  };
}

/** A host over a mutable snapshot; `advance` moves time and charges CPU to domains. */
export class FakeHost implements EmulatedHost {
  pings: Array<Array<number | null>> = [];
  slept: number[] = [];

  constructor(public snap: SimHostSnapshot = demoSnapshot()) {}

  snapshot(): SimHostSnapshot {
    return structuredClone(this.snap);
  }

  /** Moves the clock by `ms` and charges each domain `busy[domid]` of it (fraction of one pCPU). */
  advance(ms: number, busy: Record<number, number>): void {
    const dt = BigInt(ms) * 1_000_000n;
    this.snap.nowNs += dt;
    for (const d of this.snap.domains) {
      const share = busy[d.domid] ?? 0;
      const add = BigInt(Math.round(Number(dt) * share));
      d.cpuNs += add;
      d.vcpuNs[0] = (d.vcpuNs[0] ?? 0n) + add;
    }
  }

  setSchedParams(
    domid: number,
    p: { weight?: number; cap?: number; microsliceMs?: number },
  ): string | null {
    const d = this.snap.domains.find((x) => x.domid === domid);
    if (!d) return 'no such domain';
    if (p.weight !== undefined && (p.weight < 1 || p.weight > 65535))
      return 'Cpu weight out of range, valid values are within range from 1 to 65535';
    if (p.microsliceMs !== undefined && (p.microsliceMs < 0 || p.microsliceMs > this.snap.tsliceMs))
      return `Microslice out of range, valid values are 0 or 1 to ${this.snap.tsliceMs}`;
    if (p.cap !== undefined && p.cap < 0) return 'Cap out of range';
    Object.assign(d, p);
    return null;
  }

  setPoolParams(p: { tsliceMs?: number; ratelimitUs?: number }): string | null {
    if (p.tsliceMs !== undefined && (p.tsliceMs < 1 || p.tsliceMs > 1000))
      return 'tslice out of range';
    if (p.tsliceMs !== undefined) this.snap.tsliceMs = p.tsliceMs;
    if (p.ratelimitUs !== undefined) this.snap.ratelimitUs = p.ratelimitUs;
    return null;
  }

  async ping(_ip: string, opts: { count: number }): Promise<Array<number | null>> {
    return this.pings.shift() ?? Array.from({ length: opts.count }, () => 0.345);
  }

  async sleep(ms: number): Promise<void> {
    this.slept.push(ms);
    this.advance(ms, { 0: 0.106, 3: 0.5, 4: 0.25 });
  }
}
