import type { EmulatedHost } from './emulation/emulated-host';
import type { SimHost } from './engine';
import type { SimHostSnapshot } from './snapshot';

/** How often a running ping looks whether its probe has finished, in wall-clock ms. */
const PING_POLL_MS = 50;

/**
 * The engine paced to the wall clock, as the demo host needs it (experiments and benchmarks run
 * it as fast as it goes instead). Simulated time is brought up to wall time lazily,
 * whenever someone looks: the engine runs ~40,000× real time, so catching up one second costs
 * well under a millisecond and an idle demo host costs nothing.
 */
export class PacedSimHost implements EmulatedHost {
  private readonly startMs: number;
  /** Demo only: refuse class switches, so operators (and tests) can see the failure path. */
  rejectSwitches = false;

  constructor(
    readonly sim: SimHost,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.startMs = nowMs() - sim.nowUs / 1000;
  }

  /** Runs the simulation up to now. */
  catchUp(): void {
    const targetUs = Math.floor((this.nowMs() - this.startMs) * 1000);
    if (targetUs > this.sim.nowUs) this.sim.advanceTo(targetUs);
  }

  snapshot(): SimHostSnapshot {
    this.catchUp();
    return this.sim.snapshot();
  }

  setSchedParams(
    domid: number,
    p: { weight?: number; cap?: number; microsliceMs?: number },
  ): string | null {
    this.catchUp();
    if (this.rejectSwitches && p.microsliceMs !== undefined) {
      return `vSlicer: cannot set the microslice of domain ${domid}: the demo host is set to reject class switches`;
    }
    const results = [
      p.weight === undefined ? null : this.sim.setWeight(domid, p.weight),
      p.cap === undefined ? null : this.sim.setCap(domid, p.cap),
      p.microsliceMs === undefined ? null : this.sim.setMicroslice(domid, p.microsliceMs),
    ];
    for (const r of results) if (r && !r.ok) return r.error.message;
    return null;
  }

  setPoolParams(p: { tsliceMs?: number; ratelimitUs?: number }): string | null {
    this.catchUp();
    const results = [
      p.tsliceMs === undefined ? null : this.sim.setTslice(p.tsliceMs),
      p.ratelimitUs === undefined ? null : this.sim.setRatelimit(p.ratelimitUs),
    ];
    for (const r of results) if (r && !r.ok) return r.error.message;
    return null;
  }

  /** A ping takes as long on the demo host as on a real one: the probe runs in paced time. */
  async ping(
    ip: string,
    opts: { count: number; intervalMs: number; timeoutMs: number },
  ): Promise<Array<number | null>> {
    this.catchUp();
    const domain = this.sim.snapshot().domains.find((d) => d.nets.some((n) => n.ip === ip));
    // No guest has the address: every probe times out, as for an address nobody answers.
    if (!domain) {
      await sleep(opts.timeoutMs + (opts.count - 1) * opts.intervalMs);
      return new Array<null>(opts.count).fill(null);
    }
    const probe = this.sim.ping(domain.domid, opts);
    if (!probe.ok) return new Array<null>(opts.count).fill(null);
    while (!probe.value.isDone()) {
      await sleep(PING_POLL_MS);
      this.catchUp();
    }
    return probe.value.rttMs().map((r) => (r === undefined ? null : r));
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
