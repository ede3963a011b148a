import { afterEach, describe, expect, it, vi } from 'vitest';
import { drawSharePicture, type SharePicture } from './share-raster-draw';
import { ShareRaster } from './share-raster';

/** A 2D context that records what is drawn, in order. */
function recorder() {
  const calls: string[] = [];
  let path: string[] = [];
  const ctx = {
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    save: () => calls.push('save'),
    restore: () => calls.push('restore'),
    rect: () => undefined,
    clip: () => calls.push('clip'),
    beginPath: () => (path = []),
    moveTo: (x: number, y: number) => path.push(`M${x},${y}`),
    lineTo: (x: number, y: number) => path.push(`L${x},${y}`),
    closePath: () => undefined,
    fill: () => calls.push(`fill ${ctx.fillStyle} ${path.join(' ')}`),
    stroke: () => calls.push(`stroke ${ctx.strokeStyle} ${path.join(' ')}`),
    drawImage: (_b: unknown, x: number, y: number, w: number, h: number) =>
      calls.push(`image ${x},${y} ${w}x${h}`),
  };
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

const layer = (name: string, ys: Array<number | null>) => ({
  fill: `${name}-fill`,
  stroke: `${name}-line`,
  lineWidth: 1.5,
  xy: new Float32Array(ys.flatMap((y, i) => [i * 10, y ?? 0])),
  skip: new Uint8Array(ys.map((y) => (y === null ? 1 : 0))),
});

const picture = (): SharePicture => ({
  width: 100,
  height: 50,
  dpr: 2,
  area: { left: 0, top: 0, right: 100, bottom: 50 },
  zeroY: 50,
  layers: [layer('a', [40, 30, 35]), layer('b', [20, null, 10])],
});

describe('drawSharePicture', () => {
  it('fills each band on the layer below, then strokes the lines top layer first, breaking at gaps', () => {
    const { ctx, calls } = recorder();
    drawSharePicture(ctx, picture());
    const drawn = calls.filter((c) => c.startsWith('fill') || c.startsWith('stroke'));
    expect(drawn).toEqual([
      'fill a-fill L0,40 L10,30 L20,35 L20,50 L10,50 L0,50',
      // b has no value at the middle column: its band is two pieces, its line two strokes' worth.
      'fill b-fill L0,20 L0,40',
      'fill b-fill L20,10 L20,35',
      'stroke b-line M0,20 M20,10',
      'stroke a-line M0,40 L10,30 L20,35',
    ]);
  });
});

/** A worker that keeps what it was sent; `answer` plays its reply. */
class FakeWorker {
  sent: { id: number; picture: SharePicture }[] = [];
  onmessage: ((e: MessageEvent) => void) | null = null;
  onerror: (() => void) | null = null;
  terminated = false;
  postMessage(m: { id: number; picture: SharePicture }, transfer?: Transferable[]) {
    // As a real worker's postMessage: what is listed for transfer is gone from this side.
    this.sent.push(transfer ? structuredClone(m, { transfer }) : structuredClone(m));
  }
  terminate() {
    this.terminated = true;
  }
  answer(id: number) {
    const bitmap = { close: vi.fn() };
    this.onmessage?.({ data: { id, bitmap } } as MessageEvent);
    return bitmap;
  }
}

describe('ShareRaster', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('draws the thread’s bitmap of the latest layout, drops an older one, and waits meanwhile', () => {
    vi.stubGlobal('OffscreenCanvas', function OffscreenCanvas() {});
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker();
    const ready = vi.fn();
    const raster = new ShareRaster(ready, () => worker as unknown as Worker);
    raster.laidOut(picture());
    raster.laidOut(picture());
    expect(raster.where).toBe('thread');
    expect(raster.waiting).toBe(true);
    expect(worker.sent.map((m) => m.id)).toEqual([0, 1]);
    // Before any bitmap the picture is drawn here.
    const first = recorder();
    raster.draw(first.ctx);
    expect(first.calls.some((c) => c.startsWith('fill a-fill'))).toBe(true);
    // The first layout's bitmap comes after the second was sent: dropped, still waiting.
    const stale = worker.answer(0);
    expect(stale.close).toHaveBeenCalled();
    expect(ready).not.toHaveBeenCalled();
    expect(raster.waiting).toBe(true);
    worker.answer(1);
    expect(ready).toHaveBeenCalledTimes(1);
    expect(raster.waiting).toBe(false);
    const then = recorder();
    raster.draw(then.ctx);
    expect(then.calls).toEqual(['image 0,0 100x50']);
  });

  it('draws here where the thread fails or none can start', () => {
    const ready = vi.fn();
    // No OffscreenCanvas (this test's environment): no thread is tried.
    const start = vi.fn();
    const none = new ShareRaster(ready, start);
    none.laidOut(picture());
    expect(none.where).toBe('here');
    expect(none.waiting).toBe(false);
    expect(start).not.toHaveBeenCalled();

    vi.stubGlobal('OffscreenCanvas', function OffscreenCanvas() {});
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker();
    const raster = new ShareRaster(ready, () => worker as unknown as Worker);
    raster.laidOut(picture());
    expect(raster.waiting).toBe(true);
    worker.onerror?.();
    expect(worker.terminated).toBe(true);
    expect(ready).toHaveBeenCalledTimes(1);
    expect(raster.where).toBe('here');
    expect(raster.waiting).toBe(false);
    const drawn = recorder();
    raster.draw(drawn.ctx);
    // The picture sent to the thread is still whole here.
    expect(drawn.calls).toContain('stroke a-line M0,40 L10,30 L20,35');
  });
});
