import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';

// electron-vite builds three bundles: the main process (the Electron entry and, beside it, the
// `vslicer` CLI that serves web mode from the same core, and a worker thread's entry), the
// preload, and the renderer.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          // The journal reading thread of report exports (journal/thread.ts finds it beside the entries).
          'journal-thread-worker': resolve('src-main/session/journal/thread-worker.ts'),
          // The advisor's what-if runs of the engine (advisor/what-if-thread.ts).
          'advisor-what-if-worker': resolve('src-main/advisor/what-if-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src-main/electron/preload.ts') },
        // A sandboxed preload cannot load ES modules: CommonJS it is.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    resolve: { alias: { '@common': resolve('src-main/common') } },
    plugins: [vue()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
  },
});
