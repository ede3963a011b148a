import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('pops in (time, insertion) order for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue(2);
        times.forEach((t, i) => q.push(t, 0, i, 0));
        const out: [number, number][] = [];
        while (q.pop()) out.push([q.popTime, q.popA]);
        const want = times
          .map((t, i) => [t, i] as [number, number])
          .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
        expect(out).toEqual(want);
      }),
    );
  });

  it('reports Infinity and false when empty', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });
});
