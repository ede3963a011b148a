import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EMULATED } from '../../sim/emulation/xentop-frames.testkit';
import { sample, sampleNames } from '../samples.testkit';
import { frameBytes } from './bytes';
import { LineKind, classifyXentopLine, isXentopHeader, xentopHeaderColumns } from './classify';
import { VCPU_PREFIX, parseNetLine, parseVbdLine, parseVcpuLine } from './extra';
import { fastNetLine, fastVbdLine, fastVcpuLine } from './fast';
import { fastXentopRow } from './fast-row';
import { same } from './fast.testkit';
import { parseXentopFrame } from './index';
import { parseXentopRow, type XentopColumns, type XentopVcpuTime } from './row';

/**
 * Each fast path held to its detailed parser one line at a time. The frame-level check
 * (fast.spec.ts) would also pass with a fast path that declines every line, so here a fast path
 * must take every line of the captures that its detailed parser takes, with the same record, and
 * must decline the damaged lines the detailed parser reports.
 */
type Kind = 'row' | 'net' | 'vbd' | 'vcpu';

/** What the fast path for `kind` makes of `line`; null when it declines. */
function fast(kind: Kind, line: string, columns: XentopColumns): unknown {
  const b = frameBytes(line);
  if (kind === 'row') return fastXentopRow(line, b, 0, line.length, columns);
  if (kind === 'net') return fastNetLine(b, 0, line.length);
  if (kind === 'vbd') return fastVbdLine(line, b, 0, line.length);
  const into: XentopVcpuTime[] = [];
  const from = line.startsWith(VCPU_PREFIX) ? VCPU_PREFIX.length : 0;
  return fastVcpuLine(b, from, line.length, into) ? into : null;
}

/** What the detailed parser makes of it; null when it reports an issue. */
function detailed(kind: Kind, line: string, columns: XentopColumns): unknown {
  if (kind === 'row') {
    const r = parseXentopRow(line, 1, columns);
    return r.ok ? r.domain : null;
  }
  if (kind !== 'vcpu') {
    const r = kind === 'net' ? parseNetLine(line, 1) : parseVbdLine(line, 1);
    return 'message' in r ? null : r;
  }
  const into: XentopVcpuTime[] = [];
  return parseVcpuLine(line, 1, into) === null ? into : null;
}

/** When the fast path takes the line, it reads what the detailed parser reads. True if it took it. */
function agrees(kind: Kind, line: string, columns: XentopColumns = 19): boolean {
  const f = fast(kind, line, columns);
  if (f !== null) expect(f, JSON.stringify(line)).toStrictEqual(detailed(kind, line, columns));
  return f !== null;
}

const KINDS: Partial<Record<LineKind, Kind>> = {
  [LineKind.Domain]: 'row',
  [LineKind.Net]: 'net',
  [LineKind.Vbd]: 'vbd',
  [LineKind.Vcpu]: 'vcpu',
  [LineKind.VcpuMore]: 'vcpu',
};

/** The row and extra lines of a xentop text, each with its kind and its header's column count. */
function typedLines(text: string): Array<[Kind, string, XentopColumns]> {
  const out: Array<[Kind, string, XentopColumns]> = [];
  let prev: LineKind = LineKind.Blank;
  let columns: XentopColumns = 19;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    prev = classifyXentopLine(line, prev);
    if (prev === LineKind.Header) columns = xentopHeaderColumns(line) ?? columns;
    const kind = KINDS[prev];
    if (kind) out.push([kind, line, columns]);
  }
  return out;
}

const captured = readFileSync(
  new URL('../captured/xen-4.17/xentop-b-d1.txt', import.meta.url),
  'utf8',
);
/** Every xentop capture in ../shared/xen-formats/samples, the repository's own, and emulated frames. */
const XENTOP_TEXTS = [
  ...sampleNames()
    .map((n) => sample(n.slice(0, 2)))
    .filter((t) => t.split('\n').some(isXentopHeader)),
  captured,
  ...EMULATED,
];

/** The first line of each kind in the emulated -n -x -v frame and in sample 25 (a real host's). */
function firstOf(kind: Kind, text: string): [string, XentopColumns] {
  const found = typedLines(text).find(([k]) => k === kind);
  expect(found).toBeDefined();
  return [found![1], found![2]];
}
const GOOD: Array<[Kind, string]> = (['row', 'net', 'vbd', 'vcpu'] as const).flatMap((k) => [
  [k, firstOf(k, EMULATED[1]!)[0]] as [Kind, string],
  ...(k === 'net' ? [] : [[k, firstOf(k, sample('25'))[0]] as [Kind, string]]),
]);

describe('each xentop fast path against its detailed parser, line by line', () => {
  it('takes every line of every capture that the detailed parser takes, with the same record', () => {
    const taken: Record<Kind, number> = { row: 0, net: 0, vbd: 0, vcpu: 0 };
    for (const text of XENTOP_TEXTS) {
      for (const [kind, line, columns] of typedLines(text)) {
        const d = detailed(kind, line, columns);
        const f = fast(kind, line, columns);
        expect(f, `${kind}: ${JSON.stringify(line)}`).toStrictEqual(d);
        if (f !== null) taken[kind]++;
      }
    }
    // The emulated frames hold Net lines (no capture has one); every kind was exercised.
    expect(taken.row).toBeGreaterThan(100);
    expect(taken.net).toBeGreaterThan(20);
    expect(taken.vbd).toBeGreaterThan(30);
    expect(taken.vcpu).toBeGreaterThan(40);
  });

  it('declines a truncated line unless what is left is a line the detailed parser reads the same', () => {
    for (const [kind, line] of GOOD) {
      for (let i = 1; i < line.length; i++) agrees(kind, line.slice(0, i));
    }
    // A Net line needs all eight counters, a row all its columns: every cut is declined.
    for (const [kind, line] of GOOD.filter(([k]) => k === 'net' || k === 'row')) {
      for (let i = 1; i < line.length - 1; i++) expect(fast(kind, line.slice(0, i), 19)).toBeNull();
    }
  });

  it('declines a line with more after its end, or a number that is not one', () => {
    for (const [kind, line] of GOOD) {
      for (const more of [' 7', ' x', 'x', '7', '.5', ' -', '\t', ' \t']) {
        const longer = line + more;
        agrees(kind, longer);
        // A digit more is a longer last number; anything else is not xentop's.
        if (more !== '7') expect(fast(kind, longer, 19), longer).toBeNull();
      }
    }
    const [row] = firstOf('row', sample('25'));
    for (const pct of [
      '00.',
      '.00',
      '0.0.0',
      '1e5',
      '-0.0',
      'nan',
      'inf',
      '0x1',
      '0,0',
      '1234567.89',
    ]) {
      const line = row.replace(' 0.0 ', ` ${pct} `);
      expect(line).not.toBe(row);
      agrees('row', line);
      same(`${sample('25').split('\n')[0]}\n${line}\n`);
    }
  });

  it('declines a line with a label swapped, and the frame reports it as before', () => {
    const swaps: Array<[Kind, string, string]> = [
      ['net', 'bytes', 'pkts'],
      ['net', 'RX:', 'TX:'],
      ['net', 'drop  TX', 'err  TX'],
      ['net', 'Net0', 'Nut0'],
      ['vbd', 'RD:', 'WR:'],
      ['vbd', 'RSECT:', 'WSECT:'],
      ['vbd', 'OO:', 'O0:'],
      ['vbd', ' [', ' ('],
      ['vcpu', 's  1:', 'S  1:'],
      ['vcpu', '0:', '0;'],
      ['row', '--b---', '-b----'],
      ['row', '--b---', '--B---'],
    ];
    for (const [kind, from, to] of swaps) {
      const line = GOOD.find(([k, l]) => k === kind && l.includes(from))![1];
      const bad = line.replace(from, to);
      expect(fast(kind, bad, 19), bad).toBeNull();
      expect(bad).not.toBe(line);
      same(EMULATED[1]!.replace(line, bad));
    }
  });

  it('reads counters up to 2^53 − 1 exactly and declines larger ones, which the frame reports', () => {
    const [net] = firstOf('net', EMULATED[1]!);
    const [vbd] = firstOf('vbd', sample('25'));
    const [row] = firstOf('row', sample('25'));
    const vcpu = 'VCPUs(sec):   0:       5674s  1: 9007199254740991s';
    const cases: Array<[Kind, string, string]> = [
      ['net', net, net.replace(/ \d+bytes/, ' COUNTERbytes')],
      ['vbd', vbd, vbd.replace(/RD: +\d+/, 'RD: COUNTER')],
      ['row', row, row.replace(/(--b--- +)\d+/, '$1COUNTER')],
      ['vcpu', vcpu, vcpu.replace('9007199254740991', 'COUNTER')],
    ];
    for (const [kind, , template] of cases) {
      expect(template).toContain('COUNTER');
      const max = template.replace('COUNTER', '9007199254740991');
      expect(agrees(kind, max), max).toBe(true);
      expect(JSON.stringify(fast(kind, max, 19))).toContain('9007199254740991');
      // Ten digits and more take the readers' long path.
      expect(agrees(kind, template.replace('COUNTER', '1234567890123'))).toBe(true);
      for (const past of ['9007199254740992', '18446744073709551615', '99999999999999999']) {
        const bad = template.replace('COUNTER', past);
        expect(fast(kind, bad, 19), bad).toBeNull();
      }
    }
    const frame = EMULATED[1]!.replace(
      net,
      cases[0]![2].replace('COUNTER', '18446744073709551615'),
    );
    same(frame);
    expect(parseXentopFrame(frame).errors[0]!.expected).toBe('RX bytes (a counter up to 2^53 − 1)');
  });
});

describe('the fast paths find where a line ends as the line loop of the detailed path does', () => {
  it('at \\n, \\r\\n, the end of the text, a \\r that ends it; not at a lone \\r or a NUL', () => {
    for (const text of [EMULATED[1]!, sample('25'), captured]) {
      const body = text.replace(/\n$/, '');
      same(body);
      same(`${body}\r`);
      same(`${body}\r\n`);
      same(text.replace(/\n/g, '\r\r\n'));
      const lines = body.split('\n');
      for (let i = 0; i < lines.length; i++) {
        for (const junk of ['\r', '\0', '\r\r', ' \r']) {
          const line = lines[i]!;
          for (const at of [line.length, line.length - 1, 12]) {
            const changed = [...lines];
            changed[i] = line.slice(0, at) + junk + line.slice(at);
            same(changed.join('\n'));
          }
        }
      }
    }
  });
});

describe('the fast domain row with names xentop may print', () => {
  // sample 25's first row after its name: STATE and the 17 numeric columns.
  const [row] = firstOf('row', sample('25'));
  const tail = row.slice(row.indexOf(' --b---'));
  const header = sample('25').split('\n')[0]!;

  it('takes names with spaces, long names and non-ASCII names as the detailed parser does', () => {
    for (const name of ['s-vm 007', 'r-vm-06 pr', 'Windows7 (Dev)', 'x'.repeat(300), 'ÉtéVM-ünï']) {
      const line = name.padStart(10) + tail;
      expect(agrees('row', line), line).toBe(true);
      expect((fast('row', line, 19) as { name: string }).name).toBe(name);
      same(`${header}\n${line}\n`);
    }
  });

  it('declines hostile names, and the frame gives what the detailed parser gives', () => {
    const names = [
      'x --b--- y', // a STATE-like token inside the name
      '-----r',
      'a\tb',
      'a\rb',
      'a\u0000b',
      '<img src=x>',
      '"; rm -rf /',
      'NAME',
      'Net0',
      'VBD x',
      'VCPUs(sec):',
      '',
    ];
    for (const name of names) {
      const line = name.padStart(10) + tail;
      agrees('row', line);
      same(`${header}\n${line}\n${line.replace(name, 'ok-vm')}\n`);
    }
    // The STATE-like token inside a name sends the row the detailed way, which reads it right.
    const tricky = 'x --b--- y' + tail;
    expect(fast('row', tricky, 19)).toBeNull();
    expect(parseXentopFrame(`${header}\n${tricky}\n`).domains[0]!.name).toBe('x --b--- y');
  });
});
