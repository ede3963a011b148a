import { describe, expect, it } from 'vitest';
import { lineNos, sample, sampleNames } from './samples.testkit';
import { parseXentopFrame, splitXentopIterations } from './xentop/index';

/**
 * Every xentop sample in ../shared/xen-formats/samples goes through its parser: real captures and
 * documentation examples of Xen's CLI output, collected beside the repository, each file's
 * `# source:` line naming where it was published and whether it was edited. Values are checked
 * where the sample is the output as printed (captures, replays, manual examples, test fixtures);
 * where the publisher edited it, the damaged lines must come back as typed errors with their line
 * numbers while the intact rows still parse. Line numbers are those of the sample without its
 * `# source:` line.
 */
const checks: Record<string, () => void> = {
  '01': () => {
    const f = parseXentopFrame(sample('01'));
    expect(f.errors).toEqual([]);
    expect(f.interactive).toBe(true);
    expect(f.domains.map((d) => d.name)).toEqual(['Domain-0', 'guest-01']);
    expect(f.domains[0]).toMatchObject({
      maxMemKiB: null,
      maxMemPct: null,
      memKiB: 15446944,
      cpuPct: 0.3,
    });
    expect(f.domains[1]).toMatchObject({
      nets: 1,
      netTxKiB: 113,
      netRxKiB: 34,
      vbdRsect: 112010,
      vbdWsect: 31608,
    });
  },
  '15': () => {
    // EDITED (only 4 columns kept): header and every row are typed errors, nothing is guessed.
    const f = parseXentopFrame(sample('15'));
    expect(f.domains).toEqual([]);
    expect(f.errors).toHaveLength(14);
    expect(f.errors[0]).toMatchObject({ line: 1, expected: 'a 17- or 19-column xentop header' });
    expect(f.errors[1]).toMatchObject({ line: 2, column: 35, found: '5.7' });
  },
  '21': () => {
    const f = parseXentopFrame(sample('21'));
    expect(f.errors).toEqual([]);
    expect(f.domains.map((d) => [d.name, d.cpuSec, d.maxMemKiB, d.ssid])).toEqual([
      ['Domain-0', 487, null, 2],
      ['DomD', 180, 2098176, 14],
    ]);
  },
  '24': () => {
    const frames = splitXentopIterations(sample('24')).map(parseXentopFrame);
    expect(frames.map((f) => [f.domains.length, f.errors.length])).toEqual([
      [9, 0],
      [9, 0],
    ]);
    expect(frames[1]!.domains[3]).toMatchObject({
      name: 'h-vm-03-sa',
      cpuPct: 2.9,
      vbdWr: 347166,
      vbdWsect: 8414737,
    });
  },
  '25': () => {
    const f = parseXentopFrame(sample('25'));
    expect(f.errors).toEqual([]);
    expect(f.domains.map((d) => d.vbdRows?.length ?? 0)).toEqual([2, 0, 2, 1, 1, 2, 1, 2, 1]);
    expect(f.domains.map((d) => d.vcpuSec!.length)).toEqual([4, 12, 2, 2, 4, 2, 2, 4, 2]);
  },
  '26': () => {
    const frames = splitXentopIterations(sample('26')).map(parseXentopFrame);
    expect(frames.map((f) => [f.domains[0]!.name, f.pcpus!.length, f.errors.length])).toEqual([
      ['Domain-0', 12, 0],
      ['Domain-0', 12, 0],
    ]);
    expect(frames[1]!.pcpus![11]).toEqual({ core: 11, usagePct: 67.1 });
  },
  '32': () => {
    const f = parseXentopFrame(sample('32'));
    expect(f.errors).toEqual([]);
    expect(f.domains[1]).toMatchObject({
      name: 'virtual1',
      netTxKiB: 7604726,
      netRxKiB: 17270964,
      memPct: 93.8,
    });
  },
  '33': () => {
    // EDITED only in leading spaces: right-to-left parsing does not depend on them.
    const f = parseXentopFrame(sample('33'));
    expect(f.errors).toEqual([]);
    expect(f.columns).toBe(17);
    expect(f.domains.map((d) => [d.name, d.nets, d.netTxKiB, d.vbdWr])).toEqual([
      ['Domain-0', 4, 0, 0],
      ['jvm', 1, 7551, 43020],
      ['utm', 7, 17630, 17994],
    ]);
  },
  '35': () => {
    const frames = splitXentopIterations(sample('35')).map(parseXentopFrame);
    expect(frames).toHaveLength(8);
    expect(frames.every((f) => f.errors.length === 0 && f.columns === 17)).toBe(true);
  },
  '36': () => {
    // EDITED (re-wrapped at 80 columns): the split header and rows are typed errors.
    const f = parseXentopFrame(sample('36'));
    expect(f.domains).toEqual([]);
    expect(f.interactive).toBe(true);
    expect(lineNos(f.errors)).toEqual([4, 5, 6, 7, 8, 9, 10]);
  },
};

describe('every xentop sample in ../shared/xen-formats/samples', () => {
  it('has a check here', () => {
    const names = sampleNames().filter((n) => /-(xentop|xm-top)-/.test(n));
    expect(names.map((n) => n.slice(0, 2))).toEqual(Object.keys(checks).sort());
  });
  for (const [id, check] of Object.entries(checks)) it(`sample ${id}`, check);
});
