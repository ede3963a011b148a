import { Refusal } from '../../common/refusal';
import { randomUUID } from 'node:crypto';
import type { HostShell } from '../../common/host-shell';
import type { HostId } from '../../common/model';
import type { ClassSwitch, HostSched } from '../../common/sched';
import { joinArgv } from '../../common/shell-quote';
import { DEFAULT_TSLICE_MS } from '../../common/vslicer/credit-defaults';
import { buildArgv } from '../../xen/argv';
import type { ResolvedProfile } from '../../xen/profiles';

export interface SwitcherDeps {
  hostId: HostId;
  profile: ResolvedProfile;
  shell(): HostShell | null;
  /** The latest listing; a switch starts from it. */
  sched(): HostSched | null;
  /** Reads the listing again (the read-back). */
  refreshSched(): Promise<HostSched>;
  publish(sw: ClassSwitch): void;
}

/** Kept per host; older switches live on in the session journal. */
const KEEP = 500;

export class SwitchError extends Refusal {
  override name = 'SwitchError';
}

const classOf = (microsliceMs: number) =>
  ({ vmClass: microsliceMs > 0 ? 'LSVM' : 'NLSVM', microsliceMs }) as const;

/**
 * A class switch: the profile builds `xl sched-vslicer -d <dom> -m <ms>`
 * from validated values, the host runs it, and the listing is read back — the switch is done
 * only when the host reports the new microslice, never assumed. One switch at a time per host.
 */
export class ClassSwitcher {
  private readonly history: ClassSwitch[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: SwitcherDeps) {}

  /** History recorded elsewhere (a reopened session), oldest first. */
  restore(switches: readonly ClassSwitch[]): void {
    this.history.splice(0, this.history.length, ...switches.slice(-KEEP));
  }

  list(): ClassSwitch[] {
    return [...this.history];
  }

  find(id: string): ClassSwitch | undefined {
    return this.history.find((s) => s.id === id);
  }

  preview(domid: number, microsliceMs: number): { argv: string[]; command: string } {
    const sched = this.deps.sched();
    if (!sched)
      throw new SwitchError(
        'no-sched',
        'The scheduler listing has not been read yet; try again in a moment.',
      );
    if (!sched.switchable)
      throw new SwitchError(
        'read-only',
        `Classes cannot be switched: ${sched.readOnlyReason ?? 'read-only host'}.`,
      );
    const argv = buildArgv(this.deps.profile, {
      kind: 'set-class',
      domid,
      microsliceMs,
      tsliceMs: sched.tsliceMs ?? DEFAULT_TSLICE_MS,
    });
    if (!argv.ok) throw new SwitchError(argv.error.code, argv.error.message);
    return { argv: argv.value, command: joinArgv(argv.value) };
  }

  switchClass(
    domid: number,
    microsliceMs: number,
    undoOf: string | null = null,
  ): Promise<ClassSwitch> {
    const run = this.queue.then(() => this.run(domid, microsliceMs, undoOf));
    this.queue = run.catch(() => undefined);
    return run;
  }

  undo(id: string): Promise<ClassSwitch> {
    const sw = this.find(id);
    if (!sw) throw new SwitchError('unknown-switch', `No class switch with id "${id}".`);
    if (sw.state !== 'done')
      throw new SwitchError('not-done', 'Only a switch that took effect can be undone.');
    return this.switchClass(sw.domid, sw.from.microsliceMs, sw.id);
  }

  private async run(
    domid: number,
    microsliceMs: number,
    undoOf: string | null,
  ): Promise<ClassSwitch> {
    const { argv, command } = this.preview(domid, microsliceMs);
    const vm = this.deps.sched()?.vms.find((v) => v.domid === domid);
    if (!vm) throw new SwitchError('unknown-domain', `No VM with id ${domid} on this host.`);
    const shell = this.deps.shell();
    if (!shell) throw new SwitchError('not-connected', 'The host is not connected.');
    const sw: ClassSwitch = {
      id: randomUUID(),
      hostId: this.deps.hostId,
      domid,
      vm: vm.name,
      from: classOf(vm.microsliceMs),
      to: classOf(microsliceMs),
      argv,
      command,
      state: 'running',
      startedAt: Date.now(),
      finishedAt: null,
      hostReply: '',
      exitCode: null,
      readBackMs: null,
      error: null,
      undoOf,
    };
    this.record(sw);
    try {
      const result = await shell.run(argv, { timeoutMs: 10_000 });
      sw.hostReply = `${result.stdout}${result.stderr}`.trim();
      sw.exitCode = result.exitCode;
      if (result.exitCode !== 0) {
        return this.finish(
          sw,
          `The host refused the switch (status ${result.exitCode ?? 'none'}): ${sw.hostReply || 'no message'}`,
        );
      }
      const after = await this.deps.refreshSched();
      const readBack = after.vms.find((v) => v.domid === domid)?.microsliceMs ?? null;
      sw.readBackMs = readBack;
      if (readBack !== microsliceMs) {
        return this.finish(
          sw,
          `The host accepted the command but reads back microslice ${readBack ?? 'none'} ms, not ${microsliceMs} ms.`,
        );
      }
      return this.finish(sw, null);
    } catch (error) {
      return this.finish(sw, error instanceof Error ? error.message : String(error));
    }
  }

  private finish(sw: ClassSwitch, error: string | null): ClassSwitch {
    sw.state = error ? 'failed' : 'done';
    sw.error = error;
    sw.finishedAt = Date.now();
    this.deps.publish({ ...sw });
    return { ...sw };
  }

  private record(sw: ClassSwitch): void {
    this.history.push(sw);
    if (this.history.length > KEEP) this.history.shift();
    this.deps.publish({ ...sw });
  }
}
