/**
 * A host is a shell that answers commands with text. Both transports implement this:
 * ssh/ runs argv on a real dom0, sim/ answers from the scheduler simulation. Everything above the
 * transport (parsers, pollers, charts) sees only this interface, so the demo exercises the real path.
 *
 * argv is always an array of validated values; a transport that needs a single command line (SSH
 * exec) joins it with POSIX single-quote escaping, never by pasting strings.
 */
export interface CommandResult {
  stdout: string;
  stderr: string;
  /** Exit status; null when the command was killed by a signal or the channel dropped. */
  exitCode: number | null;
}

export interface RunOptions {
  /** Milliseconds before the command is abandoned with a timeout error. */
  timeoutMs?: number;
}

/** Callbacks of a long-lived command such as `xentop -b -d 1`. */
export interface StreamHandlers {
  /** A chunk of stdout exactly as it arrived: chunks may split lines and frames anywhere. */
  onStdout(chunk: string): void;
  onStderr(chunk: string): void;
  /** The command ended (exitCode) or the link dropped (error). Called exactly once. */
  onClose(exitCode: number | null, error?: Error): void;
}

export interface StreamHandle {
  /** Stop the command; onClose is still called once. */
  stop(): void;
}

/** One command of a batch: its result, or why it could not run. */
export type BatchOutcomeLike = { ok: true; result: CommandResult } | { ok: false; error: Error };

export interface HostShell {
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
  /**
   * Several commands at once on separate channels (probes), where the transport can: SSH
   * queues `run` one at a time, so probes must not go through it. Never rejects.
   */
  runBatch?(
    commands: readonly (readonly string[])[],
    options?: RunOptions,
  ): Promise<BatchOutcomeLike[]>;
  stream(argv: readonly string[], handlers: StreamHandlers): StreamHandle;
  /** Release the connection or the simulation clock. */
  close(): void;
}
