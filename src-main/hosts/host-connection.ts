import type { HostShell } from '../common/host-shell';
import type {
  ConnectionState,
  HostId,
  HostSample,
  HostStatus,
  HostSummary,
} from '../common/model';
import { buildArgv } from '../xen/argv';
import type { ResolvedProfile } from '../xen/profiles';
import { toHostSample } from './sample-mapper';
import { XentopPoller } from './xentop-poller';

export interface HostDefinition {
  id: HostId;
  name: string;
  kind: HostSummary['kind'];
  /** pCPUs the guests share (the demo host: one, as in the paper's setup). */
  guestPcpus: number;
  shell: HostShell;
  /** Maps every action to argv for this host (DESIGN.md "The host interface"). */
  profile: ResolvedProfile;
}

/** The one long-lived stream per host: `xentop -b -d 1`, as the host's profile spells it. */
export function xentopStreamArgv(profile: ResolvedProfile): string[] {
  const argv = buildArgv(profile, { kind: 'xentop', delaySec: 1 });
  // delaySec 1 is always valid; a failure here is a programming error, not bad input.
  if (!argv.ok) throw new Error(argv.error.message);
  return argv.value;
}

export interface HostListeners {
  onSample(sample: HostSample): void;
  onStatus(status: HostStatus): void;
  onLog?(hostId: HostId, line: string): void;
}

/** Delay before the stream is started again after it ended by itself (issue 5 adds backoff). */
const RESTART_DELAY_MS = 1000;

/**
 * One host: its transport, its xentop stream and its connection state. Samples and state
 * changes go to the listeners; nothing here knows about the UI.
 */
export class HostConnection {
  private status: HostStatus;
  private readonly poller: XentopPoller;
  private framesSinceStart = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private stoppedByOperator = false;

  constructor(
    readonly def: HostDefinition,
    private readonly listeners: HostListeners,
  ) {
    this.status = { hostId: def.id, state: 'disconnected', message: null, since: Date.now() };
    this.poller = new XentopPoller({
      shell: def.shell,
      argv: xentopStreamArgv(def.profile),
      onFrame: (frame, t) => {
        const first = this.framesSinceStart++ === 0;
        if (first) this.setState('ready', null);
        this.listeners.onSample(toHostSample(def.id, frame, t, def.guestPcpus, first));
      },
      onStderr: (line) => this.listeners.onLog?.(def.id, `xentop: ${line}`),
      onClose: (code, error) => this.onStreamClosed(code, error),
    });
  }

  summary(): HostSummary {
    const { id, name, kind, guestPcpus } = this.def;
    return { id, name, kind, guestPcpus, status: { ...this.status } };
  }

  start(): void {
    this.stoppedByOperator = false;
    this.framesSinceStart = 0;
    this.setState('connecting', null);
    this.poller.start();
  }

  /** Manual disconnect: no automatic restart afterwards. */
  stop(): void {
    this.stoppedByOperator = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.poller.stop();
    this.setState('disconnected', 'Disconnected by the operator.');
  }

  close(): void {
    this.stop();
    this.def.shell.close();
  }

  private onStreamClosed(code: number | null, error?: Error): void {
    if (this.stoppedByOperator) return;
    const why = error ? error.message : `xentop exited with status ${code ?? 'unknown'}`;
    this.listeners.onLog?.(this.def.id, `stream ended: ${why}`);
    this.setState('reconnecting', `${why}; restarting in ${RESTART_DELAY_MS / 1000} s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (!this.stoppedByOperator) this.start();
    }, RESTART_DELAY_MS);
  }

  private setState(state: ConnectionState, message: string | null): void {
    this.status = { hostId: this.def.id, state, message, since: Date.now() };
    this.listeners.onStatus({ ...this.status });
  }
}
