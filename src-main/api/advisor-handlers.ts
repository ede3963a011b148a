import { advise } from '../advisor/advise';
import { gatherEvidence, type EvidenceInput } from '../advisor/evidence';
import type { PredictionChecks } from '../advisor/prediction-checks';
import { whatIfOnThread } from '../advisor/what-if-thread';
import type { ApiHandlers } from '../common/api';
import type { HostSample } from '../common/model';
import type { LatencySample, SchedWaits } from '../common/sched';
import type { HostRegistry } from '../hosts/host-registry';
import { ECHO_INTERVAL_SEC } from '../hosts/controls/latency-prober';
import type { HostHistory } from '../session/host-history';
import { CoreError } from './dispatch';

type AdvisorHandlers = Pick<ApiHandlers, 'getAdvice' | 'predictSwitch' | 'listPredictionChecks'>;

export interface AdvisorDeps {
  registry: HostRegistry;
  store: { history(hostId: string, sinceMs?: number): HostSample[] };
  latency: HostHistory<LatencySample>;
  waits: HostHistory<SchedWaits>;
  checks: PredictionChecks;
  log: (line: string) => void;
}

/** The evidence window most operators mean by "lately": long enough for a few hundred RTTs. */
const DEFAULT_WINDOW_SEC = 300;

/** The advisor over what the host stores hold: advice, what-if runs, predicted against observed. */
export function advisorHandlers(deps: AdvisorDeps): AdvisorHandlers {
  const { registry } = deps;
  function evidenceInput(hostId: string, windowSec = DEFAULT_WINDOW_SEC): EvidenceInput {
    const controls = registry.controls(hostId);
    const summary = registry.require(hostId).summary();
    // A recorded host's window ends with its recording, a live one's now.
    const all = summary.kind === 'recorded' ? deps.store.history(hostId) : null;
    const to = all ? (all.at(-1)?.t ?? Date.now()) : Date.now();
    const from = to - windowSec * 1000;
    const samples = all ? all.filter((s) => s.t >= from) : deps.store.history(hostId, from - 1);
    return {
      sched: controls.sched,
      samples,
      latency: deps.latency.history(hostId, from - 1),
      waits: deps.waits.history(hostId, from - 1),
      probeTargets: controls.prober.targets(),
      guestPcpus: summary.guestPcpus,
      window: { from, to },
    };
  }
  return {
    getAdvice: async ({ hostId, windowSec }) => advise(hostId, evidenceInput(hostId, windowSec)),
    predictSwitch: async ({ hostId, domid, microsliceMs }) => {
      const input = evidenceInput(hostId);
      if (!input.sched)
        throw new CoreError('no-sched', 'The scheduler listing has not been read yet.');
      if (microsliceMs <= 0)
        throw new CoreError(
          'invalid-argument',
          'A what-if predicts a switch to an LSVM: give a microslice > 0.',
        );
      const w = await whatIfOnThread(
        {
          hostId,
          sched: input.sched,
          evidence: gatherEvidence(input),
          guestPcpus: input.guestPcpus,
          domid,
          microsliceMs,
          // Predict what the console will show: the candidate probed as this host's probes go.
          probe: {
            ...registry.controls(hostId).prober.getSettings(),
            echoIntervalMs: ECHO_INTERVAL_SEC * 1000,
          },
        },
        { onFallback: (why) => deps.log(`advisor: what-if runs on the main thread: ${why}`) },
      );
      if (typeof w === 'string') throw new CoreError('what-if-failed', w);
      deps.checks.remember(w);
      return w;
    },
    listPredictionChecks: async ({ hostId }) => (
      registry.controls(hostId),
      deps.checks.list(hostId)
    ),
  };
}
