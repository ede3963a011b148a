import { describe, expect, it } from 'vitest';
import {
  parseXentopFrame,
  parseXentopFrameDetailed,
  splitXentopIterations,
  XentopFrameSplitter,
} from './index';
import { sample } from '../samples.testkit';

const HEADER_417 =
  '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';

describe('parseXentopFrame', () => {
  it('reads the 4.17 header alone as an empty 19-column frame', () => {
    const f = parseXentopFrame(HEADER_417 + '\n');
    expect(f).toEqual({ domains: [], errors: [], columns: 19 });
  });

  it('sample 24 (XCP-ng 8.3, xentop -b -i 2 -d 1): two iterations, first CPU(%) all 0.0', () => {
    const its = splitXentopIterations(sample('24'));
    expect(its).toHaveLength(2);
    const [first, second] = its.map(parseXentopFrame);
    expect(first!.errors).toEqual([]);
    expect(first!.domains.map((d) => d.cpuPct)).toEqual(Array(9).fill(0));
    expect(second!.domains.map((d) => d.name)).toEqual([
      'b-vm-01',
      'Domain-0',
      'f-vm-02',
      'h-vm-03-sa',
      'i-vm04',
      'n-vm-05-x',
      'r-vm-06 pr',
      's-vm 007',
      'xvm',
    ]);
    expect(second!.domains.map((d) => d.cpuPct)).toEqual([
      1.6, 10.6, 0.5, 2.9, 1.3, 0.3, 0.4, 1.6, 2.2,
    ]);
    const dom0 = second!.domains[1]!;
    expect(dom0).toMatchObject({
      stateText: '-----r',
      state: {
        dying: false,
        shutdown: false,
        blocked: false,
        crashed: false,
        paused: false,
        running: true,
      },
      cpuSec: 330256,
      memKiB: 6078464,
      memPct: 6.1,
      maxMemKiB: 6078464,
      maxMemPct: 6.1,
      vcpus: 12,
      nets: 0,
      netTxKiB: 0,
      netRxKiB: 0,
      vbds: 0,
      vbdOo: 0,
      vbdRd: 0,
      vbdWr: 0,
      vbdRsect: 0,
      vbdWsect: 0,
      ssid: 0,
    });
    const svm = second!.domains[7]!;
    expect(svm).toMatchObject({
      name: 's-vm 007',
      stateText: '--b---',
      cpuSec: 40174,
      vcpus: 4,
      vbds: 2,
      vbdRd: 1206680,
      vbdWr: 3036140,
      vbdRsect: 64463369,
      vbdWsect: 220737293,
    });
    expect(svm.state.blocked).toBe(true);
    expect(second!.columns).toBe(19);
  });

  it('sample 25 (-n -x -v replay): VCPUs rows with wrapping and VBD rows attach to their domain', () => {
    const f = parseXentopFrame(sample('25'));
    expect(f.errors).toEqual([]);
    expect(f.domains).toHaveLength(9);
    const dom0 = f.domains.find((d) => d.name === 'Domain-0')!;
    expect(dom0.vcpuSec).toHaveLength(12);
    expect(dom0.vcpuSec![0]).toEqual({ id: 0, sec: 35561 });
    expect(dom0.vcpuSec![5]).toEqual({ id: 5, sec: 27001 });
    expect(dom0.vcpuSec![11]).toEqual({ id: 11, sec: 26306 });
    expect(dom0.vbdRows).toBeUndefined();
    const b = f.domains[0]!;
    expect(b.vcpuSec!.map((v) => v.sec)).toEqual([5674, 9495, 6266, 9041]);
    expect(b.vbdRows).toEqual([
      {
        type: 'Tapdisk3',
        dev: 768,
        major: 3,
        minor: 0,
        oo: 0,
        rd: 1005218,
        wr: 8634509,
        rsect: 84687195,
        wsect: 87613628,
      },
      {
        type: 'Tapdisk3',
        dev: 832,
        major: 3,
        minor: 0x40,
        oo: 0,
        rd: 328539,
        wr: 19,
        rsect: 28003546,
        wsect: 552,
      },
    ]);
    const xvm = f.domains[8]!;
    expect(xvm.name).toBe('xvm');
    expect(xvm.vbdRows).toHaveLength(1);
  });

  it('sample 26 (-z -p): Domain-0 first and the physical-CPU table', () => {
    const its = splitXentopIterations(sample('26'));
    expect(its).toHaveLength(2);
    const f = parseXentopFrame(its[1]!);
    expect(f.errors).toEqual([]);
    expect(f.domains[0]!.name).toBe('Domain-0');
    expect(f.domains).toHaveLength(9);
    expect(f.pcpus).toHaveLength(12);
    expect(f.pcpus![10]).toEqual({ core: 10, usagePct: 61.0 });
    expect(parseXentopFrame(its[0]!).pcpus!.every((p) => p.usagePct === 0)).toBe(true);
  });

  it('sample 35 (pre-4.0, 17 columns, dom0 only): every iteration is found and parsed', () => {
    const its = splitXentopIterations(sample('35'));
    expect(its).toHaveLength(8);
    const frames = its.map(parseXentopFrame);
    expect(
      frames.every((f) => f.columns === 17 && f.errors.length === 0 && f.domains.length === 1),
    ).toBe(true);
    expect(frames.map((f) => f.domains[0]!.cpuPct)).toEqual([
      0.6, 0.4, 11.8, 0.5, 0.6, 0.5, 0.7, 0.5,
    ]);
    expect(frames[2]!.domains[0]).toMatchObject({
      cpuSec: 22158,
      memKiB: 768768,
      vbdRsect: null,
      vbdWsect: null,
    });
  });

  it('reads `no limit` / `n/a` as null and `-` VBD stats as null', () => {
    const row =
      '  Domain-0 -----r        632    0.3   15446944   92.3   no limit       n/a     8    0        0        0    0        -        -        -          -          -    0';
    const f = parseXentopFrame(`${HEADER_417}\n${row}\n`);
    expect(f.errors).toEqual([]);
    expect(f.domains[0]).toMatchObject({
      maxMemKiB: null,
      maxMemPct: null,
      vbdOo: null,
      vbdRd: null,
      vbdWsect: null,
    });
  });

  describe('counters are numbers, exact up to 2^53 − 1 and refused past it', () => {
    const MAX = '9007199254740991'; // 2^53 − 1
    const row = (rsect: string, netTx = '0') =>
      `   b-vm-01 --b---      30479    0.0    8388596    8.4    8389620       8.4     4    1 ${netTx} 0    2        0  1333757  8634521 ${rsect}   87614100    0`;
    const net = (txBytes: string) =>
      `Net0 RX: 123456789012bytes  1234567pkts        0err        0drop  TX: ${txBytes}bytes  7654321pkts        0err        1drop`;
    const vbd = (rsect: string) =>
      `VBD Tapdisk3  768 [ 3: 0]  OO:        0   RD:  1005218   WR:  8634509   RSECT: ${rsect}   WSECT:   87613628`;
    const vcpus = (sec: string) => `VCPUs(sec):   0:       5674s  1: ${sec}s`;
    const frame = (...lines: string[]) => `${HEADER_417}\n${lines.join('\n')}\n`;
    const both = (text: string) => {
      const f = parseXentopFrame(text);
      expect(f).toStrictEqual(parseXentopFrameDetailed(text));
      return f;
    };

    it('reads exactly 2^53 − 1 exactly, in a domain row and in -n/-x/-v rows', () => {
      const f = both(frame(row(MAX, MAX), vcpus(MAX), net(MAX), vbd(MAX)));
      expect(f.errors).toEqual([]);
      const d = f.domains[0]!;
      expect(d.vbdRsect).toBe(2 ** 53 - 1);
      expect(d.netTxKiB).toBe(Number.MAX_SAFE_INTEGER);
      expect(d.vcpuSec![1]!.sec).toBe(2 ** 53 - 1);
      expect(d.netRows![0]!.txBytes).toBe(2 ** 53 - 1);
      expect(d.vbdRows![0]!.rsect).toBe(2 ** 53 - 1);
    });

    const TOO_LARGE = ['9007199254740992', '1234567890123456789012345']; // 2^53; 25 digits
    it.each(TOO_LARGE)('rejects %s in a domain row, naming the column', (big) => {
      for (const [text, column] of [
        [frame(row(big)), 'VBD_RSECT'],
        [frame(row('1', big)), 'NETTX(k)'],
      ] as const) {
        const f = both(text);
        expect(f.domains).toEqual([]);
        expect(f.errors).toHaveLength(1);
        expect(f.errors[0]).toMatchObject({
          line: 2,
          expected: `${column} (a counter up to 2^53 − 1)`,
          found: big,
        });
        expect(f.errors[0]!.message).toContain(`expected ${column} (a counter up to 2^53 − 1)`);
      }
    });

    it.each(TOO_LARGE)('rejects %s in -v/-n/-x rows, naming the column', (big) => {
      const f = both(frame(row('1'), vcpus(big), net(big), vbd(big)));
      expect(f.domains).toHaveLength(1);
      expect(f.domains[0]!.netRows).toBeUndefined();
      expect(f.domains[0]!.vbdRows).toBeUndefined();
      expect(f.errors.map((e) => [e.line, e.expected, e.found])).toEqual([
        [3, 'vCPU seconds (a counter up to 2^53 − 1)', big],
        [4, 'TX bytes (a counter up to 2^53 − 1)', big],
        [5, 'RSECT (a counter up to 2^53 − 1)', big],
      ]);
    });
  });

  it('keeps the good rows and reports the bad one with line, column and what was expected', () => {
    const text = [
      HEADER_417,
      '   b-vm-01 --b---      30479    0.0    8388596    8.4    8389620       8.4     4    0        0        0    2        0  1333757  8634521  112690741   87614100    0',
      '  Domain-0 -----r     330256    0.0    6078464    6.1    6078464       6.1    12    0        0        0    0        0      x0        0          0          0    0',
      '       xvm --b---      76038    0.0    2097140    2.1    2098164       2.1     2    0        0        0    1        0   169903  4889382    5231610   66013056    0',
    ].join('\n');
    const f = parseXentopFrame(text);
    expect(f.domains.map((d) => d.name)).toEqual(['b-vm-01', 'xvm']);
    expect(f.errors).toHaveLength(1);
    expect(f.errors[0]).toMatchObject({
      line: 3,
      column: 124,
      expected: 'VBD_RD (integer or "-")',
      found: 'x0',
    });
    expect(f.errors[0]!.message).toContain('line 3, column 124');
  });

  it('tells libxenstat stderr chatter apart from rows', () => {
    const f = parseXentopFrame(
      `${HEADER_417}\nFound interface vif3.0 but domain 3 does not exist.\n`,
    );
    expect(f.errors).toEqual([]);
    expect(f.chatter).toEqual([
      { line: 2, text: 'Found interface vif3.0 but domain 3 does not exist.' },
    ]);
  });

  it('accepts CRLF line ends and never throws on empty or odd input', () => {
    expect(parseXentopFrame('')).toEqual({ domains: [], errors: [], columns: 19 });
    const crlf = sample('24').replace(/\n/g, '\r\n');
    const f = parseXentopFrame(splitXentopIterations(crlf)[1]!);
    expect(f.errors).toEqual([]);
    expect(f.domains).toHaveLength(9);
  });
});

describe('XentopFrameSplitter', () => {
  it('cuts a stream split at every byte into the same iterations', () => {
    const text = sample('24');
    const s = new XentopFrameSplitter();
    const out: string[] = [];
    for (const ch of text) out.push(...s.push(ch));
    // The first iteration is completed by the second header; the second after a quiet period.
    expect(out).toHaveLength(1);
    const last = s.flushComplete();
    expect(last).not.toBeNull();
    expect([...out, last]).toEqual(splitXentopIterations(text));
    expect(parseXentopFrame(last!).domains[1]!.cpuPct).toBe(10.6);
  });

  it('returns null from flushComplete while a line is incomplete', () => {
    const s = new XentopFrameSplitter();
    s.push(`${HEADER_417}\n  Domain-0 -----r     330256   10.6    6078464    6.1`);
    expect(s.flushComplete()).toBeNull();
    s.push(
      '    6078464       6.1    12    0        0        0    0        0        0        0          0          0    0\n',
    );
    expect(s.flushComplete()).toContain('Domain-0');
    expect(s.flushComplete()).toBeNull();
  });

  it('with -r (header before every row) ends an iteration only where a name repeats', () => {
    const rows = splitXentopIterations(sample('24'))[1]!
      .split('\n')
      .filter((l) => l && !l.includes('NAME'));
    const iteration = rows.map((r) => `${HEADER_417}\n${r}\n`).join('');
    const its = splitXentopIterations(iteration + iteration);
    expect(its).toHaveLength(2);
    expect(parseXentopFrame(its[0]!).domains).toHaveLength(9);
    expect(its[0]).toBe(iteration);
  });

  it('ends an iteration at the closing border of the -p table without waiting', () => {
    const s = new XentopFrameSplitter();
    const out = s.push(sample('26'));
    expect(out).toHaveLength(2);
    expect(s.flushComplete()).toBeNull();
  });
});

describe('fast paths agree with the detailed row parsers', () => {
  it('on every -n/-x/-v row of sample 25 and on edge forms', async () => {
    const { fastNetLine, fastVbdLine, fastVcpuLine } = await import('./fast');
    const { frameBytes } = await import('./bytes');
    const { parseNetLine, parseVbdLine, parseVcpuLine, VCPU_PREFIX } = await import('./extra');
    const extra = [
      ...sample('25')
        .split('\n')
        .filter((l) => l.startsWith('VBD ') || l.startsWith('VCPUs')),
      'VBD BlkBack 51712  OO:        0   RD:  1206680   WR:  3036140   RSECT:   64463369   WSECT:  220737293',
      'VBD BlkBack 51712 [ca: 0]  OO:        -   RD:        -   WR:        -   RSECT:          -   WSECT:          -',
      'VBD BlkBack  768 [ 3: 0]  OO:        0   RD:   317002   WR:   347204',
      'VBD Tapdisk3 268435712 [100001: 0]  OO:        0   RD: 9007199254740991   WR:        1   RSECT:          1   WSECT:          1',
      'Net0 RX: 123456789012bytes  1234567pkts        0err        0drop  TX: 9007199254740991bytes  7654321pkts        0err        1drop',
      'VCPUs(sec): ',
      'VCPUs(sec):   0:          7s  1:          4s  3:          3s',
    ];
    for (const line of extra) {
      const bytes = frameBytes(line);
      if (line.startsWith('VBD '))
        expect(fastVbdLine(line, bytes, 0, line.length)).toEqual(parseVbdLine(line, 1));
      else if (line.startsWith('Net'))
        expect(fastNetLine(bytes, 0, line.length)).toEqual(parseNetLine(line, 1));
      else {
        const a: Array<{ id: number; sec: number }> = [];
        const b: Array<{ id: number; sec: number }> = [];
        expect(fastVcpuLine(bytes, VCPU_PREFIX.length, line.length, a)).toBe(true);
        expect(parseVcpuLine(line, 1, b)).toBeNull();
        expect(a).toEqual(b);
      }
    }
    // Malformed or past 2^53 − 1: the fast path declines and the detailed parser explains.
    const bad = 'VBD BlkBack 51712 [ca: 0]  OO:        0   RD:  12x6680';
    expect(fastVbdLine(bad, frameBytes(bad), 0, bad.length)).toBeNull();
    const wrapped =
      'VBD Tapdisk3 268435712 [100001: 0]  OO:        0   RD: 18446744073562662986   WR:        1';
    expect(fastVbdLine(wrapped, frameBytes(wrapped), 0, wrapped.length)).toBeNull();
    expect(parseVbdLine(wrapped, 1)).toMatchObject({ expected: 'RD (a counter up to 2^53 − 1)' });
    expect(parseVbdLine('VBD BlkBack 51712 [ca: 0]  OO:        0   RD:  12x6680', 7)).toMatchObject(
      { line: 7, column: 50 },
    );
  });
});

describe('XentopFrameSplitter against a hostile stream', () => {
  it('keeps a long line arriving byte by byte, and refuses one past the limit', () => {
    const s = new XentopFrameSplitter({ maxLineChars: 64 * 1024, maxFrameLines: 1000 });
    for (let i = 0; i < 60_000; i++) s.push('x');
    expect(s.failure).toBeNull();
    for (let i = 0; i < 6_000; i++) s.push('x');
    expect(s.failure).toMatch(/a line of more than 65,536 characters/);
    expect(s.push('\n')).toEqual([]); // stays stopped
  });

  it('refuses rows that never make an iteration (no header), instead of keeping them all', () => {
    const s = new XentopFrameSplitter({ maxLineChars: 1024, maxFrameLines: 1000 });
    const row = '  vm1 --b---  1  0.0  131072  3.1  131072  3.1  1  1  0  0  1  0  0  0  0  0  0\n';
    for (let i = 0; i < 2000 && !s.failure; i++) s.push(row);
    expect(s.failure).toMatch(/more than 1,000 lines without the end of an iteration/);
  });
});
