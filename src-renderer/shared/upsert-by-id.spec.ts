import { describe, expect, it } from 'vitest';
import { upsertById } from './upsert-by-id';

describe('upsertById', () => {
  it('replaces the element with the same id in place, or appends, always in a new array', () => {
    const list = [
      { id: 'a', v: 1 },
      { id: 'b', v: 2 },
    ];
    const replaced = upsertById(list, { id: 'a', v: 3 });
    expect(replaced).toEqual([
      { id: 'a', v: 3 },
      { id: 'b', v: 2 },
    ]);
    expect(upsertById(list, { id: 'c', v: 4 }).map((x) => x.id)).toEqual(['a', 'b', 'c']);
    expect(replaced).not.toBe(list);
    expect(list[0]).toEqual({ id: 'a', v: 1 });
  });
});
