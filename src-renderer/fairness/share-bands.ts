/** A point of a layer's top edge on the canvas; `skip` where the layer has no value (an outage). */
export interface EdgePoint {
  x: number;
  y: number;
  skip?: boolean;
}

/**
 * The polygons of one layer of the stacked chart: its top edge left to right, then the edge of
 * the layer below right to left (or the zero line for the bottom layer), one polygon per run of
 * columns where both edges have a value. The layers line up by index (share-stack.ts).
 */
export function bandPolygons(
  top: readonly EdgePoint[],
  below: readonly EdgePoint[] | null,
  zeroY: number,
): Array<Array<[number, number]>> {
  const polygons: Array<Array<[number, number]>> = [];
  let start = -1;
  const close = (end: number) => {
    if (start < 0) return;
    const upper = top.slice(start, end).map((p): [number, number] => [p.x, p.y]);
    const lower = below
      ? below.slice(start, end).map((p): [number, number] => [p.x, p.y])
      : upper.map(([x]): [number, number] => [x, zeroY]);
    polygons.push([...upper, ...lower.reverse()]);
    start = -1;
  };
  for (let i = 0; i < top.length; i++) {
    const p = top[i];
    const q = below?.[i];
    const ok = p !== undefined && !p.skip && (below === null || (q !== undefined && !q.skip));
    if (ok && start < 0) start = i;
    else if (!ok) close(i);
  }
  close(top.length);
  return polygons;
}
