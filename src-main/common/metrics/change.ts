/**
 * Relative change from `before` to `after` in %, to one decimal (−62.0 for a median that fell
 * from 100 ms to 38 ms): what the dashboard shows and the report prints for the same switch.
 * null when either side is missing or `before` is 0.
 */
export function changePct(before: number | null, after: number | null): number | null {
  if (before === null || after === null || before === 0) return null;
  return Math.round(((after - before) / before) * 1000) / 10;
}
