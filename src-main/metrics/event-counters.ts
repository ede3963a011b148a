import type { ApiEvent } from '../common/api';
import { collectRtts } from '../common/metrics/rtt';
import { bucketHighUs, WAIT_BUCKETS } from '../common/metrics/sched-waits';
import type { HostId, HostSample, HostStatus } from '../common/model';
import type { ClassSwitch, LatencySample, SchedWaits } from '../common/sched';
import { HostSeriesTable, KEY_REFUSAL_REASONS, SWITCH_RESULTS } from './host-series';
import { VmSeriesTable } from './vm-series';

/**
 * Ping RTT buckets, seconds: 1–2.5–5 steps from 100 µs (a VM on an idle host answers dom0 in
 * tens of µs over the bridge) to 2.5 s (far beyond the credit scheduler's 4 × 30 ms worst case of
 * the paper's setup), so that histogram_quantile reads sub-millisecond and 100 ms RTTs alike.
 */
export const RTT_BUCKETS_S = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/**
 * Scheduling-wait buckets, seconds: every other upper bound of the host's own log2 histogram
 * (common/metrics/sched-waits.ts: 4 µs, 16 µs, … 4.2 s), so each of the host's buckets falls
 * wholly into one of ours and the counts are exact, at half the series.
 */
const WAIT_BOUNDS_US = Array.from({ length: WAIT_BUCKETS - 2 }, (_, k) => bucketHighUs(k))
  .filter((_, k) => k % 2 === 1)
  .map((us) => us);
export const WAIT_BUCKETS_S = WAIT_BOUNDS_US.map((us) => us / 1e6);
/** Our bucket of each host bucket k: the first bound at or above its upper bound; last = +Inf. */
const WAIT_BUCKET_OF = Array.from({ length: WAIT_BUCKETS }, (_, k) => {
  const i = WAIT_BOUNDS_US.findIndex((b) => b >= bucketHighUs(k));
  return i < 0 ? WAIT_BOUNDS_US.length : i;
});

/** The xentop stream runs with `-d 1`: each frame's CPU % covers one second. */
const FRAME_SECONDS = 1;

/** A VM that has not been seen for this long loses its series (it was destroyed or renamed). */
export const VM_SERIES_TTL_MS = 15 * 60_000;

/**
 * Why a host key was refused, from the code the host's failed state carries: `unknown` (in
 * neither known_hosts nor the trust store, and not accepted: the agent never accepts one),
 * `changed` (another key of that type is on record: OpenSSH's hard stop), `revoked` (marked
 * `@revoked` in known_hosts) or `refused` (on record in a way that cannot be trusted, such as a
 * host that only a certificate authority vouches for).
 */
const KEY_REFUSALS: Readonly<Record<string, number>> = {
  'host-key-rejected': KEY_REFUSAL_REASONS.indexOf('unknown'),
  'host-key-changed': KEY_REFUSAL_REASONS.indexOf('changed'),
  'host-key-revoked': KEY_REFUSAL_REASONS.indexOf('revoked'),
  'host-key-refused': KEY_REFUSAL_REASONS.indexOf('refused'),
};

/**
 * The cumulative part of the exposition: counters and histograms fed by the events the core
 * publishes (the same events the dashboard and the journal receive), from the moment the process
 * started: the host-level ones in `hosts` (host-series.ts), the per-VM ones in `vms`
 * (vm-series.ts), beside the gauges the exposition sets in both at scrape time.
 */
export class EventCounters {
  readonly hosts: HostSeriesTable;
  readonly vms = new VmSeriesTable(
    {
      name: 'vslicer_vm_ping_rtt_seconds',
      help: 'Round-trip time of ping from dom0 to the VM, each answered echo request.',
      bounds: RTT_BUCKETS_S,
    },
    {
      name: 'vslicer_vm_sched_wait_seconds',
      help: 'Scheduling waits of the VM (runnable to running), as the vSlicer hypervisor counts them.',
      bounds: WAIT_BUCKETS_S,
    },
  );
  private readonly countedSwitches = new Set<string>();
  /** The `since` of each host's last counted refusal: a state published twice counts once. */
  private readonly countedRefusals = new Map<HostId, number>();

  constructor(
    version: string,
    private readonly now: () => number = Date.now,
  ) {
    this.hosts = new HostSeriesTable(version);
  }

  observe(event: ApiEvent): void {
    switch (event.name) {
      case 'hostSample':
        return this.sample(event.payload);
      case 'latencySample':
        return this.probeRound(event.payload);
      case 'schedWaits':
        return this.waitReading(event.payload);
      case 'classSwitch':
        return this.classSwitch(event.payload);
      case 'hostStatus':
        return this.hostStatus(event.payload);
      default:
        return;
    }
  }

  /** Drops the series of hosts no longer watched and of VMs not heard of for the TTL. */
  collectGarbage(liveHosts: ReadonlySet<HostId>): void {
    for (const host of this.countedRefusals.keys())
      if (!liveHosts.has(host)) this.countedRefusals.delete(host);
    this.hosts.collectGarbage(liveHosts);
    this.vms.collectGarbage(liveHosts, this.now() - VM_SERIES_TTL_MS);
  }

  private sample(s: HostSample): void {
    const host = this.hosts.get(s.hostId);
    host.frames++;
    if (s.gapBefore) host.gaps++;
    host.lastFrameS = s.t / 1000;
    const now = this.now();
    for (const d of s.domains) {
      const vm = this.vms.get(s.hostId, d.name, now);
      vm.cpuSeconds =
        (vm.cpuSeconds ?? 0) + (d.cpuPct === null ? 0 : (d.cpuPct / 100) * FRAME_SECONDS);
    }
  }

  private probeRound(s: LatencySample): void {
    // The dashboard's own reading of a round: answered RTTs, and lost requests apart.
    const { rtts, lost } = collectRtts([s]);
    const vm = this.vms.get(s.hostId, s.vm, this.now());
    this.vms.addPings(
      vm,
      rtts.map((ms) => ms / 1000),
      lost,
    );
  }

  private waitReading(r: SchedWaits): void {
    for (const v of r.vms) {
      const counts = new Array<number>(WAIT_BUCKETS_S.length + 1).fill(0);
      v.window.hist.forEach((n, k) => (counts[WAIT_BUCKET_OF[k] ?? counts.length - 1]! += n));
      this.vms.addWaits(this.vms.get(r.hostId, v.vm, this.now()), counts, v.window.sumUs / 1e6);
    }
  }

  private hostStatus(s: HostStatus): void {
    if (s.state !== 'failed' || s.errorCode === null) return;
    const reason = KEY_REFUSALS[s.errorCode];
    if (reason === undefined || this.countedRefusals.get(s.hostId) === s.since) return;
    this.countedRefusals.set(s.hostId, s.since);
    this.hosts.get(s.hostId).refusals[reason]!++;
  }

  private classSwitch(sw: ClassSwitch): void {
    if (sw.state === 'running' || this.countedSwitches.has(sw.id)) return;
    this.countedSwitches.add(sw.id);
    this.hosts.get(sw.hostId).switches[SWITCH_RESULTS.indexOf(sw.state)]!++;
  }
}
