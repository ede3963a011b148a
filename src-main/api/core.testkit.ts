import type { ApiEventEnvelope } from '../common/api';
import { createAppCore, type AppCore } from './app';

/**
 * The whole core on the demo host for specs, as a window sees it: calls in (a refusal throws with
 * its code), events out, probes every second. Stop it with `core.stop()`.
 */
export async function startDemoCore(): Promise<{
  core: AppCore;
  events: ApiEventEnvelope[];
  call: <T>(method: string, payload: unknown) => Promise<T>;
}> {
  const core = await createAppCore({ mode: 'web', version: 'test', dataDir: null, log: () => {} });
  const events: ApiEventEnvelope[] = [];
  const call = async <T>(method: string, payload: unknown): Promise<T> => {
    const r = await core.dispatch(method, payload);
    if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
    return r.value as T;
  };
  core.subscribe((e) => events.push(e));
  core.start();
  await call('setProbeSettings', { hostId: 'demo', settings: { intervalSec: 1, count: 5 } });
  return { core, events, call };
}
