import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { joinArgv, quoteWord } from './shell-quote';

/** Runs the joined line through a real /bin/sh and returns the words printf received. */
const throughSh = (argv: string[]): string[] =>
  execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${joinArgv(argv)}`])
    .toString('utf8')
    .split('\0')
    .slice(0, -1);

describe('POSIX quoting', () => {
  const hostile = [
    'web; touch /tmp/pwned',
    '$(id)',
    '`id`',
    "it's",
    '"double"',
    'new\nline',
    '*',
    '?[a-z]',
    '~root',
    '',
    'ünïcødé VM',
    "'; rm -rf / #",
    '--weight=1',
  ];

  it('delivers every hostile word to the command unchanged', () => {
    expect(throughSh(hostile)).toEqual(hostile);
  });

  it('leaves plain words readable and quotes the rest', () => {
    expect(joinArgv(['xl', 'sched-vslicer', '-d', '3', '-m', '5'])).toBe(
      'xl sched-vslicer -d 3 -m 5',
    );
    expect(quoteWord("a'b")).toBe(`'a'\\''b'`);
    expect(quoteWord('')).toBe("''");
  });

  it('refuses what cannot be passed at all', () => {
    expect(() => joinArgv([])).toThrow(/empty command/);
    expect(() => quoteWord('a\0b')).toThrow(/NUL/);
  });
});
