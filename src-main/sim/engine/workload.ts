/**
 * Workload tokens, combinable per VM:
 * - `cpu`            always runnable (a STREAM-like CPU/memory hog);
 * - `lookbusy:PCT`   the lookbusy tool's duty cycle: in every lookbusy period the guest spins until
 *                    it has had PCT % of the period as CPU time, then sleeps to the period's end. A
 *                    VM whose fair share is below PCT never reaches its target and never sleeps —
 *                    which is why four VMs at 40 % behave as CPU-bound in the paper's Fig. 7;
 * - `idle`           nothing of its own (packets still need their bursts);
 * - `ping[:BURST_US]`            answers ICMP echo; each request needs a short CPU burst;
 * - `rr:RATE[:BURST_US]`         request/response server: Poisson requests at RATE/s arriving from
 *                                the network, each needing BURST_US (default 300) of CPU when the
 *                                VM next runs.
 */
import { type Result, fail, ok } from '../../common/result';

export interface WorkloadSpec {
  cpuBound: boolean;
  lookbusyPct: number;
  pingResponder: boolean;
  /** 0 = the host's default ping burst. */
  pingBurstUs: number;
  rrRatePerS: number;
  rrBurstUs: number;
}

export const EMPTY_WORKLOAD: WorkloadSpec = {
  cpuBound: false,
  lookbusyPct: 0,
  pingResponder: false,
  pingBurstUs: 0,
  rrRatePerS: 0,
  rrBurstUs: 300,
};

function num(text: string | undefined, lo: number, hi: number): number | null {
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return null;
  const v = Number(text);
  return v >= lo && v <= hi ? v : null;
}

export function parseWorkloads(tokens: readonly string[]): Result<WorkloadSpec> {
  const w: WorkloadSpec = { ...EMPTY_WORKLOAD };
  for (const token of tokens) {
    const [kind, a, b, extra] = token.trim().split(':');
    const bad = (why: string) => fail('invalid-workload', `Workload "${token}": ${why}.`);
    if (extra !== undefined) return bad('too many fields');
    switch (kind) {
      case 'cpu':
        if (a !== undefined) return bad('cpu takes no argument');
        w.cpuBound = true;
        break;
      case 'idle':
        if (a !== undefined) return bad('idle takes no argument');
        break;
      case 'lookbusy': {
        const pct = num(a, 1, 100);
        if (pct === null || b !== undefined) return bad('expected lookbusy:PCT with PCT 1–100');
        if (pct >= 100) w.cpuBound = true;
        else w.lookbusyPct = pct;
        break;
      }
      case 'ping': {
        const burst = a === undefined ? 0 : num(a, 1, 1_000_000);
        if (burst === null || b !== undefined) return bad('expected ping or ping:BURST_US');
        w.pingResponder = true;
        w.pingBurstUs = burst;
        break;
      }
      case 'rr': {
        const rate = num(a, 0, 100_000);
        const burst = b === undefined ? 300 : num(b, 1, 1_000_000);
        if (rate === null || burst === null) return bad('expected rr:RATE_PER_S[:BURST_US]');
        w.rrRatePerS = rate;
        w.rrBurstUs = burst;
        break;
      }
      default:
        return bad('unknown kind (cpu, lookbusy:PCT, idle, ping, rr:RATE)');
    }
  }
  return ok(w);
}
