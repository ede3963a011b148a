import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SimDomain, SimHostSnapshot } from '../../sim/snapshot';
import { XentopPrinter, type XentopOptions } from '../../sim/emulation/xentop-printer';
import { sample, sampleNames } from '../samples.testkit';
import { parseXentopFrame, parseXentopFrameDetailed, splitXentopIterations } from './index';

/**
 * The fast path (xentop/frame.ts, xentop/fast*.ts) must be invisible: for any text,
 * parseXentopFrame gives exactly what the detailed, line-by-line path gives — same records, same
 * key order, same numbers, same errors.
 */
function same(text: string): void {
  const fast = parseXentopFrame(text);
  const detailed = parseXentopFrameDetailed(text);
  expect(fast).toStrictEqual(detailed);
  // Key order too: the CLI prints these as JSON.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(detailed));
}

const texts = sampleNames().map((n) => sample(n.slice(0, 2)));

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

function emulated(options: XentopOptions, big: boolean): string {
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

const EMULATED = [
  emulated({}, false),
  emulated({ networks: true, vbds: true, vcpus: true }, false),
  emulated({ networks: true, vbds: true, vcpus: true }, true),
];

describe('xentop fast path === detailed path', () => {
  it('on every sample, whole and cut into iterations', () => {
    for (const t of texts) {
      same(t);
      for (const it of splitXentopIterations(t)) same(it);
    }
  });

  it('on emulated frames: -n -x -v, wrapped VCPUs lines, names like extra rows, counters past 2^53', () => {
    for (const [i, t] of EMULATED.entries()) {
      const errors = parseXentopFrame(t).errors;
      if (i < 2) expect(errors).toEqual([]);
      else {
        // The last frame's counters past 2^53 − 1 are refused, each naming its column.
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e.expected).toMatch(/^\S+ \(a counter up to 2\^53 − 1\)$/);
      }
      same(t);
      same(t.replace(/\n/g, '\r\n'));
    }
  });

  it('on mutated frames (columns shifted, bytes spliced, digits changed, lines swapped)', () => {
    const base = fc.constantFrom(...EMULATED, ...texts);
    const edit = fc.oneof(
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })).map(([n, k]) => (t: string) => {
        const i = n % (t.length + 1);
        return t.slice(0, i) + ' '.repeat(k) + t.slice(i);
      }),
      fc.tuple(fc.nat(), fc.integer({ min: 1, max: 4 })).map(([n, k]) => (t: string) => {
        const i = n % (t.length + 1);
        return t.slice(0, i) + t.slice(i + k);
      }),
      fc
        .tuple(
          fc.nat(),
          fc.constantFrom(
            '-',
            '.',
            '\t',
            'n/a',
            'no limit',
            'é',
            '\r',
            '0',
            '99999999999999999999',
            'x',
          ),
        )
        .map(([n, junk]) => (t: string) => {
          const i = n % (t.length + 1);
          return t.slice(0, i) + junk + t.slice(i);
        }),
      fc.tuple(fc.nat(), fc.nat()).map(([a, b]) => (t: string) => {
        const lines = t.split('\n');
        const i = a % lines.length;
        const j = b % lines.length;
        [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        return lines.join('\n');
      }),
      fc
        .tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 }))
        .map(([n, junk]) => (t: string) => {
          const i = n % (t.length + 1);
          return t.slice(0, i) + junk + t.slice(i);
        }),
    );
    fc.assert(
      fc.property(base, fc.array(edit, { minLength: 1, maxLength: 6 }), (t, edits) => {
        same(edits.reduce((acc, f) => f(acc), t));
      }),
      { numRuns: 400 },
    );
  });
});
