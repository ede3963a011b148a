import { describe, expect, it } from 'vitest';
import { printable } from './printable';

describe('printable', () => {
  it('shows control characters as \\xNN: no escape sequence, no forged line reaches a terminal', () => {
    expect(printable('xenstat: \u001b[2J\u001b]0;pwned\u0007 fine\ttab')).toBe(
      'xenstat: \\x1b[2J\\x1b]0;pwned\\x07 fine\ttab',
    );
    expect(printable('one\nforged log line\r')).toBe('one\\x0aforged log line\\x0d');
    expect(printable('\u009b31m')).toBe('\\x9b31m');
    expect(printable('ünïcode ok')).toBe('ünïcode ok');
  });

  it('keeps at most max characters and says how many were cut', () => {
    expect(printable('x'.repeat(10), 4)).toBe('xxxx… (6 more characters)');
  });
});
