import { describe, expect, it } from 'vitest';
import type { ApiEventEnvelope, ApiTransport } from './api';
import { ApiError, createApiClient } from './api-client';
import type { Result } from './result';

function fakeTransport(answer: (method: string, payload: unknown) => Result<unknown>) {
  const listeners = new Set<(e: ApiEventEnvelope) => void>();
  const calls: Array<[string, unknown]> = [];
  const transport: ApiTransport = {
    invoke: async (method, payload) => {
      calls.push([method, payload]);
      return answer(method, payload);
    },
    onEvent: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
  const emit = (e: ApiEventEnvelope) => listeners.forEach((l) => l(e));
  return { transport, calls, emit };
}

describe('createApiClient', () => {
  it('derives one method per contract entry and nothing else', async () => {
    const fake = fakeTransport(() => ({ ok: true, value: [] }));
    const client = createApiClient(fake.transport);
    expect(await client.listHosts({})).toEqual([]);
    expect(fake.calls).toEqual([['listHosts', {}]]);
    expect((client as unknown as Record<string, unknown>).deleteEverything).toBeUndefined();
  });

  it('throws the core error as ApiError and rejects malformed answers', async () => {
    const failing = createApiClient(
      fakeTransport(() => ({ ok: false, error: { code: 'unknown-host', message: 'No host' } }))
        .transport,
    );
    await expect(failing.getHistory({ hostId: 'x' })).rejects.toMatchObject({
      code: 'unknown-host',
    });
    const wrong = createApiClient(
      fakeTransport(() => ({ ok: true, value: { nope: 1 } })).transport,
    );
    await expect(wrong.getAppInfo({})).rejects.toBeInstanceOf(ApiError);
    await expect(wrong.getAppInfo({})).rejects.toMatchObject({ code: 'invalid-response' });
  });

  it('delivers only valid events of the subscribed name', () => {
    const fake = fakeTransport(() => ({ ok: true, value: null }));
    const client = createApiClient(fake.transport);
    const got: unknown[] = [];
    const off = client.on('hostStatus', (s) => got.push(s.state));
    const status = { hostId: 'demo', state: 'ready', message: null, since: 1 };
    fake.emit({ name: 'hostStatus', payload: status });
    fake.emit({ name: 'hostSample', payload: status });
    fake.emit({ name: 'hostStatus', payload: { ...status, state: 'exploded' } });
    off();
    fake.emit({ name: 'hostStatus', payload: status });
    expect(got).toEqual(['ready']);
  });

  it('validates an event once for all its listeners, each of which gets it', () => {
    const fake = fakeTransport(() => ({ ok: true, value: null }));
    const client = createApiClient(fake.transport);
    const got: unknown[] = [];
    const listener = (s: unknown) => got.push(s);
    client.on('hostStatus', listener);
    const offSecond = client.on('hostStatus', listener);
    const status = { hostId: 'demo', state: 'ready', message: null, since: 1 };
    fake.emit({ name: 'hostStatus', payload: status });
    expect(got).toHaveLength(2);
    expect(got[0]).toBe(got[1]);
    offSecond();
    fake.emit({ name: 'hostStatus', payload: status });
    expect(got).toHaveLength(3);
  });
});
