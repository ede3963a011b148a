import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isParseIssue, type ParseIssue } from './text/parse-issue';
import { parsePing } from './ping';
import { sample, sampleNames } from './samples.testkit';
import { parseXlCpupoolList } from './xl-cpupool';
import { parseXlInfo } from './xl-info';
import { parseXlList } from './xl-list';
import { parseXlSchedRtds } from './xl-rtds';
import { parseXlSched } from './xl-sched';
import { parseXlVcpuList } from './xl-vcpu-list';
import { parseXentopFrame, splitXentopIterations, XentopFrameSplitter } from './xentop/index';

/**
 * Property tests: the samples (samples.testkit.ts), mutated, through every parser. Whatever the
 * input, no exception escapes, every error is a well-formed ParseIssue pointing inside the text,
 * and a row that did parse carries sane values.
 */
const texts = sampleNames().map((n) => sample(n.slice(0, 2)));

const PARSERS: Array<[string, (t: string) => { errors: ParseIssue[] }]> = [
  ['xentop', parseXentopFrame],
  ['xl list', parseXlList],
  ['xl info', parseXlInfo],
  ['xl sched', parseXlSched],
  ['xl sched-rtds', parseXlSchedRtds],
  ['xl vcpu-list', parseXlVcpuList],
  ['xl cpupool-list', parseXlCpupoolList],
  ['ping', parsePing],
];

/** Mutations of one text: each returns the mutated text. */
const mutation = fc.oneof(
  // Truncation anywhere.
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  // Shifted columns: spaces inserted or characters deleted at a point.
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })).map(([n, k]) => (t: string) => {
    const i = n % (t.length + 1);
    return t.slice(0, i) + ' '.repeat(k) + t.slice(i);
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 12 })).map(([n, k]) => (t: string) => {
    const i = n % (t.length + 1);
    return t.slice(0, i) + t.slice(i + k);
  }),
  // Random bytes (any UTF-16 units, lone surrogates and NULs included) spliced in.
  fc
    .tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 40 }))
    .map(([n, junk]) => (t: string) => {
      const i = n % (t.length + 1);
      return t.slice(0, i) + junk + t.slice(i);
    }),
  // A number replaced by a huge one (past 2^64 too).
  fc.tuple(fc.nat(), fc.bigInt({ min: 0n, max: 10n ** 30n })).map(([n, big]) => (t: string) => {
    const nums = [...t.matchAll(/\d+/g)];
    if (nums.length === 0) return t;
    const m = nums[n % nums.length]!;
    return t.slice(0, m.index) + big.toString() + t.slice(m.index! + m[0].length);
  }),
  // CRLF line ends, tabs for spaces.
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')),
  fc.constant((t: string) => t.replace(/ {2}/g, '\t')),
  // Empty input.
  fc.constant(() => ''),
);

function checkIssues(errors: readonly ParseIssue[], text: string): void {
  const lines = text.split('\n').length;
  for (const e of errors) {
    expect(isParseIssue(e)).toBe(true);
    expect(e.line).toBeGreaterThanOrEqual(1);
    expect(e.line).toBeLessThanOrEqual(lines);
    expect(e.column).toBeGreaterThanOrEqual(1);
    expect(e.expected.length).toBeGreaterThan(0);
    expect(e.message).toContain(`line ${e.line}, column ${e.column}`);
  }
}

describe('fuzz: mutated samples through every parser', () => {
  it('no exception escapes and errors stay typed', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (pick, muts) => {
        let text = texts[pick % texts.length]!;
        for (const m of muts) text = m(text);
        for (const [, parse] of PARSERS) {
          const r = parse(text);
          checkIssues(r.errors, text);
        }
        for (const it of splitXentopIterations(text)) {
          const f = parseXentopFrame(it);
          checkIssues(f.errors, it);
          for (const d of f.domains) {
            expect(typeof d.cpuSec).toBe('number');
            expect(d.stateText).toMatch(/^[d-][s-][b-][c-][p-][r-]$/);
            expect(d.name.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('the splitter gives the same iterations however the stream is chunked', () => {
    const streams = [sample('24'), sample('25'), sample('26'), sample('35')];
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 50 }),
        (pick, sizes) => {
          const text = streams[pick % streams.length]!;
          const whole = splitXentopIterations(text);
          const s = new XentopFrameSplitter();
          const got: string[] = [];
          let pos = 0;
          let k = 0;
          while (pos < text.length) {
            const n = sizes[k++ % sizes.length]!;
            got.push(...s.push(text.slice(pos, pos + n)));
            pos += n;
          }
          got.push(...s.finish());
          expect(got).toEqual(whole);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('arbitrary text never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        for (const [, parse] of PARSERS) checkIssues(parse(text).errors, text);
      }),
      { numRuns: 300 },
    );
  });
});
