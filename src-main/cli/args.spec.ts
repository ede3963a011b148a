import { describe, expect, it } from 'vitest';
import { intFlag, parseArgs } from './args';

describe('parseArgs', () => {
  it('reads flags with values, bare flags and positionals', () => {
    const { flags, positionals } = parseArgs([
      'xentop',
      '--port',
      '0',
      '--json',
      '--seed=7',
      'file',
    ]);
    expect(positionals).toEqual(['xentop', 'file']);
    expect(flags.get('port')).toBe('0');
    expect(flags.get('json')).toBe(true);
    expect(flags.get('seed')).toBe('7');
  });
  it('validates integer flags', () => {
    const { flags } = parseArgs(['--port', '70000', '--n', 'x']);
    expect(intFlag(flags, 'port', 0, 65535)).toMatch(/--port needs a whole number/);
    expect(intFlag(flags, 'n', 1)).toMatch(/not "x"/);
    expect(intFlag(flags, 'missing', 5)).toBe(5);
  });
});
