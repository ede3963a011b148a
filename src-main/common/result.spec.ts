import { describe, expect, it } from 'vitest';
import { fail, ok } from './result';

describe('Result', () => {
  it('carries a value or an error as data', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('x', 'y')).toEqual({ ok: false, error: { code: 'x', message: 'y' } });
  });
});
