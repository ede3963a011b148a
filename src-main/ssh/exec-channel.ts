/**
 * One command on one exec channel, in the two shapes HostShell offers: collected to completion
 * with a timeout (`run`, probes), or streamed chunk by chunk until it ends or is stopped.
 */
import { StringDecoder } from 'node:string_decoder';
import type { ClientChannel } from 'ssh2';
import type { CommandResult, StreamHandle, StreamHandlers } from '../common/host-shell';
import { SshError } from './errors';

export const DEFAULT_RUN_TIMEOUT_MS = 10_000;
/** How long a stopped stream waits for the server to close its channel before reporting closed. */
const STOP_GRACE_MS = 3_000;

const EXIT = Symbol('exit status');
type Recorded = ClientChannel & { [EXIT]?: number | null };

/**
 * Called in ssh2's exec callback, before any promise hop: the server's exit-status often comes in
 * the same read as the channel's success, and ssh2 emits 'exit' at once — a listener attached a
 * microtask later would miss it (seen with ssh2's pure-JS crypto: every exit code came back null).
 */
export function recordExit(ch: ClientChannel): ClientChannel {
  ch.once(
    'exit',
    (code: number | null) => ((ch as Recorded)[EXIT] = typeof code === 'number' ? code : null),
  );
  return ch;
}

/** The exit status recorded so far: a number, null for a signal, undefined when none came yet. */
const exitOf = (ch: ClientChannel): number | null | undefined => (ch as Recorded)[EXIT];

export interface ChannelSource {
  /** Opens an exec channel for argv (quoted by the caller's joinArgv). */
  open(argv: readonly string[]): Promise<ClientChannel>;
  /** The connection's drop error once it is gone (a channel's end then means the link died). */
  closedError(): SshError | null;
}

export function collectCommand(
  channels: ChannelSource,
  argv: readonly string[],
  timeoutMs = DEFAULT_RUN_TIMEOUT_MS,
): Promise<CommandResult> {
  let channel: ClientChannel | null = null;
  let timedOut = false;
  const opening = channels.open(argv);
  return new Promise<CommandResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      timedOut = true;
      reject(
        new SshError(
          'command-timeout',
          `${argv[0] ?? 'command'} did not finish within ${timeoutMs} ms`,
        ),
      );
      if (channel) {
        try {
          channel.signal('KILL');
        } catch {
          // closing anyway
        }
        channel.close();
      }
    }, timeoutMs);
    opening.then(
      (ch) => {
        channel = ch;
        if (timedOut) return ch.close();
        const stdout: Buffer[] = [];
        const stderr: Buffer[] = [];
        ch.on('data', (chunk: Buffer) => stdout.push(chunk));
        ch.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
        ch.on('close', () => {
          const exitCode = exitOf(ch);
          clearTimeout(timer);
          if (timedOut) return;
          const lost = channels.closedError();
          if (exitCode === undefined && lost) return reject(lost);
          resolve({
            stdout: Buffer.concat(stdout).toString('utf8'),
            stderr: Buffer.concat(stderr).toString('utf8'),
            exitCode: exitCode ?? null,
          });
        });
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(asSshError(error));
      },
    );
  });
}

export function streamCommand(
  channels: ChannelSource,
  argv: readonly string[],
  handlers: StreamHandlers,
): StreamHandle {
  let channel: ClientChannel | null = null;
  let stopped = false;
  let finished = false;
  let exitCode: number | null = null;
  const out = new StringDecoder('utf8');
  const err = new StringDecoder('utf8');
  const finish = (error?: SshError): void => {
    if (finished) return;
    finished = true;
    const tailOut = out.end();
    const tailErr = err.end();
    if (tailOut) handlers.onStdout(tailOut);
    if (tailErr) handlers.onStderr(tailErr);
    handlers.onClose(exitCode, error);
  };
  const stop = (ch: ClientChannel): void => {
    // Closing the channel closes the command's pipes: xentop dies of SIGPIPE at its next write
    // and sshd then closes the channel. The signal helps where sshd can deliver it (not for root
    // logins, which run without privilege separation). A command that never writes again would
    // hold its channel open, so onClose does not wait for the server forever.
    try {
      ch.signal('TERM');
    } catch {
      // the channel may already be closing
    }
    ch.close();
    setTimeout(() => finish(), STOP_GRACE_MS).unref();
  };
  channels
    .open(argv)
    .then((ch) => {
      channel = ch;
      ch.on('data', (chunk: Buffer) => !finished && handlers.onStdout(out.write(chunk)));
      ch.stderr.on('data', (chunk: Buffer) => !finished && handlers.onStderr(err.write(chunk)));
      ch.on('exit', () => (exitCode = exitOf(ch) ?? null));
      exitCode = exitOf(ch) ?? null;
      // ssh2 reports the connection's close before it closes the channels, so a drop is known here.
      ch.on('close', () => finish(channels.closedError() ?? undefined));
      if (stopped) stop(ch);
    })
    .catch((error: unknown) => finish(asSshError(error)));
  return {
    stop: () => {
      if (stopped || finished) return;
      stopped = true;
      if (channel) stop(channel);
    },
  };
}

export function asSshError(error: unknown): SshError {
  if (error instanceof SshError) return error;
  return new SshError('protocol', (error as Error)?.message ?? String(error), { cause: error });
}
