/**
 * A ping from Domain-0 to a guest, measured in simulated time:
 * RTT = network delay both ways + wait until the guest runs + the guest's handling burst.
 * Results fill in as the simulation advances, so the wall-clock-paced demo host can stream them
 * like `ping` does; experiments just advance past doneAtUs.
 */
export interface SimClock {
  readonly now: number;
}

export class PingProbe {
  readonly sendUs: Float64Array;
  /** When the reply reaches Domain-0; NaN until then (or forever, if the guest never answers). */
  readonly replyUs: Float64Array;
  /** Every seq has replied or timed out by then. */
  readonly doneAtUs: number;

  constructor(
    readonly domid: number,
    readonly count: number,
    readonly intervalUs: number,
    readonly timeoutUs: number,
    readonly startUs: number,
    private readonly clock: SimClock,
  ) {
    this.sendUs = new Float64Array(count).fill(NaN);
    this.replyUs = new Float64Array(count).fill(NaN);
    // Sends are jittered by up to ±10 % of the interval (see core.ts), hence the 1.1.
    this.doneAtUs = startUs + Math.ceil((count - 1) * intervalUs * 1.1) + timeoutUs;
  }

  /** RTT of one seq as of now: ms, null when lost or later than the timeout, undefined while pending. */
  rttMsAt(seq: number): number | null | undefined {
    const now = this.clock.now;
    const sent = this.sendUs[seq]!;
    if (Number.isNaN(sent) || sent > now) return undefined;
    const reply = this.replyUs[seq]!;
    if (!Number.isNaN(reply) && reply <= now) {
      const rtt = reply - sent;
      return rtt <= this.timeoutUs ? rtt / 1000 : null;
    }
    return now >= sent + this.timeoutUs ? null : undefined;
  }

  rttMs(): (number | null | undefined)[] {
    return Array.from({ length: this.count }, (_, i) => this.rttMsAt(i));
  }

  isDone(): boolean {
    return this.clock.now >= this.doneAtUs || this.rttMs().every((r) => r !== undefined);
  }
}
