import { describe, expect, it } from 'vitest';
import { describeState, formatKiB, formatPct } from './format';

describe('format', () => {
  it('prints memory with binary units', () => {
    expect(formatKiB(512)).toBe('512 KiB');
    expect(formatKiB(2097152)).toBe('2.0 GiB');
    expect(formatKiB(6078464)).toBe('5.8 GiB');
    expect(formatKiB(null)).toBe('no limit');
  });
  it('prints a missing percentage as a dash, not as zero', () => {
    expect(formatPct(null)).toBe('—');
    expect(formatPct(12.345)).toBe('12.3 %');
  });
  it('reads xentop state letters', () => {
    expect(describeState('--b---')).toBe('blocked');
    expect(describeState('-----r')).toBe('running');
    expect(describeState('--b-p-')).toBe('blocked, paused');
    expect(describeState('------')).toBe('runnable, waiting for a pCPU');
  });
});
