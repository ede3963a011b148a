import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshShell } from '../ssh';
import { generateEd25519 } from '../ssh/sim-server';
import { TrustStore } from '../ssh/trust-store';
import type { CliIo } from './command';
import { runSimHostCommand } from './sim-sshd-command';
import { simCommand } from './sim-command';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vslicer-sim-sshd-cli-'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function capture(): { io: CliIo; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t), readStdin: async () => '' },
    out: () => out,
    err: () => err,
  };
}

async function until(check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('vslicer sim exec', () => {
  it('prints a command’s output and returns its exit status', async () => {
    const ok = capture();
    expect(await simCommand.run(['exec', '--', 'xl', 'sched-vslicer', '-s'], ok.io)).toBe(0);
    expect(ok.out()).toBe('Cpupool Pool-0: tslice=30ms ratelimit=1000us\n');
    const bad = capture();
    expect(await simCommand.run(['exec', '--', 'xl', 'list', 'a;b'], bad.io)).toBe(1);
    expect(bad.err()).toBe('a;b is an invalid domain identifier (rc=-6)\n');
    // --help after -- belongs to xentop, not to vslicer.
    const help = capture();
    expect(await simCommand.run(['exec', '--', 'xentop', '--help'], help.io)).toBe(0);
    expect(help.out()).toMatch(/^Usage: xentop/);
  });

  it('streams xentop without -i until stopped, then reports death by SIGTERM', async () => {
    const c = capture();
    const stop = new AbortController();
    const done = runSimHostCommand('exec', ['--', 'xentop', '-b', '-d', '1'], c.io, {
      signal: stop.signal,
    });
    await until(() => c.out().includes('Domain-0'));
    stop.abort();
    expect(await done).toBe(143);
  });

  it('refuses a missing -- or an unknown flag with status 2', async () => {
    const c = capture();
    expect(await runSimHostCommand('exec', ['xl', 'list'], c.io)).toBe(2);
    expect(await runSimHostCommand('sshd', ['--bogus', '1'], c.io)).toBe(2);
    expect(c.err()).toMatch(/after --[\s\S]*unknown flag --bogus/);
  });
});

describe('vslicer sim sshd', () => {
  it('refuses to start when nobody could log in', async () => {
    const c = capture();
    const code = await runSimHostCommand('sshd', ['--password-env', 'VSLICER_NOPE'], c.io, {
      env: {},
    });
    expect(code).toBe(2);
    expect(c.err()).toMatch(/VSLICER_NOPE is not set/);
  });

  it('serves the demo host with the printed key until signalled', async () => {
    const client = generateEd25519();
    const keys = join(dir, 'authorized_keys');
    const identity = join(dir, 'id');
    await writeFile(keys, `${client.public}\n`);
    await writeFile(identity, client.private, { mode: 0o600 });
    const c = capture();
    const stop = new AbortController();
    const served = runSimHostCommand(
      'sshd',
      ['--port', '0', '--authorized-keys', keys, '--password-env', 'PW', '--seed', '3'],
      c.io,
      { signal: stop.signal, env: { PW: 'sesame' } },
    );
    await until(() => c.out().includes('\n'));
    const match =
      /^vSlicer simulated Xen host on 127\.0\.0\.1:(\d+) \(host key (SHA256:\S+)\)\n$/.exec(
        c.out(),
      );
    expect(match).not.toBeNull();
    expect(c.out()).not.toContain('sesame');
    let seen = '';
    for (const auth of [
      { username: 'ops', agentSocket: null, identityFiles: [identity] },
      { username: 'ops', agentSocket: null, password: async () => 'sesame' },
    ]) {
      const shell = await SshShell.connect({
        host: '127.0.0.1',
        port: Number(match![1]),
        auth,
        trust: {
          trustStore: await TrustStore.open(dir),
          confirmHostKey: async (r) => ((seen = r.fingerprint), true),
        },
      });
      expect((await shell.run(['xl', 'list'])).stdout).toContain('video-encode');
      shell.close();
    }
    expect(seen).toBe(match![2]);
    stop.abort();
    expect(await served).toBe(0);
  });
});
