import { bandPolygons, type EdgePoint } from './share-bands';

/**
 * What the CPU share chart's layers look like on the canvas once laid out: each visible layer's
 * top edge (canvas pixels, CSS units) and colours, bottom layer first. Plain data, so that it can
 * be drawn here or handed to the raster thread (share-raster.ts) as it is.
 */
export interface LayerPicture {
  fill: string;
  stroke: string;
  lineWidth: number;
  /** x, y of each column's point, in pairs. */
  xy: Float32Array;
  /** 1 where the layer has no value (an outage): bands and lines break there. */
  skip: Uint8Array;
}

export interface SharePicture {
  /** The canvas's size in CSS pixels, and device pixels per CSS pixel. */
  width: number;
  height: number;
  dpr: number;
  area: { left: number; top: number; right: number; bottom: number };
  zeroY: number;
  layers: LayerPicture[];
}

function edge(layer: LayerPicture): EdgePoint[] {
  const points: EdgePoint[] = new Array(layer.skip.length);
  for (let i = 0; i < points.length; i++) {
    points[i] = { x: layer.xy[2 * i]!, y: layer.xy[2 * i + 1]!, skip: layer.skip[i] === 1 };
  }
  return points;
}

/**
 * Draws the layers: each band between a layer's top and the top of the layer below (the zero line
 * under the bottom one) as one polygon — Chart.js's Filler (`fill: '-1'`) filled each layer's
 * area twice under clip paths of the neighbouring line, half of the chart's redraw for 50 layers
 * — then each layer's line, the bottom layer's last so it lies on top (Chart.js draws datasets
 * last to first). Bands are clipped to the chart area, lines to the area widened by half a line,
 * as Chart.js clips them.
 */
export function drawSharePicture(
  ctx: OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D,
  p: SharePicture,
): void {
  const { area } = p;
  const edges = p.layers.map(edge);
  ctx.save();
  ctx.beginPath();
  ctx.rect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  ctx.clip();
  edges.forEach((top, i) => {
    ctx.fillStyle = p.layers[i]!.fill;
    for (const polygon of bandPolygons(top, i > 0 ? edges[i - 1]! : null, p.zeroY)) {
      ctx.beginPath();
      for (const [x, y] of polygon) ctx.lineTo(x, y);
      ctx.closePath();
      ctx.fill();
    }
  });
  ctx.restore();
  for (let i = edges.length - 1; i >= 0; i--) {
    const layer = p.layers[i]!;
    const half = layer.lineWidth / 2;
    ctx.save();
    ctx.beginPath();
    ctx.rect(
      area.left - half,
      area.top - half,
      area.right - area.left + 2 * half,
      area.bottom - area.top + 2 * half,
    );
    ctx.clip();
    ctx.strokeStyle = layer.stroke;
    ctx.lineWidth = layer.lineWidth;
    ctx.beginPath();
    let pen = false;
    for (const point of edges[i]!) {
      if (point.skip) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(point.x, point.y);
      else ctx.moveTo(point.x, point.y);
      pen = true;
    }
    ctx.stroke();
    ctx.restore();
  }
}
