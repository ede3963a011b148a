import type { HostShell } from '../../common/host-shell';
import type { HostId } from '../../common/model';
import type {
  ClassSwitch,
  HostSched,
  LatencySample,
  ProbeTarget,
  SchedWaits,
} from '../../common/sched';
import type { ResolvedProfile } from '../../xen/profiles';
import { ClassSwitcher } from './class-switcher';
import { LatencyProber } from './latency-prober';
import { pollPhase } from './poll-phase';
import { PollScheduler } from './poll-scheduler';
import { readSched } from './sched-reader';
import { readTopology, withTopology, type Topology } from './topology-reader';
import { WaitReader } from './wait-reader';

export interface ControlListeners {
  onSched?(sched: HostSched): void;
  onSwitch?(sw: ClassSwitch): void;
  onLatency?(sample: LatencySample): void;
  onTargets?(hostId: HostId, targets: ProbeTarget[]): void;
  onLog?(hostId: HostId, line: string): void;
  /** A periodic command skipped a tick (its poll statistics changed). */
  onPollSkip?(hostId: HostId): void;
  /** Where the VMs can run changed (pools, affinity): the host's pCPU count for guests may too. */
  onTopology?(hostId: HostId): void;
  /** A reading of the host's scheduling waits (or why it has none). */
  onWaits?(waits: SchedWaits): void;
}

/** How often the scheduler listing is read while a host is live (and after every switch). */
const SCHED_POLL_MS = 5000;
/** Pools and affinity change rarely (an operator's pinning): read at connect, then this often. */
const TOPOLOGY_POLL_MS = 30_000;
/** Scheduling waits: as often as the listing; a host that cannot give them is asked again rarely. */
const WAITS_POLL_MS = 5000;
const WAITS_RETRY_MS = 60_000;

/**
 * What runs beside a host's xentop stream while it is live: the scheduler listing (classes),
 * class switches, and latency probes. Started when the connection is ready, stopped on a drop.
 */
export class HostControls {
  readonly switcher: ClassSwitcher;
  readonly prober: LatencyProber;
  /** The listing and the probe rounds, each never overlapping itself. */
  readonly polls: PollScheduler;
  private latest: HostSched | null = null;
  private shell: HostShell | null = null;
  private topology: Topology | null = null;
  private topologyIssues = '';
  private readonly waits: WaitReader;

  constructor(
    private readonly hostId: HostId,
    private readonly profile: ResolvedProfile,
    private readonly listeners: ControlListeners,
    /** The host's pCPU count (`xl info` nr_cpus): what an affinity of `all` means. */
    private readonly hostCpus: () => number = () => 1,
  ) {
    const log = (line: string) => listeners.onLog?.(hostId, line);
    this.polls = new PollScheduler((action, skips, st) => {
      // The first skip and then every tenth: enough to see it in the log without a line a tick.
      if (skips === 1 || skips % 10 === 0) {
        log(
          `${action}: ${skips} tick(s) skipped, the previous run was still going (every ${st.intervalMs / 1000} s)`,
        );
      }
      listeners.onPollSkip?.(hostId);
    });
    this.switcher = new ClassSwitcher({
      hostId,
      profile,
      shell: () => this.shell,
      sched: () => this.latest,
      refreshSched: () => this.refreshSched(),
      publish: (sw) => listeners.onSwitch?.(sw),
    });
    this.waits = new WaitReader(hostId, profile, (w) => listeners.onWaits?.(w), log);
    this.prober = new LatencyProber({
      hostId,
      profile,
      shell: () => this.shell,
      sched: () => this.latest,
      publishSample: (s) => listeners.onLatency?.(s),
      publishTargets: (t) => listeners.onTargets?.(hostId, t),
      polls: this.polls,
      log,
    });
  }

  get sched(): HostSched | null {
    return this.latest;
  }

  live(shell: HostShell): void {
    this.shell = shell;
    this.polls.every(
      'topology',
      () => TOPOLOGY_POLL_MS,
      () => this.pollTopology(),
    );
    // The 5 s polls run at once, then at the host's own phase of their interval (poll-phase.ts).
    const phase = pollPhase(this.hostId);
    this.polls.every(
      'sched-list',
      () => SCHED_POLL_MS,
      () => this.pollSched(),
      0,
      Math.round(phase * SCHED_POLL_MS),
    );
    if (this.waits.supported)
      this.polls.every(
        'wait-stats',
        () => (this.waits.unavailable === null ? WAITS_POLL_MS : WAITS_RETRY_MS),
        () => this.pollWaits(),
        0,
        Math.round(phase * WAITS_POLL_MS),
      );
    this.prober.start();
  }

  private async pollWaits(): Promise<void> {
    const shell = this.shell;
    if (!shell) return;
    try {
      await this.waits.read(shell);
    } catch (e) {
      // A dropped link: the connection reconnects; the next reading starts a new baseline.
      this.waits.reset();
      this.listeners.onLog?.(this.hostId, `scheduling waits: ${(e as Error).message}`);
    }
  }

  /**
   * A failed listing is shown, not only logged: the dashboard would otherwise wait for classes
   * forever. Switching is off with the reason until a listing succeeds; the VMs already known
   * stay, so probes go on.
   */
  private async pollSched(): Promise<void> {
    try {
      await this.refreshSched();
    } catch (e) {
      const message = (e as Error).message;
      this.listeners.onLog?.(this.hostId, `scheduler listing: ${message}`);
      if (!this.shell) return;
      const prev = this.latest;
      this.latest = {
        hostId: this.hostId,
        t: Date.now(),
        tsliceMs: prev?.tsliceMs ?? null,
        ratelimitUs: prev?.ratelimitUs ?? null,
        switchable: false,
        readOnlyReason: `The scheduler listing failed: ${message}`,
        vms: prev?.vms ?? [],
      };
      this.listeners.onSched?.(this.latest);
    }
  }

  down(): void {
    this.shell = null;
    this.waits.reset();
    this.polls.stopAll();
  }

  /** A reopened session's host: its last listing and switch history, from the journal. */
  restore(sched: HostSched | null, switches: readonly ClassSwitch[]): void {
    this.latest = sched;
    this.switcher.restore(switches);
  }

  /** Where the VMs can run, read again; the listing shown is brought up to date with it. */
  private async pollTopology(): Promise<void> {
    const shell = this.shell;
    if (!shell) return;
    try {
      this.topology = await readTopology(shell, this.profile, this.hostCpus());
    } catch (e) {
      this.listeners.onLog?.(this.hostId, `pools and affinity: ${(e as Error).message}`);
      return;
    }
    // Said once, not every poll: a host that keeps printing the same bad row is one problem.
    const issues = this.topology.issues.join('\n');
    if (issues && issues !== this.topologyIssues)
      this.listeners.onLog?.(this.hostId, `refused: ${issues}`);
    this.topologyIssues = issues;
    if (this.latest) {
      this.latest = withTopology(this.latest, this.topology);
      this.listeners.onSched?.(this.latest);
    }
    this.listeners.onTopology?.(this.hostId);
  }

  async refreshSched(): Promise<HostSched> {
    const shell = this.shell;
    if (!shell) throw new Error('The host is not connected.');
    const sched = withTopology(await readSched(this.hostId, shell, this.profile), this.topology);
    this.latest = sched;
    this.listeners.onSched?.(sched);
    return sched;
  }
}
