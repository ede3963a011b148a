import type { HostShell, StreamHandle } from '../../common/host-shell';
import { parseXentopFrame, XentopFrameSplitter, type XentopFrame } from '../../xen/xentop/index';

export interface XentopStreamOptions {
  shell: HostShell;
  /** e.g. `['xentop', '-b', '-d', '1']`, built by the host's profile. */
  argv: readonly string[];
  onFrame(frame: XentopFrame, receivedAt: number): void;
  /** stderr lines (libxenstat warnings) are chatter, not data: reported, never parsed. */
  onStderr?(line: string): void;
  onClose(exitCode: number | null, error?: Error): void;
  /**
   * xentop flushes after each iteration but the next header comes only a delay later, so an
   * iteration is taken as complete after this much quiet (ms) rather than a whole interval late.
   */
  quietMs?: number;
}

/**
 * One long-lived `xentop -b -d 1` stream per host: chunks go through the frame
 * splitter, each complete iteration is parsed once and handed on. Never two streams at once
 * (start() does nothing while one runs: a second would double the host's load and every sample).
 */
export class XentopStream {
  private handle: StreamHandle | null = null;
  private splitter = new XentopFrameSplitter();
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private stderrBuffer = '';

  constructor(private readonly options: XentopStreamOptions) {}

  get running(): boolean {
    return this.handle !== null;
  }

  start(): void {
    if (this.handle) return;
    this.splitter = new XentopFrameSplitter();
    this.handle = this.options.shell.stream(this.options.argv, {
      onStdout: (chunk) => this.onChunk(chunk),
      onStderr: (chunk) => this.onStderrChunk(chunk),
      onClose: (code, error) => {
        this.clearQuietTimer();
        // The last iteration has no next header to end it: take it if it arrived whole.
        const rest = this.splitter.flushComplete();
        if (rest !== null && this.handle) this.emit(rest);
        this.handle = null;
        this.options.onClose(code, error);
      },
    });
  }

  stop(): void {
    this.clearQuietTimer();
    this.handle?.stop();
    this.handle = null;
  }

  private onChunk(chunk: string): void {
    for (const text of this.splitter.push(chunk)) this.emit(text);
    this.clearQuietTimer();
    this.quietTimer = setTimeout(() => {
      this.quietTimer = null;
      const text = this.splitter.flushComplete();
      if (text !== null) this.emit(text);
    }, this.options.quietMs ?? 150);
  }

  private emit(text: string): void {
    this.options.onFrame(parseXentopFrame(text), Date.now());
  }

  private onStderrChunk(chunk: string): void {
    this.stderrBuffer += chunk;
    const lines = this.stderrBuffer.split('\n');
    this.stderrBuffer = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.options.onStderr?.(line);
  }

  private clearQuietTimer(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }
}
