import type { Alert } from './alerts';

/**
 * One raise or clear for unit tests: a p99 RTT alert on VM `web` of host `demo`, raised at 1 s
 * (cleared at 5 s), its message as the engine words it.
 */
export const sampleAlert = (
  id: string,
  state: Alert['state'],
  over: Partial<Alert> = {},
): Alert => ({
  id,
  hostId: 'demo',
  vm: 'web',
  kind: 'rttP99High',
  state,
  raisedAt: 1000,
  clearedAt: state === 'cleared' ? 5000 : null,
  value: 120,
  bound: 100,
  message: `web on Demo host: p99 RTT above a bound${state === 'cleared' ? ' cleared' : ''}`,
  detail: 'p99 RTT 120 ms over 5 min (bound 100 ms)',
  ...over,
});
