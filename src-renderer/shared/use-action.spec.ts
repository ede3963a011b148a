import { describe, expect, it } from 'vitest';
import { ref } from 'vue';
import { useAction } from './use-action';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('useAction', () => {
  it('is busy while the run is in flight and resolves with its result', async () => {
    const { busy, error, run } = useAction();
    const d = deferred<number>();
    const result = run(() => d.promise);
    expect(busy.value).toBe(true);
    d.resolve(42);
    expect(await result).toBe(42);
    expect(busy.value).toBe(false);
    expect(error.value).toBeNull();
  });

  it('turns a failure into the error sentence and undefined, never a rejection', async () => {
    const { busy, error, run } = useAction();
    expect(await run(() => Promise.reject(new Error('Permission denied.')))).toBeUndefined();
    expect(error.value).toBe('Permission denied.');
    expect(busy.value).toBe(false);
  });

  it('ignores a run started while one is in flight', async () => {
    const { run } = useAction();
    const d = deferred<string>();
    let calls = 0;
    const first = run(() => (calls++, d.promise));
    expect(await run(() => (calls++, Promise.resolve('second')))).toBeUndefined();
    d.resolve('first');
    expect(await first).toBe('first');
    expect(calls).toBe(1);
  });

  it('clears the last error when a run starts, unless asked to keep it; shares an error line', async () => {
    const line = ref<string | null>(null);
    const a = useAction(line);
    const b = useAction(line);
    await a.run(() => Promise.reject(new Error('first')));
    expect(b.error.value).toBe('first');
    const d = deferred<void>();
    const kept = b.run(() => d.promise, { keepError: true });
    expect(line.value).toBe('first');
    d.resolve();
    await kept;
    expect(line.value).toBe('first');
    const cleared = a.run(() => Promise.resolve());
    expect(line.value).toBeNull();
    await cleared;
  });
});
