import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainSample, HostSample } from '@common/model';
import { bucketWidth, ShareStack, type StackPoint } from './share-stack';

const dom = (name: string, share: number | null): DomainSample => ({
  name,
  state: '------',
  cpuPct: share === null ? null : share * 100,
  share,
  memKiB: 1024,
  maxMemKiB: null,
  vcpus: 1,
});
const at = (t: number, domains: DomainSample[], gapBefore = false): HostSample => ({
  hostId: 'demo',
  t,
  domains,
  rejected: [],
  gapBefore,
});
/** Each layer as [x, top, own share], rounded: what the chart draws and the tooltip says. */
const view = (stack: ShareStack) =>
  stack.layers.map((layer) =>
    layer.map((p: StackPoint) => [
      p.x,
      p.y === null ? null : Math.round(p.y * 1e6) / 1e6,
      p.share === null ? null : Math.round(p.share * 1e6) / 1e6,
    ]),
  );
const inRange = (samples: HostSample[], min: number, max: number) =>
  samples.filter((s) => s.t >= min && s.t <= max);

describe('ShareStack', () => {
  it('stacks the guests by name, each point the top of its layer with its own share beside it', () => {
    const stack = new ShareStack(600);
    const samples = [
      at(0, [dom('Domain-0', null), dom('b', null), dom('a', null)]),
      at(1000, [dom('Domain-0', null), dom('b', 0.3), dom('a', 0.2)]),
      at(2000, [dom('b', null), dom('a', 0.7)]),
    ];
    expect(stack.show(samples, { min: 0, max: 2000 })).toBe('rebuilt');
    expect(stack.names).toEqual(['a', 'b']);
    // xentop's first frame measures nobody: no column. A guest unmeasured in a frame is 0 thick.
    expect(view(stack)).toEqual([
      [
        [1000, 20, 20],
        [2000, 70, 70],
      ],
      [
        [1000, 50, 30],
        [2000, 70, null],
      ],
    ]);
  });

  it('breaks every layer once before a frame that follows an outage, never at the start', () => {
    const stack = new ShareStack(600);
    stack.show(
      [
        at(0, [dom('a', 0.4)], true),
        at(1000, [dom('a', 0.5), dom('c', 0.1)]),
        at(31_000, [dom('a', null), dom('c', 0.2)], true),
        at(40_000, [dom('a', 0.5), dom('c', 0.2)], true),
      ],
      { min: 0, max: 40_000 },
    );
    expect(view(stack)[0]).toEqual([
      [0, 40, 40],
      [1000, 50, 50],
      [30_999, null, null],
      [31_000, 0, null],
      [39_999, null, null],
      [40_000, 50, 50],
    ]);
    expect(view(stack)[1]?.map(([x, y]) => [x, y])).toEqual([
      [0, 40],
      [1000, 60],
      [30_999, null],
      [31_000, 20],
      [39_999, null],
      [40_000, 70],
    ]);
  });

  it('follows new samples on the same arrays: pushed at the end, shifted off the start', () => {
    const stack = new ShareStack(600);
    const samples = Array.from({ length: 10 }, (_, i) =>
      at(i * 1000, [dom('a', 0.1 * (i % 3)), dom('b', 0.5)]),
    );
    stack.show(inRange(samples, 0, 5000), { min: 0, max: 5000 });
    const [a, b] = stack.layers;
    expect(stack.show(inRange(samples, 0, 5000), { min: 0, max: 5000 })).toBe('unchanged');
    expect(stack.show(inRange(samples, 2000, 7000), { min: 2000, max: 7000 })).toBe('advanced');
    expect(stack.layers[0]).toBe(a);
    expect(stack.layers[1]).toBe(b);
    expect(a?.map((p) => p.x)).toEqual([2000, 3000, 4000, 5000, 6000, 7000]);
    const fresh = new ShareStack(600);
    fresh.show(inRange(samples, 2000, 7000), { min: 2000, max: 7000 });
    expect(view(stack)).toEqual(view(fresh));
  });

  it('rebuilds when older samples arrive late (history after the first live frames)', () => {
    const stack = new ShareStack(600);
    const history = [at(0, [dom('a', 0.1)]), at(1000, [dom('a', 0.2)])];
    const live = at(2000, [dom('a', 0.3)]);
    stack.show([live], { min: -60_000, max: 2000 });
    expect(stack.show([...history, live], { min: -60_000, max: 2000 })).toBe('rebuilt');
    expect(stack.layers[0]?.map((p) => p.x)).toEqual([0, 1000, 2000]);
  });

  it('rebuilds for a new guest, an outage, a zoom and a longer range', () => {
    const stack = new ShareStack(600);
    const base = [at(0, [dom('a', 0.5)]), at(1000, [dom('a', 0.5)])];
    stack.show(base, { min: 0, max: 1000 });
    const newVm = [...base, at(2000, [dom('a', 0.4), dom('b', 0.1)])];
    expect(stack.show(newVm, { min: 0, max: 2000 })).toBe('rebuilt');
    expect(stack.names).toEqual(['a', 'b']);
    const outage = [...newVm, at(9000, [dom('a', 0.4), dom('b', 0.1)], true)];
    expect(stack.show(outage, { min: 0, max: 9000 })).toBe('rebuilt');
    expect(stack.show(outage.slice(0, 2), { min: 0, max: 1000 })).toBe('rebuilt');
    expect(stack.show(outage, { min: -60_000, max: 9000 })).toBe('rebuilt');
  });

  it('averages a long range over buckets aligned to the clock, so the stack still sums to the total', () => {
    const samples = Array.from({ length: 100 }, (_, i) => {
      const a = i % 3 ? 0.2 : 0.5;
      return at(i * 1000, [dom('a', a), dom('b', 0.8 - a)]);
    });
    const stack = new ShareStack(10);
    stack.show(samples, { min: 0, max: 99_000 });
    const [a, b] = stack.layers;
    expect(a?.length).toBeLessThanOrEqual(11);
    for (const [i, p] of (b ?? []).entries()) {
      expect(p.y).toBeCloseTo(80, 9);
      // Averaged, not picked: no bucket shows a's extremes.
      expect(a?.[i]?.share).toBeGreaterThan(20);
      expect(a?.[i]?.share).toBeLessThan(50);
    }
  });

  it('grows the newest bucket in place, and opens the next one when the clock passes it', () => {
    const samples = Array.from({ length: 120 }, (_, i) => at(i * 1000, [dom('a', (i % 2) * 0.5)]));
    const stack = new ShareStack(10);
    // 100 s over 10 columns: 10 s buckets.
    stack.show(inRange(samples, 0, 100_000), { min: 0, max: 100_000 });
    const layer = stack.layers[0];
    expect(layer?.at(-1)).toEqual({ x: 100_000, y: 0, share: 0 });
    stack.show(inRange(samples, 1000, 101_000), { min: 1000, max: 101_000 });
    expect(stack.layers[0]).toBe(layer);
    expect(layer?.at(-1)).toEqual({ x: 101_000, y: 25, share: 25 });
    stack.show(inRange(samples, 10_000, 110_000), { min: 10_000, max: 110_000 });
    expect(stack.layers[0]).toBe(layer);
    expect(layer?.map((p) => p.x)).toEqual([
      19_000, 29_000, 39_000, 49_000, 59_000, 69_000, 79_000, 89_000, 99_000, 109_000, 110_000,
    ]);
  });

  it('following sample by sample draws what a fresh stack of the same range draws', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            step: fc.integer({ min: 1, max: 3 }),
            shares: fc.array(fc.option(fc.double({ min: 0, max: 0.3, noNaN: true })), {
              minLength: 3,
              maxLength: 3,
            }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 3, max: 12 }),
        (steps, window) => {
          let t = 0;
          const samples = steps.map(({ step, shares }) =>
            at((t += step * 1000), [
              dom('Domain-0', null),
              ...shares.map((s, i) => dom(`vm${i}`, s)),
            ]),
          );
          const following = new ShareStack(600);
          for (const s of samples) {
            const range = { min: s.t - window * 1000, max: s.t };
            following.show(inRange(samples, range.min, range.max), range);
            const fresh = new ShareStack(600);
            fresh.show(inRange(samples, range.min, range.max), range);
            // A guest that left the window stays a layer (0 thick) until the next rebuild.
            const shown = fresh.names.map((n) => view(following)[following.names.indexOf(n)]);
            expect(shown).toEqual(view(fresh));
          }
        },
      ),
    );
  });
});

describe('bucketWidth', () => {
  it('rounds up to a step of the ladder, whole hours beyond it', () => {
    expect(bucketWidth(900)).toBe(1000);
    expect(bucketWidth(1500)).toBe(2000);
    expect(bucketWidth(6000)).toBe(6000);
    expect(bucketWidth(7000)).toBe(10_000);
    expect(bucketWidth(5_000_000)).toBe(7_200_000);
  });
});
