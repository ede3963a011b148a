import { describe, expect, it } from 'vitest';
import { Backoff, seededRandom } from './backoff';

describe('Backoff', () => {
  it('doubles from 1 s to a 30 s cap with equal jitter', () => {
    const low = new Backoff({ random: () => 0 });
    const high = new Backoff({ random: () => 0.999999 });
    const steps = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000];
    for (const step of steps) {
      expect(low.nextDelayMs()).toBe(step / 2);
      expect(high.nextDelayMs()).toBe(step);
    }
  });

  it('is reproducible with a seeded random and spreads hosts apart', () => {
    const a = new Backoff({ random: seededRandom(42) });
    const b = new Backoff({ random: seededRandom(42) });
    const c = new Backoff({ random: seededRandom(7) });
    const seqA = Array.from({ length: 8 }, () => a.nextDelayMs());
    expect(Array.from({ length: 8 }, () => b.nextDelayMs())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextDelayMs())).not.toEqual(seqA);
    for (const d of seqA) expect(d).toBeLessThanOrEqual(30_000);
  });

  it('resets only after the connection stayed healthy', () => {
    let now = 0;
    const backoff = new Backoff({ random: () => 0.999999, now: () => now, healthyAfterMs: 30_000 });
    expect(backoff.nextDelayMs()).toBe(1_000);
    expect(backoff.nextDelayMs()).toBe(2_000);
    // Up for 5 s, then dropped: still backing off.
    backoff.connected();
    now += 5_000;
    backoff.disconnected();
    expect(backoff.nextDelayMs()).toBe(4_000);
    // Up for a minute: the next drop starts over.
    backoff.connected();
    now += 60_000;
    backoff.disconnected();
    expect(backoff.nextDelayMs()).toBe(1_000);
    expect(backoff.attempts).toBe(1);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
  });

  it('seededRandom stays in [0, 1)', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const x = random();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
  });
});
