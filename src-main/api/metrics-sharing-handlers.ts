import type { ApiHandlers } from '../common/api';
import { METRICS_SHARING_DEFAULT_PORT, type MetricsSharingState } from '../common/metrics-sharing';
import type { AppInfo } from '../common/model';
import { Refusal } from '../common/refusal';
import type { MetricsSharing } from './metrics-sharing';

/** Where /metrics is when the Settings switch does not apply, by how the core runs. */
const ELSEWHERE: Record<AppInfo['mode'], string> = {
  web:
    'In web mode the web server serves /metrics itself, on its own port (vslicer web ' +
    '--metrics-token-file FILE, --metrics-listen ADDR:PORT); this switch is for the desktop app.',
  agent: 'The agent serves /metrics itself (--metrics-listen, --metrics-token-file).',
  electron: 'The app has no data directory to keep the token in, so it cannot serve /metrics.',
};

export function metricsSharingHandlers(
  sharing: MetricsSharing | null,
  mode: AppInfo['mode'],
): Pick<ApiHandlers, 'getMetricsSharing' | 'setMetricsSharing'> {
  const unavailable: MetricsSharingState = {
    available: false,
    unavailableReason: ELSEWHERE[mode],
    enabled: false,
    port: METRICS_SHARING_DEFAULT_PORT,
    listenAll: false,
    tokenFile: null,
    ownTokenFile: false,
    url: null,
    error: null,
    newToken: null,
  };
  return {
    getMetricsSharing: async () => sharing?.state() ?? unavailable,
    setMetricsSharing: async (req) => {
      if (!sharing) throw new Refusal('not-available', ELSEWHERE[mode]);
      return sharing.set(req);
    },
  };
}
