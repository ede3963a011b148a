import { describe, expect, it } from 'vitest';
import type { ApiHandlers } from '../common/api';
import { CoreError, dispatch } from './dispatch';

// Only the methods these tests call; the rest of the contract is not needed here.
const handlers = {
  getAppInfo: async () => ({ version: '1', mode: 'web', defaultHostId: 'demo', dataProblem: null }),
  listHosts: async () => [],
  getHistory: async ({ hostId }) => {
    if (hostId !== 'demo') throw new CoreError('unknown-host', `No host with id "${hostId}".`);
    return [];
  },
} as Partial<ApiHandlers> as ApiHandlers;

describe('dispatch', () => {
  it('answers a valid call with its value', async () => {
    expect(await dispatch(handlers, 'getAppInfo', {})).toEqual({
      ok: true,
      value: { version: '1', mode: 'web', defaultHostId: 'demo', dataProblem: null },
    });
  });

  it('refuses methods outside the contract, including prototype names', async () => {
    for (const method of ['dropTables', '__proto__', 'constructor', 42, null]) {
      const result = await dispatch(handlers, method, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    }
  });

  it('refuses payloads that do not match the schema, saying what is wrong', async () => {
    const result = await dispatch(handlers, 'getHistory', { hostId: 'Bad Host; rm -rf /' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    if (!result.ok) expect(result.error.message).toMatch(/hostId/);
    const extra = await dispatch(handlers, 'listHosts', { sneaky: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('returns a handler failure as data with its code', async () => {
    const result = await dispatch(handlers, 'getHistory', { hostId: 'elsewhere' });
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown-host', message: 'No host with id "elsewhere".' },
    });
  });
});
