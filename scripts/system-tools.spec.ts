import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpensshFixture } from '../src-main/ssh/openssh.testkit';
import {
  installCommand,
  missingLine,
  missingTools,
  requireTool,
  SYSTEM_TOOLS,
} from './system-tools.js';

describe('the one list of system tools', () => {
  it('names every missing tool with its path and package, and one install command', () => {
    const missing = missingTools(['test'], () => false);
    expect(missing.map((t) => t.tool)).toContain('sshd');
    expect(missing.every((t) => t.suite === 'test')).toBe(true);
    const line = missingLine(missing)!;
    expect(line).toContain('sshd (/usr/sbin/sshd, package openssh-server)');
    expect(line).toContain('chromium (/usr/bin/chromium, package chromium)');
    // poppler-utils gives two tools, openssh-client two: each package is named once.
    const cmd = installCommand(missing);
    expect(cmd.match(/poppler-utils/g)).toHaveLength(1);
    expect(cmd.match(/openssh-client/g)).toHaveLength(1);
    expect(missingLine(missingTools(['test'], () => true))).toBeNull();
  });

  it('keeps the xen suite apart from npm test', () => {
    const xen = missingTools(['xen'], () => false).map((t) => t.pkg);
    expect(xen).toContain('qemu-system-x86');
    expect(missingTools(['test'], () => false).map((t) => t.pkg)).not.toContain('qemu-system-x86');
    expect(new Set(SYSTEM_TOOLS.map((t) => t.tool)).size).toBe(SYSTEM_TOOLS.length);
  });

  it('refuses a tool that is not in the list', () => {
    expect(() => requireTool('nmap')).toThrow(/not in scripts\/system-tools.js/);
  });
});

describe('on a machine without the tools', () => {
  let bare: string;
  beforeEach(() => {
    bare = mkdtempSync(join(tmpdir(), 'vslicer-bare-'));
  });
  afterEach(() => {
    delete process.env.SYSTEM_TOOLS_ROOT;
    rmSync(bare, { recursive: true, force: true });
  });

  it('npm test’s preflight stops at once with one line naming what to install', () => {
    const r = spawnSync(process.execPath, ['scripts/preflight.js', 'test'], {
      env: { ...process.env, SYSTEM_TOOLS_ROOT: bare },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^preflight: missing: chromium .*sshd .*pdftoppm .*Install with scripts\/setup, or: sudo apt-get install/,
    );
    const pkgs = spawnSync(process.execPath, ['scripts/preflight.js', '--packages', 'test'], {
      env: { ...process.env, SYSTEM_TOOLS_ROOT: bare },
      encoding: 'utf8',
    });
    expect(pkgs.stdout.trim().split('\n')).toContain('openssh-server');
  });

  it('an SSH test without sshd fails with that line, not an uncaught spawn ENOENT', async () => {
    process.env.SYSTEM_TOOLS_ROOT = bare;
    await expect(OpensshFixture.create()).rejects.toThrow(
      /a real SSH server on loopback needs missing: sshd \(\/usr\/sbin\/sshd, package openssh-server\)/,
    );
  });
});
