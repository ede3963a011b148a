#!/usr/bin/env node
// First step of `npm test` (suite `test`) and `npm run test:xen` (suites `test xen`): names every
// missing system tool in one line and stops, before any test can die of a missing binary.
// `--packages SUITE…` prints the Debian packages still missing, one per line (for scripts/setup).
import { missingLine, missingTools } from './system-tools.js';

const args = process.argv.slice(2);
const suites = args.filter((s) => s === 'test' || s === 'xen');
const missing = missingTools(suites.length ? suites : ['test']);
if (args.includes('--packages')) {
  for (const pkg of new Set(missing.map((t) => t.pkg))) console.log(pkg);
} else {
  const line = missingLine(missing);
  if (line) {
    console.error(`preflight: ${line}`);
    process.exit(1);
  }
}
