import { describe, expect, it } from 'vitest';
import { pollPhase } from './poll-phase';

describe('pollPhase', () => {
  it('is the same for the same id, in [0, 1), and spreads a fleet over the whole interval', () => {
    expect(pollPhase('lab-dom0')).toBe(pollPhase('lab-dom0'));
    const ids = Array.from({ length: 200 }, (_, i) => `host-${i}`);
    const phases = ids.map(pollPhase);
    for (const p of phases) expect(p >= 0 && p < 1).toBe(true);
    // Fifths of a 5 s interval: each second of it gets a share of the 200 hosts.
    const perSecond = [0, 0, 0, 0, 0];
    for (const p of phases) perSecond[Math.floor(p * 5)]!++;
    for (const n of perSecond) expect(n).toBeGreaterThan(20);
    expect(new Set(phases).size).toBe(200);
  });
});
