import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The Electron binary if this machine has one. Electron 42+ downloads it on first run, which
 * cannot work everywhere; the electron e2e project is then left out, saying why.
 */
export function electronBinary(): { path: string } | { missing: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  let pkgDir: string;
  try {
    pkgDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { missing: 'the electron package is not installed' };
  }
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const full = override ? join(override, relative) : join(pkgDir, 'dist', relative);
  if (existsSync(full)) return { path: full };
  return {
    missing: `no Electron binary at ${full} (Electron fetches it on first run; this machine could not)`,
  };
}
