import type { SimHostSnapshot } from '../snapshot';

/**
 * What the command emulation needs from the simulated host: its state, the knobs the vSlicer
 * controls turn, and the network path for ping. The engine side implements it; the emulation only
 * prints and parses argv.
 */
export interface EmulatedHost {
  snapshot(): SimHostSnapshot;
  /** Applies scheduler parameters to a domain; returns error text (as libxl would log it) or null. */
  setSchedParams(
    domid: number,
    p: { weight?: number; cap?: number; microsliceMs?: number },
  ): string | null;
  /** Applies Pool-0 parameters; returns error text or null. */
  setPoolParams(p: { tsliceMs?: number; ratelimitUs?: number }): string | null;
  /** RTT in ms per sequence number, null for a probe that timed out. */
  ping(
    ip: string,
    opts: { count: number; intervalMs: number; timeoutMs: number },
  ): Promise<Array<number | null>>;
  /**
   * Waits between xentop iterations (`-d`). Optional: a paced demo host lets wall time pass
   * (default setTimeout); tests advance the simulation instead.
   */
  sleep?(ms: number): Promise<void>;
}
