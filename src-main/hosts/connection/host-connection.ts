import type {
  ConnectionState,
  HostId,
  HostSample,
  HostStatus,
  HostSummary,
} from '../../common/model';
import type { SessionId } from '../../common/session';
import { Backoff } from '../../ssh/backoff';
import { buildArgv } from '../../xen/argv';
import { parseXlInfo } from '../../xen/xl-info';
import type { ResolvedProfile } from '../../xen/profiles';
import { ConnectError, type Connected, type HostConnector } from './connector';
import { HostControls, type ControlListeners } from '../controls/host-controls';
import { toHostSample } from './sample-mapper';
import { XentopStream } from './xentop-stream';

export interface HostDefinition {
  id: HostId;
  name: string;
  kind: HostSummary['kind'];
  /** `user@address:port`, shown in the host list; null for the demo host. */
  target: string | null;
  group: string;
  /** pCPUs the guests share (the demo host: one, as in the paper's setup). */
  guestPcpus: number;
  /** Maps every action to argv for this host. */
  profile: ResolvedProfile;
  connector: HostConnector;
  /** A stream silent this long counts as a drop (default 3 s: three intervals of xentop -d 1). */
  stallMs?: number;
  /** Read the CPU count from `xl info` on each connect (real hosts; the demo host knows its own). */
  readGuestPcpus?: boolean;
  /** The built-in demo host's extra knobs. */
  demo?: DemoControls;
  /** A recorded host: the session it was reopened from (HostSummary.sessionId). */
  sessionId?: SessionId;
}

export interface DemoControls {
  setRejectSwitches(on: boolean): void;
}

export interface HostListeners extends ControlListeners {
  onSample(sample: HostSample): void;
  onStatus(status: HostStatus): void;
  onLog?(hostId: HostId, line: string): void;
  /** Xen version, scheduler or pCPU count changed (read from `xl info` on connect): the summary is stale. */
  onFacts?(hostId: HostId): void;
}

/** The one long-lived stream per host: `xentop -b -d 1`, as the host's profile spells it. */
export function xentopStreamArgv(profile: ResolvedProfile): string[] {
  const argv = buildArgv(profile, { kind: 'xentop', delaySec: 1 });
  // delaySec 1 is always valid; a failure here is a programming error, not bad input.
  if (!argv.ok) throw new Error(argv.error.message);
  return argv.value;
}

/**
 * One host: its transport, its xentop stream and its connection state — connecting, verify host
 * key, ready, reconnecting in N s (exponential backoff with jitter, 1 s to 30 s), failed with the
 * reason, or disconnected by the operator, who alone restarts it. A stalled stream counts as a
 * drop. The first sample after an outage carries `gapBefore` so no chart bridges the outage.
 */
export class HostConnection {
  private status: HostStatus;
  private live: Connected | null = null;
  private poller: XentopStream | null = null;
  private framesThisStream = 0;
  private everSampled = false;
  private gapPending = false;
  private attempt = 0;
  private manual = true;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stallTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly backoff = new Backoff();
  private guestPcpus: number;
  /** `xl info`'s nr_cpus (every pCPU of the host), once read. */
  private nrCpus: number | null = null;
  private xenVersion: string | null = null;
  private scheduler: string | null = null;
  /** Classes, switches and probes of this host. */
  readonly controls: HostControls;

  constructor(
    readonly def: HostDefinition,
    private readonly listeners: HostListeners,
  ) {
    this.status = statusOf(
      def.id,
      'disconnected',
      def.kind === 'recorded' ? 'Recorded session: read-only.' : null,
    );
    this.guestPcpus = def.guestPcpus;
    this.controls = new HostControls(
      def.id,
      def.profile,
      { ...listeners, onTopology: () => this.guestPcpusFromTopology() },
      () => this.nrCpus ?? this.guestPcpus,
    );
  }

  summary(): HostSummary {
    const { id, name, kind, target, group, profile, sessionId } = this.def;
    const { guestPcpus, xenVersion, scheduler } = this;
    const summary: HostSummary = {
      id,
      name,
      kind,
      target,
      group,
      guestPcpus,
      xenVersion,
      scheduler,
      profile: profile.name,
      capabilities: profile.info.capabilities,
      status: { ...this.status },
      polls: this.controls.polls.stats(),
    };
    return sessionId === undefined ? summary : { ...summary, sessionId };
  }

  get state(): ConnectionState {
    return this.status.state;
  }

  /** Live shell, when connected (for control commands and probes). */
  get shell() {
    return this.live?.shell ?? null;
  }

  start(): void {
    if (!this.manual && this.state !== 'failed') return;
    this.manual = false;
    this.backoff.reset();
    void this.connect();
  }

  /** Manual disconnect: no automatic reconnect afterwards. */
  stop(): void {
    this.manual = true;
    this.attempt++;
    this.teardown();
    this.setState('disconnected', 'Disconnected by the operator.');
  }

  close(): void {
    this.stop();
    this.def.connector.dispose();
  }

  private async connect(): Promise<void> {
    const attempt = ++this.attempt;
    this.setState('connecting', null);
    let connected: Connected;
    try {
      connected = await this.def.connector.connect({
        onVerifying: () =>
          attempt === this.attempt &&
          this.setState('verifying', 'Waiting for you to check the host key.'),
      });
    } catch (error) {
      if (attempt === this.attempt) this.onFailure(error);
      return;
    }
    if (attempt !== this.attempt || this.manual) {
      connected.release();
      return;
    }
    this.live = connected;
    await this.readHostFacts(connected);
    if (attempt !== this.attempt) return;
    this.startStream(attempt);
  }

  /**
   * Host facts from `xl info` on each connect: Xen version and scheduler (for the record and the
   * reports) and, for real hosts, the pCPU count a VM's share is measured against — kept as it
   * was when unreadable.
   */
  private async readHostFacts(connected: Connected): Promise<void> {
    const argv = buildArgv(this.def.profile, { kind: 'host-info' });
    if (!argv.ok) return;
    try {
      const result = await connected.shell.run(argv.value, { timeoutMs: 10_000 });
      const info = parseXlInfo(result.stdout);
      const before = `${this.xenVersion}|${this.scheduler}|${this.guestPcpus}`;
      this.xenVersion = info.xenVersion ?? this.xenVersion;
      this.scheduler = info.scheduler ?? this.scheduler;
      if (result.exitCode === 0 && info.nrCpus && info.nrCpus > 0) this.nrCpus = info.nrCpus;
      if (this.def.readGuestPcpus) {
        if (result.exitCode === 0 && info.nrCpus && info.nrCpus > 0) this.guestPcpus = info.nrCpus;
        else
          this.listeners.onLog?.(
            this.def.id,
            `xl info gave no CPU count (${result.stderr.trim().slice(0, 200)})`,
          );
      }
      if (`${this.xenVersion}|${this.scheduler}|${this.guestPcpus}` !== before)
        this.listeners.onFacts?.(this.def.id);
    } catch (error) {
      this.listeners.onLog?.(this.def.id, `xl info failed: ${(error as Error).message}`);
    }
  }

  /**
   * Once pools and affinity are known, the guests' pCPUs are those they can run on — not `xl
   * info`'s count, which includes a core Domain-0 keeps for itself.
   */
  private guestPcpusFromTopology(): void {
    const vms = this.controls.sched?.vms ?? [];
    const cpus = new Set(vms.flatMap((v) => v.pcpus ?? []));
    if (cpus.size === 0 || vms.some((v) => !v.pcpus) || cpus.size === this.guestPcpus) return;
    this.guestPcpus = cpus.size;
    this.listeners.onFacts?.(this.def.id);
  }

  private startStream(attempt: number): void {
    this.framesThisStream = 0;
    this.poller = new XentopStream({
      shell: this.live!.shell,
      argv: xentopStreamArgv(this.def.profile),
      onFrame: (frame, t) => {
        if (attempt !== this.attempt) return;
        const first = this.framesThisStream++ === 0;
        if (first) {
          this.backoff.connected();
          this.setState('ready', null);
          if (this.live) this.controls.live(this.live.shell);
        }
        this.armStallTimer(attempt);
        const gap = this.gapPending;
        this.gapPending = false;
        this.everSampled = true;
        this.listeners.onSample(
          toHostSample(this.def.id, frame, t, this.guestPcpus, first, gap, this.controls.sched),
        );
      },
      onStderr: (line) => this.listeners.onLog?.(this.def.id, `xentop: ${line}`),
      onClose: (code, error) => {
        if (attempt !== this.attempt || this.manual) return;
        const why = error ? error.message : `xentop exited with status ${code ?? 'unknown'}`;
        this.drop(why);
      },
    });
    this.poller.start();
    this.armStallTimer(attempt);
  }

  private armStallTimer(attempt: number): void {
    if (this.stallTimer) clearTimeout(this.stallTimer);
    const stallMs = this.def.stallMs ?? 3000;
    this.stallTimer = setTimeout(
      () => {
        if (attempt === this.attempt && !this.manual)
          this.drop(`no xentop frame for ${stallMs / 1000} s`);
      },
      stallMs + (this.framesThisStream === 0 ? 2000 : 0),
    );
  }

  private drop(reason: string): void {
    this.listeners.onLog?.(this.def.id, `connection dropped: ${reason}`);
    this.attempt++;
    this.teardown();
    this.backoff.disconnected();
    this.scheduleReconnect(reason);
  }

  private onFailure(error: unknown): void {
    const ce = error instanceof ConnectError ? error : null;
    const message = error instanceof Error ? error.message : String(error);
    this.listeners.onLog?.(this.def.id, `connect failed: ${message}`);
    this.teardown();
    if (ce?.fatal) {
      this.manual = true;
      this.status = {
        ...statusOf(this.def.id, 'failed', message),
        errorCode: ce.code,
        keyChange: ce.keyChange,
      };
      this.listeners.onStatus({ ...this.status });
      return;
    }
    this.scheduleReconnect(message);
  }

  private scheduleReconnect(reason: string): void {
    this.gapPending ||= this.everSampled;
    const delay = this.backoff.nextDelayMs();
    const retryAt = Date.now() + delay;
    this.status = { ...statusOf(this.def.id, 'reconnecting', reason), retryAt };
    this.listeners.onStatus({ ...this.status });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.manual) void this.connect();
    }, delay);
  }

  private teardown(): void {
    this.controls.down();
    if (this.timer) clearTimeout(this.timer);
    if (this.stallTimer) clearTimeout(this.stallTimer);
    this.timer = this.stallTimer = null;
    const poller = this.poller;
    const live = this.live;
    this.poller = null;
    this.live = null;
    poller?.stop();
    live?.release();
  }

  private setState(state: ConnectionState, message: string | null): void {
    this.status = statusOf(this.def.id, state, message);
    this.listeners.onStatus({ ...this.status });
  }
}

function statusOf(hostId: HostId, state: ConnectionState, message: string | null): HostStatus {
  return {
    hostId,
    state,
    message,
    since: Date.now(),
    retryAt: null,
    errorCode: null,
    keyChange: null,
  };
}

export { ConnectError };
