import type {
  CommandResult,
  HostShell,
  RunOptions,
  StreamHandle,
  StreamHandlers,
} from '../common/host-shell';
import { emulateCommand, type EmulatedHost } from './emulation/emulate-command';
import { streamXentop } from './emulation/emulate-xentop';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The simulated host as a HostShell: the same interface an SSH connection offers, answered by the
 * command emulation from the scheduler simulation. Pollers and parsers cannot tell the two apart.
 */
export class SimShell implements HostShell {
  private readonly streams = new Set<StreamHandle>();
  private closed = false;

  constructor(private readonly host: EmulatedHost) {}

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    if (this.closed) return { stdout: '', stderr: 'connection closed\n', exitCode: null };
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<CommandResult>((resolve) => {
      timer = setTimeout(
        () => resolve({ stdout: '', stderr: `timed out after ${timeoutMs} ms\n`, exitCode: null }),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([emulateCommand(argv, this.host), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  stream(argv: readonly string[], handlers: StreamHandlers): StreamHandle {
    const base = (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1);
    const tracked: StreamHandlers = {
      ...handlers,
      onClose: (code, error) => {
        this.streams.delete(handle);
        handlers.onClose(code, error);
      },
    };
    let handle: StreamHandle;
    if (base === 'xentop') {
      handle = streamXentop(argv, this.host, tracked);
    } else {
      // Any other command streams its whole output once, then ends, as over SSH.
      let done = false;
      handle = { stop: () => void (done || ((done = true), tracked.onClose(null))) };
      void this.run(argv).then((r) => {
        if (done) return;
        if (r.stdout) tracked.onStdout(r.stdout);
        if (r.stderr) tracked.onStderr(r.stderr);
        done = true;
        tracked.onClose(r.exitCode);
      });
    }
    this.streams.add(handle);
    return handle;
  }

  close(): void {
    this.closed = true;
    for (const s of [...this.streams]) s.stop();
    this.streams.clear();
  }
}
