import type { AnnotationOptions } from 'chartjs-plugin-annotation';
import type { ChartTheme } from '../charts/theme';

/** The planner's predicted worst-case latency for the selected VM, and the sentence that says so. */
export interface Prediction {
  ms: number;
  label: string;
}

/**
 * The prediction as a dashed vertical line at `value` on the x axis (an RTT on the CDF, a bucket
 * position on the histogram), or no annotation when there is none. With `label`, the line
 * carries that sentence at its top.
 */
export function predictedLine(
  value: number | null,
  theme: ChartTheme,
  { width, label }: { width: number; label?: string },
): Record<string, AnnotationOptions<'line'>> {
  if (value === null) return {};
  const line: AnnotationOptions<'line'> = {
    type: 'line',
    scaleID: 'x',
    value,
    borderColor: theme.text,
    borderWidth: width,
    borderDash: [6, 4],
  };
  if (label !== undefined) {
    line.label = {
      display: true,
      content: label,
      position: 'start',
      backgroundColor: 'rgba(0,0,0,0.7)',
      color: '#fff',
      font: { size: 11 },
    };
  }
  return { predicted: line };
}
