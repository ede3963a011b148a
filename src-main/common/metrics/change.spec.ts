import { describe, expect, it } from 'vitest';
import { changePct } from './change';

describe('change in percent', () => {
  it('change % is null without a base', () => {
    expect(changePct(20, 5)).toBe(-75);
    expect(changePct(null, 5)).toBeNull();
    expect(changePct(0, 5)).toBeNull();
  });

  it('rounds to one decimal, as the dashboard shows and the report prints', () => {
    expect(changePct(30, 10)).toBe(-66.7);
    expect(changePct(3, 4)).toBe(33.3);
  });
});
