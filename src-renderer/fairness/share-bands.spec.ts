import { describe, expect, it } from 'vitest';
import { bandPolygons, type EdgePoint } from './share-bands';

const edge = (...ys: Array<number | null>): EdgePoint[] =>
  ys.map((y, i) => (y === null ? { x: i * 10, y: NaN, skip: true } : { x: i * 10, y }));

describe('bandPolygons', () => {
  it('closes the bottom layer on the zero line, and a layer above on the layer below', () => {
    const bottom = edge(80, 70, 75);
    expect(bandPolygons(bottom, null, 100)).toEqual([
      [
        [0, 80],
        [10, 70],
        [20, 75],
        [20, 100],
        [10, 100],
        [0, 100],
      ],
    ]);
    expect(bandPolygons(edge(50, 40, 45), bottom, 100)).toEqual([
      [
        [0, 50],
        [10, 40],
        [20, 45],
        [20, 75],
        [10, 70],
        [0, 80],
      ],
    ]);
  });

  it('breaks the band where a column has no value, as the line breaks', () => {
    const below = edge(90, 90, null, 90, 90, 90);
    const polygons = bandPolygons(edge(60, 60, null, 60, 60, null), below, 100);
    expect(polygons.map((p) => p.map(([x]) => x))).toEqual([
      [0, 10, 10, 0],
      [30, 40, 40, 30],
    ]);
    expect(bandPolygons(edge(null, null), null, 100)).toEqual([]);
  });
});
