import type { ClassSwitch } from '@common/sched';
import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import { formatClass } from '../shared/format';

/** Class switches as vertical lines on a time chart (chartjs-plugin-annotation). */

export interface AnnotationColours {
  line: string;
  muted: string;
  labelBg: string;
  labelText: string;
}

/** "web-frontend → LSVM 5 ms", as the chart labels a switch. */
export function switchLabel(s: ClassSwitch): string {
  return `${s.vm} → ${formatClass(s.to)}${s.state === 'failed' ? ' (failed)' : ''}`;
}

/**
 * A vertical line at each finished class switch inside the range, keyed by the switch id so the
 * annotation plugin updates the same element while data streams. A failed switch is dashed and
 * muted: the class did not change, but the operator tried, and that explains a bump in latency.
 * A running switch gets its line when it finishes (it has no outcome to label yet).
 */
export function switchAnnotations(
  switches: readonly ClassSwitch[],
  range: { min: number; max: number },
  colours: AnnotationColours,
): Record<string, AnnotationOptions<'line'>> {
  const out: Record<string, AnnotationOptions<'line'>> = {};
  for (const s of switches) {
    if (s.state === 'running' || s.startedAt < range.min || s.startedAt > range.max) continue;
    const failed = s.state === 'failed';
    const colour = failed ? colours.muted : colours.line;
    out[`switch-${s.id}`] = {
      type: 'line',
      scaleID: 'x',
      adjustScaleRange: false,
      value: s.startedAt,
      borderColor: colour,
      borderWidth: failed ? 1 : 2,
      borderDash: failed ? [4, 4] : [],
      label: {
        display: true,
        content: switchLabel(s),
        position: 'start',
        backgroundColor: colours.labelBg,
        color: failed ? colours.muted : colours.labelText,
        borderColor: colour,
        borderWidth: 1,
        font: { size: 11, weight: failed ? 'normal' : 'bold' },
        padding: 4,
      },
    };
  }
  return out;
}
