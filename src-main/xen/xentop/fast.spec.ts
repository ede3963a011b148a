import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sample, sampleNames } from '../samples.testkit';
import { EMULATED } from '../../sim/emulation/xentop-frames.testkit';
import { same } from './fast.testkit';
import { parseXentopFrame, splitXentopIterations } from './index';

const texts = sampleNames().map((n) => sample(n.slice(0, 2)));

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

  it('on Net and VBD lines that keep their printf widths but not their shape (one byte replaced)', () => {
    // A fast path that reads these lines at the columns xentop's format puts the fields in must
    // send any other byte there the general way, with the same result as the detailed parser.
    const lines = EMULATED[1]!.split('\n').slice(0, 16);
    for (const prefix of ['Net', 'VBD']) {
      const at = lines.findIndex((l) => l.startsWith(prefix));
      expect(at).toBeGreaterThan(0);
      const line = lines[at]!;
      for (let i = 0; i < line.length; i++) {
        for (const c of ['x', '-', ' ', '0', '9', '\t']) {
          const changed = [...lines];
          changed[at] = line.slice(0, i) + c + line.slice(i + 1);
          same(changed.join('\n'));
        }
      }
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
