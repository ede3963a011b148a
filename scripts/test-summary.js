#!/usr/bin/env node
// The closing line of a test run: the counts of the named reports added up, as the bare
// "N passed, N failed, N skipped" CI reads. Nothing stands before the counts: runs that closed
// on "tests: N passed, …" were read as having executed no test (a line starting with "tests"
// looks like the head of node's test runner's summary). Exits non-zero if a report is missing
// or a test failed.
//   node scripts/test-summary.js              unit + e2e (the close of `npm test`)
//   node scripts/test-summary.js xen          the real-Xen suite (the close of `npm run test:xen`)
//   node scripts/test-summary.js unit e2e xen everything (the close of .ci/run)
import { readFileSync } from 'node:fs';

function read(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    console.error(`test-summary: no report at ${path}`);
    process.exit(1);
  }
}

function vitest(path) {
  const r = read(path);
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

// A flaky test (failed, then passed on CI's one retry) counts as passed, as Playwright's own
// exit status does.
function playwright(path) {
  const s = read(path).stats ?? {};
  return {
    passed: (s.expected ?? 0) + (s.flaky ?? 0),
    failed: s.unexpected ?? 0,
    skipped: s.skipped ?? 0,
  };
}

const REPORTS = {
  unit: () => vitest('test-reports/vitest.json'),
  e2e: () => playwright('test-reports/playwright.json'),
  xen: () => playwright('test-reports/playwright-xen.json'),
};

const names = process.argv.length > 2 ? process.argv.slice(2) : ['unit', 'e2e'];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const name of names) {
  const report = REPORTS[name];
  if (!report) {
    console.error(
      `test-summary: unknown report "${name}" (known: ${Object.keys(REPORTS).join(', ')})`,
    );
    process.exit(2);
  }
  const counts = report();
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed > 0 ? 1 : 0);
