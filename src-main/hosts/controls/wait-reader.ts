import type { HostShell } from '../../common/host-shell';
import { waitsBetween, type WaitCounters } from '../../common/metrics/sched-waits';
import type { HostId } from '../../common/model';
import { printable } from '../../common/printable';
import type { SchedWaits } from '../../common/sched';
import { buildArgv } from '../../xen/argv';
import type { ResolvedProfile } from '../../xen/profiles';
import { parseVslicerWaits } from '../../xen/vslicer-waits';

/** What the tool's exit status means (hypervisor/README.md, "Errors and exit status"). */
const NOT_FOUND = 127;
const NO_VSLICER = 3;

/**
 * Reads a host's cumulative scheduling-wait statistics and publishes each VM's window since the
 * previous reading. The first reading is the baseline (an empty window set); a VM whose counters
 * went down (moved to another pool, re-created) starts a new baseline. A host that cannot give
 * them (no tool, a stock hypervisor) is published once as unavailable, with the reason.
 */
export class WaitReader {
  private readonly last = new Map<number, { name: string; counters: WaitCounters }>();
  private lastT: number | null = null;
  /** Why the last reading failed; null while readings work (or before the first). */
  unavailable: string | null = null;

  constructor(
    private readonly hostId: HostId,
    private readonly profile: ResolvedProfile,
    private readonly publish: (w: SchedWaits) => void,
    private readonly log: (line: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether this host's profile has a wait-statistics command at all. */
  get supported(): boolean {
    return (
      this.profile.info.capabilities.waitStats && buildArgv(this.profile, { kind: 'wait-stats' }).ok
    );
  }

  /** Forgets the baseline: after a reconnect the next reading starts afresh. */
  reset(): void {
    this.last.clear();
    this.lastT = null;
  }

  async read(shell: HostShell): Promise<void> {
    const argv = buildArgv(this.profile, { kind: 'wait-stats' });
    if (!argv.ok) return;
    const r = await shell.run(argv.value, { timeoutMs: 10_000 });
    const t = this.now();
    if (r.exitCode !== 0) return this.fail(t, argv.value[argv.value.length - 2]!, r);
    const parsed = parseVslicerWaits(r.stdout);
    if (parsed.errors.length > 0)
      this.log(
        `scheduling waits: ${parsed.errors.length} row(s) refused; first: ${parsed.errors[0]!.message}`,
      );
    const vms: SchedWaits['vms'] = [];
    const seen = new Set<number>();
    for (const row of parsed.records) {
      seen.add(row.domid);
      const prev = this.last.get(row.domid);
      const window = prev && prev.name === row.name ? waitsBetween(prev.counters, row) : null;
      if (window) vms.push({ vm: row.name, domid: row.domid, window });
      this.last.set(row.domid, { name: row.name, counters: row });
    }
    for (const domid of [...this.last.keys()]) if (!seen.has(domid)) this.last.delete(domid);
    if (this.unavailable !== null) this.log('scheduling waits: readable again');
    this.unavailable = null;
    this.publish({ hostId: this.hostId, t, sinceT: this.lastT ?? t, vms, unavailable: null });
    this.lastT = t;
  }

  private fail(t: number, tool: string, r: { stderr: string; exitCode: number | null }): void {
    const said = printable(r.stderr.trim().split('\n')[0] ?? '', 300);
    const reason =
      r.exitCode === NOT_FOUND
        ? `This host has no ${tool}: scheduling waits come from the vSlicer hypervisor's control tool (hypervisor/README.md).`
        : r.exitCode === NO_VSLICER
          ? `This host's Xen has no vSlicer patches, so it keeps no scheduling-wait statistics ("${said}").`
          : `Reading scheduling waits failed (exit ${r.exitCode ?? 'by signal'}): ${said || 'no message'}`;
    this.reset();
    if (reason === this.unavailable) return;
    this.unavailable = reason;
    this.log(`scheduling waits: ${reason}`);
    this.publish({ hostId: this.hostId, t, sinceT: t, vms: [], unavailable: reason });
  }
}
