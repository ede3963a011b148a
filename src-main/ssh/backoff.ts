/**
 * Reconnect delays: exponential from 1 s, doubling, capped at 30 s, with "equal
 * jitter" — half the step fixed, half random — so a rack of hosts that dropped together does not
 * reconnect in lockstep, yet no delay is ever below half its step or above the cap. The attempt
 * count resets once a connection has stayed healthy for a while, not merely on connecting: a host
 * that accepts and then drops at once keeps backing off.
 */
export interface BackoffOptions {
  initialMs?: number;
  factor?: number;
  maxMs?: number;
  /** A connection up this long counts as healthy and resets the backoff. Default 30 s. */
  healthyAfterMs?: number;
  /** Uniform in [0, 1); inject a seeded one in tests. */
  random?: () => number;
  now?: () => number;
}

export class Backoff {
  private attempt = 0;
  private connectedAt: number | null = null;
  private readonly initialMs: number;
  private readonly factor: number;
  private readonly maxMs: number;
  private readonly healthyAfterMs: number;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 1_000;
    this.factor = options.factor ?? 2;
    this.maxMs = options.maxMs ?? 30_000;
    this.healthyAfterMs = options.healthyAfterMs ?? 30_000;
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next reconnect attempt. */
  nextDelayMs(): number {
    this.settleHealth();
    const step = Math.min(this.maxMs, this.initialMs * this.factor ** this.attempt);
    this.attempt++;
    return Math.round(step / 2 + (this.random() * step) / 2);
  }

  /** The link came up; if it stays up `healthyAfterMs`, the next drop starts from 1 s again. */
  connected(): void {
    this.connectedAt = this.now();
  }

  /** The link went down (or an attempt failed). */
  disconnected(): void {
    this.settleHealth();
    this.connectedAt = null;
  }

  reset(): void {
    this.attempt = 0;
    this.connectedAt = null;
  }

  private settleHealth(): void {
    if (this.connectedAt !== null && this.now() - this.connectedAt >= this.healthyAfterMs) {
      this.attempt = 0;
      this.connectedAt = null;
    }
  }
}

/** A small seeded PRNG (mulberry32) for deterministic jitter in tests and simulations. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
