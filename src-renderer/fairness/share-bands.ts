import type { Chart, Plugin } from 'chart.js';

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

/**
 * Fills the CPU share chart's layers, each as one polygon between its top and the top of the
 * visible layer below it, before the lines are drawn. Chart.js's Filler draws the same bands
 * ("fill: '-1'") by filling each layer's area twice under clip paths of the neighbouring line;
 * for 50 layers that was half of the chart's redraw, in script and again when the canvas was
 * rasterised, every second.
 */
export const shareBands: Plugin<'line'> = {
  id: 'shareBands',
  beforeDatasetsDraw(chart: Chart<'line'>) {
    const { ctx, chartArea: area } = chart;
    const zeroY = chart.scales.y?.getPixelForValue(0) ?? area.bottom;
    ctx.save();
    ctx.beginPath();
    ctx.rect(area.left, area.top, area.width, area.height);
    ctx.clip();
    let below: readonly EdgePoint[] | null = null;
    chart.data.datasets.forEach((dataset, i) => {
      if (!chart.isDatasetVisible(i)) return;
      const top = chart.getDatasetMeta(i).data as unknown as EdgePoint[];
      ctx.fillStyle = dataset.backgroundColor as string;
      for (const polygon of bandPolygons(top, below, zeroY)) {
        ctx.beginPath();
        for (const [x, y] of polygon) ctx.lineTo(x, y);
        ctx.closePath();
        ctx.fill();
      }
      below = top;
    });
    ctx.restore();
  },
};
