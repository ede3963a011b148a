/**
 * Seeded pseudo-random numbers, so that a run is reproducible from its seed.
 * mulberry32: 32-bit state, one multiply chain per draw, no allocation — cheap on the hot path.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    // Mix the seed once so that nearby seeds (1, 2, 3 …) do not start on nearby streams.
    this.state = (Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) ^ 0xc2b2ae35) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) | 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer uniform in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Exponentially distributed gap with the given mean (Poisson arrivals). */
  exp(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}
