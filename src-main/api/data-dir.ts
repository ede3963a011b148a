import { chmod, mkdir, rm, stat, writeFile } from 'node:fs/promises';
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

/**
 * The data directory made ready before anything is written into it: created 0700, or tightened
 * to 0700 when it exists open to others (logged), and checked writable. Returns what is wrong
 * with it in words an operator can act on — the app then runs without recording — or null.
 */
export async function prepareDataDir(
  dir: string,
  log: (line: string) => void,
): Promise<string | null> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const d of [dir, join(dir, 'sessions'), join(dir, 'exports')]) {
      const s = await stat(d).catch(() => null);
      if (s?.isDirectory() && (s.mode & 0o077) !== 0) {
        await chmod(d, 0o700);
        log(
          `data directory: ${d} was open to other users (mode ${(s.mode & 0o777).toString(8)}); now 0700`,
        );
      }
    }
    const probe = join(dir, `.write-check-${process.pid}`);
    await writeFile(probe, '', { mode: 0o600 });
    await rm(probe, { force: true });
    return null;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const what =
      e.code === 'EROFS'
        ? 'is on a read-only filesystem'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? 'may not be written by this user'
          : e.code === 'ENOSPC'
            ? 'is on a full disk'
            : e.code === 'ENOTDIR'
              ? 'is not a directory'
              : 'cannot be used';
    return `The data directory ${dir} ${what} (${e.message}): sessions are not recorded and host settings are not saved. Set VSLICER_DATA_DIR to a writable directory.`;
  }
}
