/**
 * A connect deadline that stops counting while the operator is being asked something (the host
 * key dialog, a passphrase, a password): a person's think time is not a network timeout. ssh2's
 * own readyTimeout cannot pause, so it is disabled and this one is used instead.
 */
export class Deadline {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private remainingMs: number;
  private startedAt = 0;
  private pauses = 0;
  private done = false;

  constructor(
    totalMs: number,
    private readonly onExpire: () => void,
  ) {
    this.remainingMs = totalMs;
    this.arm();
  }

  /** Runs `wait` with the clock stopped; nested and overlapping waits are fine. */
  async paused<T>(wait: () => Promise<T>): Promise<T> {
    this.pause();
    try {
      return await wait();
    } finally {
      this.resume();
    }
  }

  cancel(): void {
    this.done = true;
    this.disarm();
  }

  private pause(): void {
    if (this.pauses++ === 0 && this.timer) {
      this.remainingMs -= Date.now() - this.startedAt;
      this.disarm();
    }
  }

  private resume(): void {
    if (--this.pauses === 0) this.arm();
  }

  private arm(): void {
    if (this.done) return;
    this.startedAt = Date.now();
    this.timer = setTimeout(
      () => {
        this.done = true;
        this.onExpire();
      },
      Math.max(0, this.remainingMs),
    );
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
