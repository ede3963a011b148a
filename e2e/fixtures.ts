import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { _electron, test as base, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from './browser';
import { electronBinary } from './electron-binary';

export interface WebApp {
  url: string;
  origin: string;
  token: string;
}

/** Starts `vslicer web --port 0` with its own data directory and reads the URL it prints. */
export async function startWebApp(
  dataDir: string,
  extraArgs: readonly string[] = [],
): Promise<{ app: WebApp; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/vslicer.js', 'web', '--port', '0', ...extraArgs], {
    env: { ...process.env, VSLICER_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('vslicer web printed no address in 20 s')),
      20_000,
    );
    lines.once('line', (l) => {
      clearTimeout(timer);
      resolve(l);
    });
    child.once('exit', (code) => reject(new Error(`vslicer web exited with status ${code}`)));
  });
  const match = /^vSlicer Console at (http:\/\/127\.0\.0\.1:\d+)\/\?token=(\S+)$/.exec(line);
  if (!match) throw new Error(`unexpected first line from vslicer web: ${line}`);
  return {
    app: { url: `${match[1]}/?token=${match[2]}`, origin: match[1]!, token: match[2]! },
    child,
  };
}

/**
 * Ends `vslicer web` and waits for it: on SIGTERM it closes its session journal, and removing
 * the data directory while it still writes there fails (ENOTEMPTY).
 */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * `appPage` is the app's window, whichever shell the project runs: the Electron window in the
 * electron project, the web build in Chromium otherwise — one suite for both.
 */
export const test = base.extend<{ appPage: Page }, { webApp: WebApp; dataDir: string }>({
  dataDir: [
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'vslicer-e2e-'));
      await use(dir);
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
    { scope: 'worker' },
  ],
  webApp: [
    async ({ dataDir }, use) => {
      const { app, child } = await startWebApp(dataDir);
      await use(app);
      await stopChild(child);
    },
    { scope: 'worker' },
  ],
  appPage: async ({ playwright }, use, testInfo) => {
    // Each test gets its own data directory: hosts added by one test never leak into the next.
    const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-e2e-app-'));
    if (testInfo.project.name !== 'electron') {
      const { app, child } = await startWebApp(dataDir);
      const browser = await playwright.chromium.launch({
        executablePath: chromiumExecutable(),
        args: chromiumArgs(),
      });
      const page = await browser.newPage({ viewport: { width: 1280, height: 820 } });
      await page.goto(app.url);
      await use(page);
      await browser.close();
      await stopChild(child);
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
      return;
    }
    const binary = electronBinary();
    // The config leaves the electron project out where the binary is missing.
    if ('missing' in binary) throw new Error(binary.missing);
    const electronApp = await _electron.launch({
      executablePath: binary.path,
      args: ['out/main/index.js', `--user-data-dir=${join(dataDir, 'electron')}`],
      env: { ...process.env, VSLICER_DATA_DIR: dataDir },
    });
    const window = await electronApp.firstWindow();
    await use(window);
    await electronApp.close();
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  },
});

export { expect } from '@playwright/test';
