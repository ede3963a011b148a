/**
 * A real Xen dom0 as a HostShell: one ssh2 connection per host, TCP no-delay,
 * keepalive; `stream` on its own long-lived exec channel, `run` one control command at a time,
 * `runBatch` probes with a bounded number of channels (sshd's MaxSessions defaults to 10: at most 8
 * probes, leaving room for the stream and the control channel). argv becomes a command line only
 * through joinArgv's POSIX quoting.
 */
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import type {
  CommandResult,
  HostShell,
  RunOptions,
  StreamHandle,
  StreamHandlers,
} from '../common/host-shell';
import { joinArgv } from '../common/shell-quote';
import { openClient, type SshConnectOptions, type VerifiedHostKey } from './connect';
import { SshError } from './errors';
import {
  asSshError,
  collectCommand,
  recordExit,
  streamCommand,
  type ChannelSource,
} from './exec-channel';
import { Semaphore } from './semaphore';

export { DEFAULT_RUN_TIMEOUT_MS } from './exec-channel';
/** sshd's MaxSessions is 10 by default: 8 probes + 1 control + 1 stream. */
export const MAX_PROBE_CHANNELS = 8;
const OPEN_RETRY_DELAYS_MS = [10, 30, 100, 300];

export type BatchOutcome = { ok: true; result: CommandResult } | { ok: false; error: SshError };

export interface BatchOptions extends RunOptions {
  /** Channels open at once for this shell's probes; clamped to 1..8. Default 8. */
  concurrency?: number;
}

export interface SshShellConnectOptions extends SshConnectOptions {
  /** Reach the host through this already-connected jump host (ProxyJump); closed with us. */
  via?: SshShell;
}

type CloseListener = (error?: SshError) => void;

export class SshShell implements HostShell {
  private controlTail: Promise<unknown> = Promise.resolve();
  private readonly probes = new Semaphore(MAX_PROBE_CHANNELS);
  private readonly listeners = new Set<CloseListener>();
  private closedError: SshError | null = null;
  private closedByUs = false;
  private lastError: Error | null = null;
  private readonly channels: ChannelSource = {
    open: (argv) => this.openChannel(argv),
    closedError: () => this.closedError,
  };

  private constructor(
    private readonly client: Client,
    readonly host: string,
    readonly port: number,
    readonly hostKey: VerifiedHostKey,
    private readonly via: SshShell | undefined,
  ) {
    client.on('error', (error) => (this.lastError = error));
    client.on('close', () => this.onConnectionClosed());
  }

  /** Connects, verifies the host key (asking the operator if unknown) and logs in. */
  static async connect(options: SshShellConnectOptions): Promise<SshShell> {
    const port = options.port ?? 22;
    const via = options.via;
    const sock: Duplex | undefined = via ? await via.forwardOut(options.host, port) : undefined;
    try {
      return await openClient(
        options,
        (client, hostKey) => new SshShell(client, options.host, port, hostKey, via),
        sock,
      );
    } catch (error) {
      sock?.destroy();
      throw error;
    }
  }

  /** True once the connection is gone, whether we closed it or it dropped. */
  get closed(): boolean {
    return this.closedError !== null || this.closedByUs;
  }

  /** Called once when the connection ends: with an error when it dropped, without when closed. */
  onClose(listener: CloseListener): () => void {
    if (this.closed) {
      queueMicrotask(() => listener(this.closedError ?? undefined));
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const job = this.controlTail.then(() => collectCommand(this.channels, argv, options.timeoutMs));
    this.controlTail = job.catch(() => undefined);
    return job;
  }

  /** Runs independent probes with at most `concurrency` channels open; never rejects. */
  runBatch(
    commands: readonly (readonly string[])[],
    options: BatchOptions = {},
  ): Promise<BatchOutcome[]> {
    const limit = Math.max(
      1,
      Math.min(MAX_PROBE_CHANNELS, options.concurrency ?? MAX_PROBE_CHANNELS),
    );
    const local = new Semaphore(limit);
    return Promise.all(
      commands.map((argv) =>
        local.use(() =>
          this.probes.use(() =>
            collectCommand(this.channels, argv, options.timeoutMs).then(
              (result): BatchOutcome => ({ ok: true, result }),
              (error: unknown): BatchOutcome => ({ ok: false, error: asSshError(error) }),
            ),
          ),
        ),
      ),
    );
  }

  stream(argv: readonly string[], handlers: StreamHandlers): StreamHandle {
    return streamCommand(this.channels, argv, handlers);
  }

  /** A TCP channel from this host to host:port, to be the `sock` of the next hop (ProxyJump). */
  forwardOut(host: string, port: number): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      if (this.closed)
        return reject(this.closedError ?? new SshError('closed', `${this.host} is closed`));
      this.client.forwardOut('127.0.0.1', 0, host, port, (error, channel) => {
        if (error) {
          reject(
            new SshError(
              'channel-open-failed',
              `jump host ${this.host} could not reach ${host}:${port}: ${error.message}`,
              { cause: error },
            ),
          );
        } else {
          resolve(channel);
        }
      });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closedByUs = true;
    this.client.end();
    this.via?.close();
  }

  /**
   * Opens an exec channel, retrying a refusal a few times: sshd frees a closed session only at the
   * end of its event-loop pass, so an open right behind a close can briefly see MaxSessions full.
   */
  private async openChannel(argv: readonly string[]): Promise<ClientChannel> {
    let command: string;
    try {
      command = joinArgv(argv);
    } catch (error) {
      throw new SshError('invalid-command', (error as Error).message, { cause: error });
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.execOnce(command);
      } catch (error) {
        if (this.closed)
          throw (
            this.closedError ?? new SshError('closed', `the connection to ${this.host} was closed`)
          );
        if (attempt >= OPEN_RETRY_DELAYS_MS.length) {
          throw new SshError(
            'channel-open-failed',
            `${this.host} refused a channel for ${argv[0]}: ${(error as Error).message}`,
            { cause: error },
          );
        }
        await new Promise((r) => setTimeout(r, OPEN_RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  private execOnce(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      if (this.closed)
        return reject(
          this.closedError ?? new SshError('closed', `the connection to ${this.host} was closed`),
        );
      this.client.exec(command, (error, channel) =>
        error ? reject(error) : resolve(recordExit(channel)),
      );
    });
  }

  private dropError(): SshError {
    if (this.closedError) return this.closedError;
    const viaError = this.via?.closedError;
    const detail = viaError
      ? `via jump host ${this.via?.host}: ${viaError.message}`
      : (this.lastError?.message ?? 'the server closed the connection');
    return new SshError(
      'connection-lost',
      `lost the connection to ${this.host}:${this.port} (${detail})`,
      { cause: this.lastError ?? viaError ?? undefined },
    );
  }

  private onConnectionClosed(): void {
    if (!this.closedByUs) this.closedError = this.dropError();
    const error = this.closedError ?? undefined;
    for (const listener of [...this.listeners]) listener(error);
    this.listeners.clear();
    this.via?.close();
  }
}
