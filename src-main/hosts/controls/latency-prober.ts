import type { HostShell } from '../../common/host-shell';
import { Refusal } from '../../common/refusal';
import type { HostId } from '../../common/model';
import type { HostSched, LatencySample, ProbeSettings, ProbeTarget } from '../../common/sched';
import { buildArgv } from '../../xen/argv';
import { parsePing } from '../../xen/ping';
import type { ResolvedProfile } from '../../xen/profiles';
import { validateAddress } from '../../xen/validate';
import { discoverAddresses, type Discovered } from './address-discovery';
import { rttsBySeq } from './ping-rtts';
import type { PollScheduler } from './poll-scheduler';

export interface ProberDeps {
  hostId: HostId;
  profile: ResolvedProfile;
  shell(): HostShell | null;
  sched(): HostSched | null;
  publishSample(sample: LatencySample): void;
  publishTargets(targets: ProbeTarget[]): void;
  /** The host's periodic commands: probe rounds run there as action `probe`. */
  polls: PollScheduler;
  log(line: string): void;
}

/** Echo requests within a round go 0.2 s apart (ping -i 0.2), each waits at most 1 s (-W 1). */
export const ECHO_INTERVAL_SEC = 0.2;
const ECHO_TIMEOUT_SEC = 1;
/** Discovery again after this long, or at once when the VM set changes. */
const REDISCOVER_MS = 60_000;

/**
 * The paper's own measurement (Section 5): ping from dom0 to each VM, one round every
 * `intervalSec` on the host's poll scheduler (rounds never overlap; a round still running at the
 * next tick makes it skip). Addresses come from the operator or are discovered.
 */
export class LatencyProber {
  private settings: ProbeSettings = { intervalSec: 2, count: 5 };
  private readonly operator = new Map<string, string>();
  private discovered = new Map<string, Discovered>();
  private discoveredFor = '';
  private discoveredAt = 0;

  constructor(private readonly deps: ProberDeps) {}

  /** Rounds every `intervalSec` (a settings change applies from the next tick), never overlapping. */
  start(): void {
    this.deps.polls.every(
      'probe',
      () => this.settings.intervalSec * 1000,
      () => this.round(),
      500,
    );
  }

  stop(): void {
    this.deps.polls.stop('probe');
  }

  getSettings(): ProbeSettings {
    return { ...this.settings };
  }

  setSettings(settings: ProbeSettings): ProbeSettings {
    this.settings = { ...settings };
    return this.getSettings();
  }

  targets(): ProbeTarget[] {
    return (this.deps.sched()?.vms ?? []).map((vm) => {
      const manual = this.operator.get(vm.name);
      if (manual) return { vm: vm.name, address: manual, source: 'operator', problem: null };
      const found = this.discovered.get(vm.name);
      if (found?.address)
        return { vm: vm.name, address: found.address, source: 'discovered', problem: null };
      return {
        vm: vm.name,
        address: null,
        source: null,
        problem: found?.problem ?? 'Looking for the address…',
      };
    });
  }

  setTarget(vm: string, address: string | null): ProbeTarget[] {
    if (address === null) this.operator.delete(vm);
    else {
      const valid = validateAddress(address);
      if (!valid.ok) throw new Refusal(valid.error.code, valid.error.message);
      this.operator.set(vm, valid.value);
    }
    const targets = this.targets();
    this.deps.publishTargets(targets);
    return targets;
  }

  private async round(): Promise<void> {
    const shell = this.deps.shell();
    const sched = this.deps.sched();
    if (!shell || !sched) return;
    try {
      await this.discoverIfStale(shell, sched);
      const jobs = this.targets().filter(
        (t): t is ProbeTarget & { address: string } => t.address !== null,
      );
      const { count } = this.settings;
      const argvs = jobs.map((t) =>
        buildArgv(this.deps.profile, {
          kind: 'ping',
          address: t.address,
          count,
          intervalSec: ECHO_INTERVAL_SEC,
          timeoutSec: ECHO_TIMEOUT_SEC,
        }),
      );
      const runnable = argvs.flatMap((a, i) => (a.ok ? [{ argv: a.value, target: jobs[i]! }] : []));
      const outputs = await this.runAll(
        shell,
        runnable.map((r) => r.argv),
      );
      const t = Date.now();
      runnable.forEach(({ target }, i) => {
        const stdout = outputs[i];
        if (stdout === null || stdout === undefined) return;
        this.deps.publishSample({
          hostId: this.deps.hostId,
          vm: target.vm,
          address: target.address,
          t,
          rttMs: rttsBySeq(parsePing(stdout), count),
        });
      });
    } catch (error) {
      this.deps.log(`latency probes: ${(error as Error).message}`);
    }
  }

  /** Probes go out together: on SSH over separate channels (runBatch), never one after another. */
  private async runAll(shell: HostShell, argvs: string[][]): Promise<Array<string | null>> {
    if (shell.runBatch) {
      const results = await shell.runBatch(argvs, { timeoutMs: 30_000 });
      return results.map((r) => (r.ok ? r.result.stdout : null));
    }
    return Promise.all(
      argvs.map((argv) =>
        shell.run(argv, { timeoutMs: 30_000 }).then(
          (r) => r.stdout,
          () => null,
        ),
      ),
    );
  }

  private async discoverIfStale(shell: HostShell, sched: HostSched): Promise<void> {
    const key = sched.vms.map((v) => `${v.domid}:${v.name}`).join(',');
    if (key === this.discoveredFor && Date.now() - this.discoveredAt < REDISCOVER_MS) return;
    this.discovered = await discoverAddresses(shell, this.deps.profile, sched.vms);
    this.discoveredFor = key;
    this.discoveredAt = Date.now();
    this.deps.publishTargets(this.targets());
  }
}
