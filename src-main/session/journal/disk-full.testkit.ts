import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small tmpfs of our own, to fill to the last byte (tests only). Mounting needs root (CI runs
 * as root); elsewhere `mountTinyTmpfs` says why it could not, and the tests that need it skip.
 */
export interface TinyTmpfs {
  dir: string;
  /** Writes a file until the filesystem is full; returns its path. */
  fill(): Promise<string>;
  unmount(): void;
}

export function mountTinyTmpfs(sizeKiB = 64): TinyTmpfs | string {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const dir = mkdtempSync(join(tmpdir(), 'vslicer-tmpfs-'));
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0700`, 'tmpfs', dir], {
    encoding: 'utf8',
  });
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${(r.stderr || r.error?.message || '').trim()}`;
  }
  return {
    dir,
    async fill() {
      const path = join(dir, 'filler');
      const fh = await open(path, 'w');
      const block = Buffer.alloc(1024, 0x66);
      try {
        for (;;) await fh.write(block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        await fh.close();
      }
      return path;
    },
    unmount() {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
