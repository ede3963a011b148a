import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the app keeps hosts, trusted host keys and sessions: `VSLICER_DATA_DIR` when set (tests
 * give each run its own), else the platform's config directory (the Electron shell passes its
 * userData directory instead).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.VSLICER_DATA_DIR) return env.VSLICER_DATA_DIR;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'vslicer-console');
}
