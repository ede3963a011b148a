import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread whose code is either a bundle entry of its own (built: out/main/, see
 * electron.config.ts, found beside the caller's chunk or one level up) or, from source (tsx,
 * vitest), a TypeScript file beside the caller, loaded through tsx. Null when there is none.
 * The journal reading thread of exports and the advisor's what-if runs start this way.
 */
export function startThread(
  callerUrl: string,
  thread: { entry: string; source: string },
  workerData: unknown,
): Worker | null {
  const here = fileURLToPath(callerUrl);
  if (here.endsWith('.ts')) {
    const source = pathToFileURL(join(dirname(here), thread.source)).href;
    const boot = `import(${JSON.stringify(tsxApi())}).then((tsx) => tsx.tsImport(${JSON.stringify(source)}, ${JSON.stringify(callerUrl)}))`;
    return new Worker(boot, { eval: true, workerData });
  }
  const file = [
    join(dirname(here), `${thread.entry}.js`),
    join(dirname(here), '..', `${thread.entry}.js`),
  ].find((f) => existsSync(f));
  return file ? new Worker(file, { workerData }) : null;
}

/**
 * tsx's ES module API, by its package's exports map: its CommonJS build, required from an eval'd
 * worker, registers its hooks under a path that does not exist (tsx 4.23).
 */
function tsxApi(): string {
  const pkgFile = createRequire(import.meta.url).resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(pkgFile), pkg.exports['./esm/api']!.import.default)).href;
}
