import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Which Chromium drives the web tests: Playwright's own when it was installed, else Debian's
 * /usr/bin/chromium (Playwright's download cannot be fetched on every machine).
 */
export function chromiumExecutable(): string | undefined {
  const own = chromium.executablePath();
  if (own && existsSync(own)) return undefined; // Playwright finds its own build.
  for (const path of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (existsSync(path)) return path;
  }
  throw new Error(
    "No Chromium for the end-to-end tests: install Debian's `chromium` (apt-get install chromium) or run `npx playwright install chromium`.",
  );
}

/** Chromium's sandbox cannot start as root; only then is it switched off. */
export function chromiumArgs(): string[] {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return args;
}
