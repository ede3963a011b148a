import type { ClassSwitch } from '../sched';

/**
 * Which probe rounds a before/after comparison of a class switch takes — one definition for the
 * dashboard's latency panel and the report's comparison tables, so both print the same figures
 * for the same switch when they hold the same rounds.
 *
 * - before: from the end of the host's previous switch (any VM: every switch changes what the
 *   VMs on the host compete with), or the first round, up to this switch's start;
 * - after: from this switch's end up to the start of the host's next switch, or the latest round.
 * Rounds taken while the switch ran belong to neither side: the class was changing.
 */
export interface Window {
  /** Inclusive. */
  from: number;
  /** Exclusive. */
  to: number;
}

type SwitchTimes = Pick<ClassSwitch, 'id' | 'startedAt' | 'finishedAt'>;

export function comparisonWindows(
  hostSwitches: readonly SwitchTimes[],
  sw: SwitchTimes,
): { before: Window; after: Window } {
  let previousEnd = Number.NEGATIVE_INFINITY;
  let nextStart = Number.POSITIVE_INFINITY;
  for (const other of hostSwitches) {
    if (other.id === sw.id) continue;
    if (other.startedAt < sw.startedAt) {
      previousEnd = Math.max(previousEnd, other.finishedAt ?? other.startedAt);
    } else if (other.startedAt < nextStart) nextStart = other.startedAt;
  }
  const end = sw.finishedAt ?? sw.startedAt;
  return {
    before: { from: previousEnd, to: sw.startedAt },
    // A round taken at the very millisecond the switch ended is still "while it ran".
    after: { from: end + 1, to: nextStart },
  };
}

export const inWindow = (t: number, w: Window): boolean => t >= w.from && t < w.to;
