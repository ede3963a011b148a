import { expect } from 'vitest';
import { parseXentopFrame, parseXentopFrameDetailed } from './index';

/**
 * Test helper (used only by *.spec.ts). The fast path (xentop/frame.ts, xentop/fast*.ts) must be
 * invisible: for any text, parseXentopFrame gives exactly what the detailed, line-by-line path
 * gives — same records, same key order, same numbers, same errors.
 */
export function same(text: string): void {
  const fast = parseXentopFrame(text);
  const detailed = parseXentopFrameDetailed(text);
  expect(fast).toStrictEqual(detailed);
  // Key order too: the CLI prints these as JSON.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(detailed));
}
