import type { ClassSwitch } from '../../common/sched';
import type { SwitchReport } from './report-schema';

/** How a class switch reads in a report (report-model.ts). */
export function toSwitchReport(sw: ClassSwitch): SwitchReport {
  return {
    ...sw,
    ok: sw.state === 'done' && (sw.readBackMs === null || sw.readBackMs === sw.to.microsliceMs),
  };
}

export function switchSentence(sw: ClassSwitch): string {
  const head = `${sw.vm}: ${sw.from.vmClass} (${sw.from.microsliceMs} ms) → ${sw.to.vmClass} (${sw.to.microsliceMs} ms)`;
  if (sw.state === 'failed') return `${head} failed${sw.error ? `: ${sw.error}` : ''}`;
  if (sw.state === 'running') return `${head} requested`;
  const rb = sw.readBackMs === null ? '' : `, read back ${sw.readBackMs} ms`;
  return `${head} done${rb}${sw.undoOf ? ` (undo of ${sw.undoOf})` : ''}`;
}
