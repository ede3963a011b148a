/**
 * The one place a host's periodic commands are timed: the scheduler listing, the latency probe
 * rounds. Each action ticks at its own interval; when a tick finds the action's previous run
 * still in flight (a slow listing on a loaded dom0, a probe round of timed-out pings), no second
 * command is stacked on the same SSH connection: the tick is counted as skipped and the action
 * runs once more as soon as the run in flight ends (however many ticks it missed), so a slow
 * action runs back to back rather than at half its rate. The counts are part of the host's
 * summary, so the operator sees when a host cannot keep up.
 */
export interface PollStats {
  action: string;
  intervalMs: number;
  runs: number;
  /** Ticks that found the previous run still going (the action ran again right after it). */
  skips: number;
  /** Duration of the last finished run. */
  lastMs: number | null;
}

interface Poll extends PollStats {
  interval: () => number;
  task: () => Promise<void>;
  timer: ReturnType<typeof setTimeout> | null;
  inFlight: boolean;
  /** A tick came while in flight: run again when the run ends. */
  owed: boolean;
  /** Added once, to the interval after the first tick (see `every`). */
  phaseMs: number;
}

export class PollScheduler {
  private readonly polls = new Map<string, Poll>();

  constructor(
    /** A tick was skipped: the action and its skip count so far. */
    private readonly onSkip: (action: string, skips: number, stats: PollStats) => void = () =>
      undefined,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Runs `task` every `interval()` ms (read again at each tick, so settings apply at once), the
   * first time after `firstDelayMs`; the second tick comes `phaseMs` later than the interval, and
   * the cadence keeps that phase (hosts connected together then poll at different moments). A
   * task's errors are its own to report: a rejection is swallowed here so the next tick still
   * comes.
   */
  every(
    action: string,
    interval: () => number,
    task: () => Promise<void>,
    firstDelayMs = 0,
    phaseMs = 0,
  ): void {
    this.stop(action);
    const poll: Poll = {
      action,
      intervalMs: interval(),
      runs: 0,
      skips: 0,
      lastMs: null,
      interval,
      task,
      timer: null,
      inFlight: false,
      owed: false,
      phaseMs,
    };
    this.polls.set(action, poll);
    this.arm(poll, firstDelayMs);
  }

  /** Runs an action now, outside its cadence (e.g. a read-back after a switch), unless in flight. */
  async runNow(action: string): Promise<boolean> {
    const poll = this.polls.get(action);
    if (!poll || poll.inFlight) return false;
    await this.run(poll);
    return true;
  }

  stop(action: string): void {
    const poll = this.polls.get(action);
    if (poll?.timer) clearTimeout(poll.timer);
    this.polls.delete(action);
  }

  stopAll(): void {
    for (const action of [...this.polls.keys()]) this.stop(action);
  }

  stats(): PollStats[] {
    return [...this.polls.values()].map(({ action, intervalMs, runs, skips, lastMs }) => ({
      action,
      intervalMs,
      runs,
      skips,
      lastMs,
    }));
  }

  private arm(poll: Poll, delayMs: number): void {
    poll.timer = setTimeout(() => {
      poll.timer = null;
      if (this.polls.get(poll.action) !== poll) return;
      poll.intervalMs = poll.interval();
      this.arm(poll, poll.intervalMs + poll.phaseMs);
      poll.phaseMs = 0;
      if (poll.inFlight) {
        poll.skips++;
        poll.owed = true;
        this.onSkip(poll.action, poll.skips, { ...poll });
        return;
      }
      void this.run(poll);
    }, delayMs);
  }

  private async run(poll: Poll): Promise<void> {
    poll.inFlight = true;
    const t0 = this.now();
    try {
      await poll.task();
    } catch {
      // The task reports its own failures; the cadence goes on.
    } finally {
      poll.inFlight = false;
      poll.runs++;
      poll.lastMs = this.now() - t0;
    }
    if (poll.owed && this.polls.get(poll.action) === poll) {
      poll.owed = false;
      await this.run(poll);
    }
  }
}
