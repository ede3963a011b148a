import type { ApiHandlers } from '../common/api';
import type { LatencySample, SchedWaits } from '../common/sched';
import type { DemoControls } from '../hosts/connection/host-connection';
import type { HostRegistry } from '../hosts/host-registry';
import { planMicroslice } from '../common/vslicer/microslice-options';
import type { HostHistory } from '../session/host-history';
import { CoreError } from './dispatch';

type SchedHandlers = Pick<
  ApiHandlers,
  | 'getSched'
  | 'planMicroslice'
  | 'previewClassSwitch'
  | 'switchClass'
  | 'undoClassSwitch'
  | 'listClassSwitches'
  | 'getLatency'
  | 'getSchedWaits'
  | 'getProbeTargets'
  | 'setProbeTarget'
  | 'getProbeSettings'
  | 'setProbeSettings'
  | 'setDemoBehaviour'
>;

/** Classes, switches and latency probes: thin calls into each host's controls. */
export function schedHandlers(
  registry: HostRegistry,
  histories: { latency: HostHistory<LatencySample>; waits: HostHistory<SchedWaits> },
  demo: DemoControls | null,
): SchedHandlers {
  const controls = (hostId: string) => registry.controls(hostId);
  // A reopened session shows what was recorded: its probes are not the app's to change (the UI
  // disables them too; this is the same rule for any other caller of the API).
  const writable = (hostId: string) => {
    if (registry.isRecorded(hostId)) {
      throw new CoreError(
        'read-only',
        'A recorded session is read-only: its probe settings and addresses cannot change.',
      );
    }
  };
  const sched = (hostId: string) => {
    const s = controls(hostId).sched;
    if (!s)
      throw new CoreError(
        'no-sched',
        'The scheduler listing has not been read yet: is the host connected?',
      );
    return s;
  };
  return {
    getSched: async ({ hostId }) => controls(hostId).sched,
    planMicroslice: async ({ hostId, domid }) => planMicroslice(sched(hostId), domid),
    previewClassSwitch: async ({ hostId, domid, microsliceMs }) =>
      controls(hostId).switcher.preview(domid, microsliceMs),
    switchClass: async ({ hostId, domid, microsliceMs }) =>
      controls(hostId).switcher.switchClass(domid, microsliceMs),
    undoClassSwitch: async ({ switchId }) => registry.undoSwitch(switchId),
    listClassSwitches: async ({ hostId }) => controls(hostId).switcher.list(),
    getLatency: async ({ hostId, sinceMs }) => (
      controls(hostId),
      histories.latency.history(hostId, sinceMs)
    ),
    getSchedWaits: async ({ hostId, sinceMs }) => (
      controls(hostId),
      histories.waits.history(hostId, sinceMs)
    ),
    getProbeTargets: async ({ hostId }) => controls(hostId).prober.targets(),
    setProbeTarget: async ({ hostId, vm, address }) => (
      writable(hostId),
      controls(hostId).prober.setTarget(vm, address)
    ),
    getProbeSettings: async ({ hostId }) => controls(hostId).prober.getSettings(),
    setProbeSettings: async ({ hostId, settings }) => (
      writable(hostId),
      controls(hostId).prober.setSettings(settings)
    ),
    setDemoBehaviour: async ({ rejectSwitches }) => {
      if (!demo) throw new CoreError('no-demo-host', 'There is no demo host in this app.');
      demo.setRejectSwitches(rejectSwitches);
      return {};
    },
  };
}
