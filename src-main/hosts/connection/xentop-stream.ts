import type { HostShell, StreamHandle } from '../../common/host-shell';
import { parseXentopFrame, XentopFrameSplitter, type XentopFrame } from '../../xen/xentop/index';

export interface XentopStreamOptions {
  shell: HostShell;
  /** e.g. `['xentop', '-b', '-d', '1']`, built by the host's profile. */
  argv: readonly string[];
  onFrame(frame: XentopFrame, receivedAt: number): void;
  /** stderr lines (libxenstat warnings) are chatter, not data: reported, never parsed. */
  onStderr?(line: string): void;
  /**
   * The stream ended: the command exited, the link dropped, or the host sent what xentop never
   * prints (the error says which; the stream was stopped).
   */
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
const STDERR_LINE_MAX = 4096;

export class XentopStream {
  private handle: StreamHandle | null = null;
  private splitter = new XentopFrameSplitter();
  private quietTimer: ReturnType<typeof setTimeout> | null = null;
  private stderrBuffer = '';
  private misbehaved: string | null = null;

  constructor(private readonly options: XentopStreamOptions) {}

  get running(): boolean {
    return this.handle !== null;
  }

  start(): void {
    if (this.handle) return;
    this.splitter = new XentopFrameSplitter();
    this.misbehaved = null;
    this.handle = this.options.shell.stream(this.options.argv, {
      onStdout: (chunk) => this.onChunk(chunk),
      onStderr: (chunk) => this.onStderrChunk(chunk),
      onClose: (code, error) => {
        this.clearQuietTimer();
        // The last iteration has no next header to end it: take it if it arrived whole.
        const rest = this.splitter.flushComplete();
        if (rest !== null && this.handle) this.emit(rest);
        this.handle = null;
        this.options.onClose(code, this.misbehaved ? new Error(this.misbehaved) : error);
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
    const failure = this.splitter.failure;
    if (failure) {
      this.misbehaved = `the host's xentop output is not what xentop prints (${failure})`;
      this.clearQuietTimer();
      this.handle?.stop();
      return;
    }
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
    // stderr is chatter: a line that never ends is reported in pieces, not kept growing.
    if (this.stderrBuffer.length > STDERR_LINE_MAX) {
      lines.push(this.stderrBuffer.slice(0, STDERR_LINE_MAX));
      this.stderrBuffer = '';
    }
    for (const line of lines) if (line.trim()) this.options.onStderr?.(line);
  }

  private clearQuietTimer(): void {
    if (this.quietTimer) clearTimeout(this.quietTimer);
    this.quietTimer = null;
  }
}
