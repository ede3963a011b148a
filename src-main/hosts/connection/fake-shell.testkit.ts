import type { CommandResult, HostShell, StreamHandlers } from '../../common/host-shell';

/**
 * Test helper (used only by *.spec.ts): a host that replays canned stdout chunks for a stream,
 * one chunk per `stepMs`, then ends with `exitCode` — to drive pollers without a real host.
 */
export class ReplayShell implements HostShell {
  readonly streams: Array<readonly string[]> = [];
  closed = false;

  constructor(
    private readonly chunks: readonly string[],
    private readonly stepMs = 20,
    private readonly exitCode: number | null = 0,
  ) {}

  async run(_argv?: readonly string[]): Promise<CommandResult> {
    return { stdout: '', stderr: 'not scripted', exitCode: 127 };
  }

  stream(argv: readonly string[], handlers: StreamHandlers) {
    this.streams.push(argv);
    let i = 0;
    let stopped = false;
    const tick = () => {
      if (stopped) return;
      const chunk = this.chunks[i++];
      if (chunk === undefined) {
        stopped = true;
        handlers.onClose(this.exitCode);
        return;
      }
      handlers.onStdout(chunk);
      setTimeout(tick, this.stepMs);
    };
    setTimeout(tick, this.stepMs);
    return {
      stop: () => {
        if (stopped) return;
        stopped = true;
        handlers.onClose(null);
      },
    };
  }

  close(): void {
    this.closed = true;
  }
}

/** Cuts text into pieces at the given offsets, to prove chunk boundaries do not matter. */
export function cutAt(text: string, offsets: readonly number[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const at of offsets) {
    pieces.push(text.slice(from, at));
    from = at;
  }
  pieces.push(text.slice(from));
  return pieces.filter((p) => p.length > 0);
}
