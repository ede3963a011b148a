import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './e2e/browser';
import { electronBinary } from './e2e/electron-binary';

// Two projects run one suite: `web` drives the web build in Chromium (Playwright's own, or
// Debian's /usr/bin/chromium), `electron` drives the desktop window. Where no Electron binary
// exists the electron project is left out, saying why once: listed as a skipped test, it made
// the run's closing summary end on a line of skipped tests only.
const electron = electronBinary();
if ('missing' in electron && !process.env.TEST_WORKER_INDEX) {
  console.log(`electron project left out: ${electron.missing}`);
}
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: 'test-reports/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 820 },
  },
  projects: [
    {
      name: 'web',
      // The real-Xen suite has its own config (e2e/xen-host, `npm run test:xen`).
      testIgnore: [/electron-only/, /xen-host[\\/]/],
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs() },
      },
    },
    ...('path' in electron
      ? [{ name: 'electron', testMatch: /(live|electron-only)\.spec\.ts/ }]
      : []),
  ],
});
