import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './e2e/browser';

// Two projects run one suite: `web` drives the web build in Chromium (Playwright's own, or
// Debian's /usr/bin/chromium), `electron` drives the desktop window where an Electron binary
// exists and skips itself, saying why, where it does not.
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
    {
      name: 'electron',
      testMatch: /(live|electron-only)\.spec\.ts/,
    },
  ],
});
