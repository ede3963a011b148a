#!/usr/bin/env node
// The closing line of `npm test`: unit and end-to-end counts added up, in the plain
// "N passed, N failed, N skipped" form CI reads. Exits non-zero if a report is missing.
import { readFileSync } from 'node:fs';

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`test-summary: no report at ${path}`);
    process.exit(1);
  }
}

const vitest = read('test-reports/vitest.json');
const pw = read('test-reports/playwright.json');
const passed = vitest.numPassedTests + (pw.stats?.expected ?? 0) + (pw.stats?.flaky ?? 0);
const failed = vitest.numFailedTests + (pw.stats?.unexpected ?? 0);
const skipped = vitest.numPendingTests + vitest.numTodoTests + (pw.stats?.skipped ?? 0);
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
