import { defineConfig } from 'vitest/config';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';

// Unit tests sit beside the code (foo.ts + foo.spec.ts); e2e/ belongs to Playwright.
export default defineConfig({
  plugins: [vue()],
  resolve: { alias: { '@common': resolve('src-main/common') } },
  test: {
    include: [
      '*.spec.ts',
      'src-main/**/*.spec.ts',
      'src-renderer/**/*.spec.ts',
      'bench/**/*.spec.ts',
      'scripts/**/*.spec.ts',
      'e2e/xen-host/xen-image.spec.ts',
      'e2e/xen-host/apt-mirror.spec.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    pool: 'forks',
    // The JSON report feeds the one summary line `npm test` ends with (scripts/test-summary.js).
    reporters: ['default', ['json', { outputFile: 'test-reports/vitest.json' }]],
  },
});
