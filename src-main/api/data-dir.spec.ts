import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareDataDir } from './data-dir';

describe('the data directory', () => {
  let base = '';
  afterEach(() => {
    spawnSync('umount', [join(base, 'ro')]);
    rmSync(base, { recursive: true, force: true });
  });

  it('is created private, and an existing one open to others is tightened with a note in the log', async () => {
    base = mkdtempSync(join(tmpdir(), 'vslicer-datadir-'));
    const fresh = join(base, 'fresh');
    expect(await prepareDataDir(fresh, () => undefined)).toBeNull();
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    const open = join(base, 'open');
    mkdirSync(join(open, 'sessions'), { recursive: true, mode: 0o755 });
    const log: string[] = [];
    expect(await prepareDataDir(open, (l) => log.push(l))).toBeNull();
    expect(statSync(open).mode & 0o777).toBe(0o700);
    expect(statSync(join(open, 'sessions')).mode & 0o777).toBe(0o700);
    expect(log.join('\n')).toMatch(/was open to other users \(mode 755\); now 0700/);
  });

  it('that cannot be written says why at once', async () => {
    base = mkdtempSync(join(tmpdir(), 'vslicer-datadir-'));
    const file = join(base, 'a-file');
    writeFileSync(file, '');
    expect(await prepareDataDir(join(file, 'data'), () => undefined)).toMatch(
      /^The data directory .*a-file\/data is not a directory .*sessions are not recorded.*VSLICER_DATA_DIR/,
    );
    // A read-only filesystem (a tmpfs mounted read-only; mounting needs root).
    const ro = join(base, 'ro');
    mkdirSync(ro);
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]).status === 0) {
      expect(await prepareDataDir(ro, () => undefined)).toMatch(
        /is on a read-only filesystem \(EROFS/,
      );
    }
  });
});
