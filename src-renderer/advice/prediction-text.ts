import type { Spread, WhatIf } from '@common/advice';
import { formatMs } from '../shared/format';

/** A what-if in the words the advice panel and the switch dialog share. */

/** "10.2 ms (7.9–11.2)": the mean over seeds and their extremes, the spread only when it shows. */
export function spreadMs(s: Spread): string {
  if (!Number.isFinite(s.mean)) return '—';
  const lo = formatMs(s.min);
  const hi = formatMs(s.max);
  return lo === hi ? formatMs(s.mean) : `${formatMs(s.mean)} (${lo.replace(' ms', '')}–${hi})`;
}

/** The largest change of any VM's share, in percentage points of its pCPUs. */
export function largestShareChange(w: WhatIf): { vm: string; points: number } | null {
  let worst: { vm: string; points: number } | null = null;
  for (const after of w.asLsvm.shares) {
    const before = w.now.shares.find((s) => s.vm === after.vm);
    if (!before) continue;
    const points = (after.share.mean - before.share.mean) * 100;
    if (!worst || Math.abs(points) > Math.abs(worst.points)) worst = { vm: after.vm, points };
  }
  return worst;
}

export interface PredictionLines {
  median: string;
  p99: string;
  shares: string;
  switches: string;
  seeds: string;
}

export function predictionLines(w: WhatIf): PredictionLines {
  const share = largestShareChange(w);
  const cs = (x: number) => `${Math.round(x)}/s`;
  return {
    median: `${spreadMs(w.now.rttP50Ms)} → ${spreadMs(w.asLsvm.rttP50Ms)}`,
    p99: `${spreadMs(w.now.rttP99Ms)} → ${spreadMs(w.asLsvm.rttP99Ms)}`,
    shares:
      share === null || Math.abs(share.points) < 0.5
        ? 'every VM keeps its share (within 0.5 points)'
        : `largest share change ${share.points > 0 ? '+' : '−'}${Math.abs(share.points).toFixed(1)} points (${share.vm})`,
    switches: `${cs(w.now.contextSwitchesPerS.mean)} → ${cs(w.asLsvm.contextSwitchesPerS.mean)}`,
    seeds: `${w.seeds.length} seeds × ${w.simulatedS} s simulated, ${(w.elapsedMs / 1000).toFixed(1)} s`,
  };
}
