import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { joinArgv as shellJoin, quoteWord as shellQuote } from './shell-quote';

/**
 * The joined line goes through a real /bin/sh: `printf '%s\0' <words>` must print exactly the
 * words given, and no hostile word may run anything (a canary file must never appear).
 */
const dir = mkdtempSync(path.join(tmpdir(), 'vslicer-quote-'));
const canary = path.join(dir, 'CANARY');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function throughShell(words: readonly string[]): string[] {
  // A leading marker word: printf with no arguments would still print its format once.
  const line = shellJoin(['printf', '%s\\0', 'MARK', ...words]);
  const r = spawnSync('/bin/sh', ['-c', line], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', HOME: dir },
  });
  expect(r.status).toBe(0);
  const out = r.stdout.split('\0');
  out.pop();
  expect(out.shift()).toBe('MARK');
  return out;
}

const HOSTILE = [
  '; touch CANARY',
  '$(touch CANARY)',
  '`touch CANARY`',
  "'; touch CANARY; '",
  '"; touch CANARY; "',
  "it's",
  "''",
  '\\',
  "\\'",
  'a\ntouch CANARY',
  '\r\ntouch CANARY',
  '&& touch CANARY',
  '| touch CANARY',
  '> CANARY',
  '*',
  '?',
  '[a-z]*',
  '~',
  '~root',
  '$HOME',
  '${HOME}',
  '$((1+1))',
  'a=b',
  'FOO=bar touch CANARY',
  '-n',
  '--',
  '',
  ' ',
  '\t',
  '!',
  '#comment',
  'ÉtéVM-ünïcode',
  '名前 🚀',
  'Windows7 (Dev)',
  "$(printf '%s' x)",
];

describe('shellJoin through /bin/sh', () => {
  it('every hostile word arrives as exactly one argument and nothing runs', () => {
    // Some files for globs to match if quoting failed.
    spawnSync('/bin/sh', ['-c', 'touch aa bb'], { cwd: dir });
    expect(throughShell(HOSTILE)).toEqual(HOSTILE);
    expect(existsSync(canary)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['aa', 'bb']);
  });

  it('as the command word, an assignment-looking or quoted word stays a command name', () => {
    const r = spawnSync('/bin/sh', ['-c', shellJoin(['FOO=bar', 'touch', 'CANARY'])], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status).toBe(127);
    expect(existsSync(canary)).toBe(false);
  });

  it('keeps plain words bare and quotes the rest', () => {
    expect(shellJoin(['xl', 'sched-vslicer', '-d', '3', '-m', '5'])).toBe(
      'xl sched-vslicer -d 3 -m 5',
    );
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
    expect(shellQuote('a=b')).toBe("'a=b'");
    expect(() => shellQuote('a\0b')).toThrow(RangeError);
  });

  it('property: any string without NUL round-trips through sh', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !s.includes('\0')),
          { maxLength: 4 },
        ),
        (words) => {
          expect(throughShell(words)).toEqual(words);
          expect(existsSync(canary)).toBe(false);
        },
      ),
      { numRuns: 120 },
    );
  });
});
