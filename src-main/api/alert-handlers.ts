import type { ApiHandlers } from '../common/api';
import type { AlertEngine } from '../alerts/alert-engine';
import type { HostRegistry } from '../hosts/host-registry';
import { CoreError } from './dispatch';

type AlertMethods = 'listAlerts' | 'getAlertSettings' | 'setAlertOverride';

/** The alert list and the rules' settings; without an engine (tests) nothing is raised. */
export function alertHandlers(
  alerts: AlertEngine | null,
  registry: HostRegistry,
): Pick<ApiHandlers, AlertMethods> {
  const engine = (): AlertEngine => {
    if (!alerts) throw new CoreError('no-alerts', 'Alerts are not evaluated in this core.');
    return alerts;
  };
  return {
    listAlerts: async ({ hostId }) => alerts?.list(hostId) ?? { active: [], history: [] },
    getAlertSettings: async () => engine().settings(),
    setAlertOverride: async ({ hostId, vm, kind, override }) => {
      registry.require(hostId);
      if (override && (override.hostId !== hostId || override.vm !== vm || override.kind !== kind))
        throw new CoreError(
          'invalid-request',
          'setAlertOverride: the override names another host, VM or rule than the request.',
        );
      return engine().setOverride({ hostId, vm, kind }, override);
    },
  };
}
