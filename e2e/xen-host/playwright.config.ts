import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../browser';

// `npm run test:xen`: the real-Xen suite, apart from the main e2e run because it boots a
// hypervisor under QEMU (a minute or two, plus the image build the first time).
export default defineConfig({
  testDir: '.',
  testMatch: /((real|vslicer)-xen|xen-stock)\.spec\.ts$/,
  // One boot per hypervisor: the files that share the vSlicer host come first (alphabetical).
  outputDir: '../../test-results/xen',
  timeout: 120_000,
  fullyParallel: false,
  workers: 1,
  // As the main suite: one retry in CI (a retry boots the host afresh in a new worker).
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: '../../test-reports/playwright-xen.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    viewport: { width: 1280, height: 820 },
    browserName: 'chromium',
    launchOptions: { executablePath: chromiumExecutable(), args: chromiumArgs() },
  },
});
