import type { ApiEventEnvelope, ApiTransport } from '@common/api';
import { describe, expect, it, vi } from 'vitest';
import { frameBatched } from './frame-batched';

function source() {
  let emit: (e: ApiEventEnvelope) => void = () => {};
  const transport: ApiTransport = {
    invoke: async (method) => ({ ok: true, value: method }),
    onEvent: (l) => {
      emit = l;
      return () => {};
    },
  };
  return { transport, emit: (name: string) => emit({ name, payload: null }) };
}

describe('frameBatched', () => {
  it('hands on every event since the last frame, in order, in one go', async () => {
    const src = source();
    const frames: Array<() => void> = [];
    const batched = frameBatched(src.transport, (run) => frames.push(run));
    const got: string[] = [];
    batched.onEvent((e) => got.push(e.name));
    src.emit('a');
    src.emit('b');
    src.emit('c');
    expect(got).toEqual([]);
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(got).toEqual(['a', 'b', 'c']);
    src.emit('d');
    expect(frames).toHaveLength(1);
    frames.shift()?.();
    expect(got).toEqual(['a', 'b', 'c', 'd']);
    // Calls go straight through.
    expect(await batched.invoke('listHosts', {})).toEqual({ ok: true, value: 'listHosts' });
  });

  it('keeps delivering the batch when a listener throws', () => {
    const src = source();
    const frames: Array<() => void> = [];
    const batched = frameBatched(src.transport, (run) => frames.push(run));
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const got: string[] = [];
    batched.onEvent((e) => {
      if (e.name === 'a') throw new Error('boom');
    });
    const off = batched.onEvent((e) => got.push(e.name));
    src.emit('a');
    src.emit('b');
    frames.shift()?.();
    expect(got).toEqual(['a', 'b']);
    expect(error).toHaveBeenCalledTimes(1);
    off();
    src.emit('c');
    frames.shift()?.();
    expect(got).toEqual(['a', 'b']);
    error.mockRestore();
  });

  it('delivers without frames too: a hidden window gets none', async () => {
    vi.useFakeTimers();
    const raf = vi.fn();
    vi.stubGlobal('requestAnimationFrame', raf);
    try {
      const src = source();
      const batched = frameBatched(src.transport);
      const got: string[] = [];
      batched.onEvent((e) => got.push(e.name));
      src.emit('a');
      expect(raf).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(300);
      expect(got).toEqual(['a']);
      // The frame that finally comes has nothing left to do.
      raf.mock.calls[0]?.[0]?.(0);
      expect(got).toEqual(['a']);
    } finally {
      vi.unstubAllGlobals();
      vi.useRealTimers();
    }
  });
});
