import { describe, expect, it } from 'vitest';
import { domain, hostSample } from '../testing/fixtures';
import { SessionTier } from './session-tier';

const frame = (t: number, share: number, gapBefore = false) =>
  hostSample([domain('a', { share, cpuPct: share * 100 })], { t, gapBefore });

describe('SessionTier', () => {
  it('merges frames into one per step, averaging each VM’s share', () => {
    const tier = new SessionTier(100, 10_000);
    for (let i = 0; i < 25; i++) tier.push(frame(i * 1000, i % 2 ? 0.2 : 0.4));
    const items = tier.samples();
    expect(items.map((s) => s.t)).toEqual([9000, 19_000]);
    expect(items[0]?.domains[0]?.share).toBeCloseTo(0.3, 12);
  });

  it('stays within its capacity however long the session, by doubling the step', () => {
    const tier = new SessionTier(50, 1000);
    for (let i = 0; i < 20_000; i++) tier.push(frame(i * 1000, 0.5));
    expect(tier.samples().length).toBeLessThanOrEqual(51);
    expect(tier.stepMs).toBeGreaterThanOrEqual(256_000);
    // Still covers the whole session.
    expect(tier.samples()[0]!.t).toBeLessThan(1_000_000);
  });

  it('keeps an outage marker through merging', () => {
    const tier = new SessionTier(100, 10_000);
    for (let i = 0; i < 30; i++) tier.push(frame(i * 1000, 0.5, i === 14));
    expect(tier.samples().map((s) => s.gapBefore)).toEqual([false, true]);
  });
});
