import { drawSharePicture, type SharePicture } from './share-raster-draw';

/**
 * The CPU share chart's layers drawn off the page's thread (share-raster.ts): 50 layers of 600
 * columns took about 22 ms of canvas raster on the main thread, once a second, on top of the
 * chart's own script, so that frame alone missed a vsync or two. One canvas, reused while the
 * chart's size stays.
 */
let canvas: OffscreenCanvas | null = null;

self.onmessage = (e: MessageEvent<{ id: number; picture: SharePicture }>) => {
  const { id, picture: p } = e.data;
  const w = Math.max(1, Math.round(p.width * p.dpr));
  const h = Math.max(1, Math.round(p.height * p.dpr));
  if (!canvas || canvas.width !== w || canvas.height !== h) canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(p.dpr, 0, 0, p.dpr, 0, 0);
  ctx.clearRect(0, 0, p.width, p.height);
  drawSharePicture(ctx, p);
  const bitmap = canvas.transferToImageBitmap();
  (self as unknown as Worker).postMessage({ id, bitmap }, [bitmap]);
};
