import { homedir } from 'node:os';
import type { ApiHandlers } from '../common/api';
import type { AppInfo } from '../common/model';
import type { LatencySample, SchedWaits } from '../common/sched';
import type { HostRegistry } from '../hosts/host-registry';
import type { DemoControls } from '../hosts/connection/host-connection';
import type { PromptBroker } from '../hosts/prompt-broker';
import type { HostHistory } from '../session/host-history';
import type { SeriesStore } from '../session/series-store';
import type { SessionManager } from '../session/session-manager';
import { sshConfigCandidates } from '../hosts/config/ssh-config-candidates';
import { CoreError } from './dispatch';
import { schedHandlers } from './sched-handlers';
import { advisorHandlers } from './advisor-handlers';
import type { PredictionChecks } from '../advisor/prediction-checks';
import type { RecordedSessions } from './open-session';
import { sessionHandlers, type ExportJobsLike } from './session-handlers';
import { alertHandlers } from './alert-handlers';
import type { AlertEngine } from '../alerts/alert-engine';
import { metricsSharingHandlers } from './metrics-sharing-handlers';
import type { MetricsSharing } from './metrics-sharing';

export interface CoreDeps {
  registry: HostRegistry;
  store: SeriesStore;
  prompts: PromptBroker;
  latency: HostHistory<LatencySample>;
  /** Scheduling-wait readings, where hosts give them. */
  waits: HostHistory<SchedWaits>;
  info: AppInfo;
  homeDir?: string;
  demo?: DemoControls | null;
  /** Null without a data directory: nothing is recorded, listSessions is empty. */
  sessions?: SessionManager | null;
  exports?: ExportJobsLike | null;
  recorded?: RecordedSessions | null;
  /** Switches made after a what-if: predicted against observed. */
  checks: PredictionChecks;
  /** The in-app alerts; null in cores that evaluate none. */
  alerts?: AlertEngine | null;
  log?: (line: string) => void;
  /** The desktop's opt-in /metrics; null where the switch does not apply (web mode, agent). */
  sharing?: MetricsSharing | null;
}

/** The one implementation of the contract in common/api.ts; transports only carry it. */
export function createHandlers(deps: CoreDeps): ApiHandlers {
  const { registry, store, prompts, info, homeDir = homedir() } = deps;
  return {
    ...schedHandlers(registry, deps, deps.demo ?? null),
    ...advisorHandlers({ ...deps, log: deps.log ?? (() => {}) }),
    ...sessionHandlers(deps.sessions ?? null, deps.exports ?? null, deps.recorded ?? null),
    ...alertHandlers(deps.alerts ?? null, registry),
    ...metricsSharingHandlers(deps.sharing ?? null, info.mode),
    getAppInfo: async () => info,
    listHosts: async () => registry.list(),
    getHistory: async ({ hostId, sinceMs }) => (
      registry.require(hostId),
      store.history(hostId, sinceMs)
    ),
    addHost: async (config) => registry.add(config),
    getHostConfig: async ({ id }) => registry.config(id),
    updateHost: async ({ id, config }) => registry.update(id, config),
    removeHost: async ({ id }) => (await registry.remove(id), {}),
    connectHost: async ({ id }) => (registry.connect(id), {}),
    disconnectHost: async ({ id }) => (registry.disconnect(id), {}),
    repinHostKey: async ({ id }) => (await registry.repin(id), {}),
    answerHostKey: async ({ promptId, accept }) => {
      if (!prompts.answer(promptId, { accept })) {
        throw new CoreError('prompt-closed', 'That question was already answered or withdrawn.');
      }
      return {};
    },
    answerCredential: async ({ promptId, value, remember }) => {
      if (!prompts.answer(promptId, { value, remember })) {
        throw new CoreError('prompt-closed', 'That question was already answered or withdrawn.');
      }
      return {};
    },
    importSshConfig: async () => sshConfigCandidates(homeDir, process.env.USER ?? 'root'),
    listProfiles: async () => registry.profiles(),
  };
}
