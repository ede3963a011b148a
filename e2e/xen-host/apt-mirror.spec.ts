import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';

// The test image is built from the mirror the machine's apt uses (apt-mirror.sh), so local
// mirrors and caching proxies work; XEN_HOST_MIRROR still wins.
const SCRIPT = join(import.meta.dirname, 'apt-mirror.sh');
let root: string;

function mirror(env: Record<string, string> = {}): { out: string; err: string } {
  const { XEN_HOST_MIRROR: _drop, ...base } = process.env;
  const r = spawnSync('bash', [SCRIPT, 'bookworm'], {
    env: { ...base, APT_ROOT: root, ...env },
    encoding: 'utf8',
  });
  expect(r.status).toBe(0);
  return { out: r.stdout.trim(), err: r.stderr.trim() };
}
function write(rel: string, text: string): void {
  const path = join(root, 'etc/apt', rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'vslicer-apt-'));
  mkdirSync(join(root, 'etc/apt/sources.list.d'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('reads the deb822 stanza for bookworm main, not security, disabled or deb-src ones', () => {
  write(
    'sources.list.d/debian.sources',
    [
      'Types: deb-src',
      'URIs: http://src.example/debian',
      'Suites: bookworm',
      'Components: main',
      '',
      'Types: deb',
      'URIs: http://off.example/debian',
      'Suites: bookworm',
      'Components: main',
      'Enabled: no',
      '',
      'Types: deb',
      'URIs: http://security.example/debian-security',
      'Suites: bookworm-security',
      'Components: main',
      '',
      '# the local mirror',
      'Types: deb',
      'URIs: http://mirror.local:3142/debian/ http://deb.debian.org/debian',
      'Suites: bookworm bookworm-updates',
      'Components: main contrib',
      '',
    ].join('\n'),
  );
  expect(mirror().out).toBe('http://mirror.local:3142/debian');
});

it('reads a one-line sources.list with options', () => {
  write(
    'sources.list',
    [
      '# deb http://commented.example/debian bookworm main',
      'deb http://ftp.example/debian bookworm-updates main',
      'deb [arch=amd64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://ftp.example/debian bookworm main non-free',
    ].join('\n') + '\n',
  );
  expect(mirror().out).toBe('http://ftp.example/debian');
});

it('XEN_HOST_MIRROR overrides the machine; no source at all falls back with a note', () => {
  write('sources.list', 'deb http://ftp.example/debian bookworm main\n');
  expect(mirror({ XEN_HOST_MIRROR: 'http://chosen.example/debian' }).out).toBe(
    'http://chosen.example/debian',
  );
  rmSync(join(root, 'etc/apt/sources.list'));
  const r = mirror();
  expect(r.out).toBe('http://deb.debian.org/debian');
  expect(r.err).toMatch(/no apt source for bookworm main/);
});
