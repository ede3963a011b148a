import type { SimDomain, SimHostSnapshot } from '../snapshot';
import { XentopPrinter, type XentopOptions } from './xentop-printer';

/**
 * Test helper (used only by *.spec.ts): xentop frames printed by the emulation, with the widths
 * and extra rows xentop itself prints (`-n -x -v` on 24 domains of 1–13 vCPUs, so VCPUs lines
 * wrap), and names chosen to look like other lines (`Netflix-srv-…`, `VBD-host-…`, names with a
 * space). `big` puts counters past 2^53 − 1 in, which a parser must refuse.
 */
function domain(i: number, vcpus: number, big: boolean): SimDomain {
  return {
    domid: i,
    name:
      i === 0
        ? 'Domain-0'
        : `${i % 5 === 0 ? 'Netflix-srv' : i % 5 === 1 ? 'VBD-host' : 'vm'}-${i}${i % 7 === 0 ? ' db' : ''}`,
    uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    flags: {
      dying: false,
      shutdown: i % 4 === 0,
      blocked: i % 3 !== 0,
      crashed: false,
      paused: i % 5 === 0,
      running: i % 3 === 0,
    },
    cpuNs: BigInt(i + 1) * 123_456_789_012n * (big ? 10n ** 12n : 1n),
    vcpuNs: Array.from({ length: vcpus }, (_, k) => BigInt(k + 1) * 30_864_197_253n),
    vcpuPcpu: Array.from({ length: vcpus }, (_, k) => k),
    memKiB: 4_194_292n,
    maxMemKiB: i % 2 === 0 ? null : 4_195_316n,
    nets: Array.from({ length: i % 3 }, () => ({
      rxBytes: big ? 2n ** 64n - 1n : 2_790_485_492n,
      rxPackets: 1_234_567n,
      rxErrors: 0n,
      rxDrops: 0n,
      txBytes: 123_456_789_012n,
      txPackets: 7_654_321n,
      txErrors: 0n,
      txDrops: 1n,
      mac: '00:16:3e:00:00:01',
    })),
    vbds: [
      {
        devId: 51712,
        oo: 0n,
        rd: big ? 2n ** 60n : 1_206_680n,
        wr: 3_036_140n,
        rsect: 64_463_369n,
        wsect: 0n,
      },
    ],
    ssid: 0,
    weight: 256,
    cap: 0,
    microsliceMs: 0,
  };
}

export function emulated(options: XentopOptions, big: boolean): string {
  const domains = Array.from({ length: 24 }, (_, i) => domain(i, 1 + (i % 13), big));
  const snap: SimHostSnapshot = {
    nowNs: 10n ** 15n,
    hostname: 'h',
    xenVersion: '4.17.5',
    scheduler: 'vslicer',
    tsliceMs: 30,
    ratelimitUs: 1000,
    nrCpus: 64,
    cpuMhz: 2995.196,
    totalMemKiB: 1n << 30n,
    freeMemKiB: 1n << 28n,
    domains,
  };
  const emu = new XentopPrinter(options);
  emu.frame(snap);
  snap.nowNs += 1_000_000_000n;
  for (const d of snap.domains) d.cpuNs += 250_000_000n;
  return emu.frame(snap);
}

/** Plain; -n -x -v; -n -x -v with counters past 2^53 − 1 (refused, each naming its column). */
export const EMULATED = [
  emulated({}, false),
  emulated({ networks: true, vbds: true, vcpus: true }, false),
  emulated({ networks: true, vbds: true, vcpus: true }, true),
];
