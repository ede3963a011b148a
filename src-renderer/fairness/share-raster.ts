import type { Chart, Plugin } from 'chart.js';
import { drawSharePicture, type LayerPicture, type SharePicture } from './share-raster-draw';

/**
 * The CPU share chart's layers drawn on a thread of their own. After each layout the chart's
 * layers are handed to the thread as a `SharePicture`; the chart is drawn when the picture comes
 * back as a bitmap, which the chart's own drawing (axes, grid, switch annotations, tooltip) puts
 * under its annotations in one `drawImage`. Hovering redraws with the same bitmap. Where no thread
 * can start (no OffscreenCanvas, a worker refused), or before the first bitmap, the same picture
 * is drawn on this thread (drawSharePicture, one code path for both).
 */
export class ShareRaster {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 0;
  /** The job whose bitmap is awaited; null when none is. */
  private awaited: number | null = null;
  private bitmap: { bitmap: ImageBitmap; width: number; height: number } | null = null;
  /** The picture of the chart's current layout (drawn here until its bitmap comes). */
  private picture: SharePicture | null = null;

  constructor(
    /** A bitmap came back (or the thread failed): the chart should be drawn. */
    private readonly onReady: () => void,
    private readonly start: () => Worker = () =>
      new Worker(new URL('./share-raster.worker.ts', import.meta.url), { type: 'module' }),
  ) {}

  /** Where the layers are drawn: on the thread, or here (no thread could start). */
  get where(): 'thread' | 'here' {
    return this.thread() ? 'thread' : 'here';
  }

  /** A new layout: its picture goes to the thread. */
  laidOut(picture: SharePicture): void {
    this.picture = picture;
    const worker = this.thread();
    if (!worker) return;
    const id = this.nextId++;
    this.awaited = id;
    // Copied, not transferred: this thread may still have to draw it (before the bitmap comes,
    // or if the thread fails). 50 layers of 600 columns are about 360 kB.
    worker.postMessage({ id, picture });
  }

  /** Whether drawing now would show an older layout than the one the thread is drawing. */
  get waiting(): boolean {
    return this.awaited !== null && this.thread() !== null;
  }

  /** Draws the layers: the thread's bitmap if it fits the canvas, else the picture here. */
  draw(ctx: CanvasRenderingContext2D): void {
    const p = this.picture;
    if (!p) return;
    const b = this.bitmap;
    if (b && b.width === p.width && b.height === p.height) {
      ctx.drawImage(b.bitmap, 0, 0, p.width, p.height);
      return;
    }
    drawSharePicture(ctx, p);
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failed = true;
    this.bitmap?.bitmap.close();
    this.bitmap = null;
  }

  private thread(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    if (typeof OffscreenCanvas !== 'function' || typeof Worker !== 'function') {
      this.failed = true;
      return null;
    }
    try {
      const worker = this.start();
      worker.onmessage = (e: MessageEvent<{ id: number; bitmap: ImageBitmap }>) =>
        this.received(e.data.id, e.data.bitmap);
      worker.onerror = () => this.fail();
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private received(id: number, bitmap: ImageBitmap): void {
    // A bitmap of a layout already replaced is dropped; the newer one is on its way.
    if (id !== this.awaited || !this.picture) {
      bitmap.close();
      return;
    }
    this.awaited = null;
    this.bitmap?.bitmap.close();
    this.bitmap = { bitmap, width: this.picture.width, height: this.picture.height };
    this.onReady();
  }

  private fail(): void {
    this.worker?.terminate();
    this.worker = null;
    this.failed = true;
    this.awaited = null;
    this.onReady();
  }
}

/** The visible layers of the chart as laid out, bottom first. */
export function sharePicture(chart: Chart<'line'>): SharePicture {
  const area = chart.chartArea;
  const layers: LayerPicture[] = [];
  chart.data.datasets.forEach((dataset, i) => {
    if (!chart.isDatasetVisible(i)) return;
    const points = chart.getDatasetMeta(i).data as unknown as {
      x: number;
      y: number;
      skip?: boolean;
    }[];
    const xy = new Float32Array(points.length * 2);
    const skip = new Uint8Array(points.length);
    points.forEach((pt, k) => {
      xy[2 * k] = pt.x;
      xy[2 * k + 1] = pt.y;
      skip[k] = pt.skip ? 1 : 0;
    });
    layers.push({
      fill: dataset.backgroundColor as string,
      stroke: dataset.borderColor as string,
      lineWidth: (dataset.borderWidth as number | undefined) ?? 1.5,
      xy,
      skip,
    });
  });
  return {
    width: chart.width,
    height: chart.height,
    dpr: chart.currentDevicePixelRatio,
    area: { left: area.left, top: area.top, right: area.right, bottom: area.bottom },
    zeroY: chart.scales.y?.getPixelForValue(0) ?? area.bottom,
    layers,
  };
}

/**
 * The chart's plugin: after each layout the picture goes to the raster; a drawing while the thread
 * works on a newer layout is skipped (the bitmap's arrival draws the chart); the layers are drawn
 * from the raster before the datasets, and Chart.js draws none of its own (each dataset's drawing
 * is cancelled, not the datasets' step: what draws after it, the switch annotations, still runs).
 */
export function shareRasterPlugin(raster: ShareRaster): Plugin<'line'> {
  return {
    id: 'shareRaster',
    afterUpdate: (chart) => raster.laidOut(sharePicture(chart)),
    beforeRender: () => (raster.waiting ? false : undefined),
    beforeDatasetsDraw: (chart) => raster.draw(chart.ctx),
    beforeDatasetDraw: () => false,
  };
}
