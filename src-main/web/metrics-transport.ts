import type { MetricsTransport } from '../api/metrics-sharing';
import { readTokenFile } from './metrics-auth';
import { startMetricsServer } from './metrics-server';
import { newToken } from './token-auth';

/**
 * `/metrics` on a listener of its own, for the desktop app's Settings switch: the one HTTP
 * implementation that `vslicer web --metrics-listen` and the agent use, handed to the core.
 */
export const metricsTransport: MetricsTransport = {
  listen: (at, token, endpoint) => startMetricsServer(at, { endpoint, token }),
  readTokenFile,
  newToken,
};
