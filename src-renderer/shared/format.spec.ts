import { describe, expect, it } from 'vitest';
import {
  describeState,
  formatBytes,
  formatClass,
  formatDuration,
  formatKiB,
  formatPct,
} from './format';

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
  it('prints journal sizes and session durations with units', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600_000 + 7 * 60_000)).toBe('2 h 07 min');
  });
  it('names a class with its microslice', () => {
    expect(formatClass({ vmClass: 'LSVM', microsliceMs: 5 })).toBe('LSVM 5 ms');
    expect(formatClass({ vmClass: 'NLSVM', microsliceMs: 0 })).toBe('NLSVM');
  });
});
