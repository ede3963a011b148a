import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StreamHandlers } from '../common/host-shell';
import type { SshConnectEvent } from './connect';
import { HostKeyChangedError, SshError } from './errors';
import { OpensshFixture, XENTOP_FRAME } from './openssh.testkit';
import { SshShell, type SshShellConnectOptions } from './ssh-shell';
import { TrustStore } from './trust-store';

let sshd: OpensshFixture;
let dataDir: string;
let store: TrustStore;
const shells: SshShell[] = [];

beforeAll(async () => {
  sshd = await OpensshFixture.create();
  dataDir = await mkdtemp(join(tmpdir(), 'vslicer-ssh-shell-'));
  store = await TrustStore.open(dataDir);
  await store.accept({
    host: '127.0.0.1',
    port: sshd.port,
    keyType: 'ssh-ed25519',
    fingerprint: await sshd.hostKeyFingerprint(),
  });
}, 20_000);

afterEach(() => {
  for (const shell of shells.splice(0)) shell.close();
});

afterAll(async () => {
  await sshd?.dispose();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function options(overrides: Partial<SshShellConnectOptions> = {}): SshShellConnectOptions {
  return {
    host: '127.0.0.1',
    port: sshd.port,
    auth: { username: sshd.username, agentSocket: null, identityFiles: [sshd.clientKeyPath] },
    trust: { trustStore: store, confirmHostKey: async () => false },
    ...overrides,
  };
}

async function connect(overrides: Partial<SshShellConnectOptions> = {}): Promise<SshShell> {
  const shell = await SshShell.connect(options(overrides));
  shells.push(shell);
  return shell;
}

interface Collected {
  handlers: StreamHandlers;
  stdout: () => string;
  closed: Promise<{ exitCode: number | null; error?: Error }>;
  onClose: ReturnType<typeof vi.fn>;
}

function collect(): Collected {
  let stdout = '';
  let resolveClosed!: (value: { exitCode: number | null; error?: Error }) => void;
  const closed = new Promise<{ exitCode: number | null; error?: Error }>(
    (r) => (resolveClosed = r),
  );
  const onClose = vi.fn((exitCode: number | null, error?: Error) =>
    resolveClosed({ exitCode, error }),
  );
  return {
    handlers: { onStdout: (chunk) => (stdout += chunk), onStderr: () => undefined, onClose },
    stdout: () => stdout,
    closed,
    onClose,
  };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('SshShell commands over a real sshd', () => {
  it('runs a command and reports stdout, stderr and the exit code', async () => {
    const shell = await connect();
    expect(await shell.run(['echo', 'hi'])).toEqual({ stdout: 'hi\n', stderr: '', exitCode: 0 });
    expect(await shell.run(['sh', '-c', 'echo oops >&2; exit 3'])).toEqual({
      stdout: '',
      stderr: 'oops\n',
      exitCode: 3,
    });
  });

  it('delivers hostile argv words intact', async () => {
    const shell = await connect();
    const words = [
      ';',
      'a;b',
      '$(id)',
      '`id`',
      "'",
      '"',
      'it\'s "quoted"',
      'new\nline',
      '*',
      '~',
      '$HOME',
      '&& rm -rf /',
      '| cat',
      'tab\there',
      '-n',
      ' ',
      'ünïcødé ✓ 日本',
      '\\',
      '%s',
    ];
    const result = await shell.run(['printf', '%s\\0', ...words]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\0').slice(0, -1)).toEqual(words);
  });

  it('abandons a control command after its timeout and keeps serving the next one', async () => {
    const shell = await connect();
    const started = Date.now();
    const error = (await shell
      .run(['sleep', '5'], { timeoutMs: 300 })
      .catch((e: unknown) => e)) as SshError;
    expect(error).toBeInstanceOf(SshError);
    expect(error.code).toBe('command-timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect((await shell.run(['echo', 'next'])).stdout).toBe('next\n');
  });

  it('runs control commands one at a time', async () => {
    const shell = await connect();
    const started = Date.now();
    await Promise.all([shell.run(['sleep', '0.3']), shell.run(['sleep', '0.3'])]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
  });

  it('batches probes within sshd’s session limit while a stream is open', async () => {
    const shell = await connect();
    const stream = collect();
    const handle = shell.stream([join(sshd.binDir, 'xentop'), '-b', '-d', '1'], stream.handlers);
    // 24 probes at once would exceed MaxSessions 10 without the cap of 8.
    const outcomes = await shell.runBatch(
      Array.from({ length: 24 }, (_, i) => ['sh', '-c', `sleep 0.1; echo ${i}`]),
    );
    expect(outcomes.map((o) => (o.ok ? o.result.stdout : o.error.message))).toEqual(
      Array.from({ length: 24 }, (_, i) => `${i}\n`),
    );
    handle.stop();
    await stream.closed;
  });

  it('streams a long-lived command until stopped, closing exactly once', async () => {
    const shell = await connect();
    const stream = collect();
    const handle = shell.stream([join(sshd.binDir, 'xentop'), '-b', '-d', '1'], stream.handlers);
    await until(() => stream.stdout().split(XENTOP_FRAME).length >= 3);
    handle.stop();
    handle.stop();
    const { error } = await stream.closed;
    expect(error).toBeUndefined();
    await new Promise((r) => setTimeout(r, 100));
    expect(stream.onClose).toHaveBeenCalledTimes(1);
    expect(stream.stdout().startsWith(XENTOP_FRAME)).toBe(true);
  });

  it('reports a channel the server refuses as channel-open-failed', async () => {
    const shell = await connect();
    const error = (await shell.forwardOut('127.0.0.1', 9).catch((e: unknown) => e)) as SshError;
    expect(error.code).toBe('channel-open-failed');
  });
});

describe('SshShell when the server goes away (these restart sshd)', () => {
  it('notices a frozen server through keepalive', async () => {
    const shell = await connect({ keepaliveIntervalMs: 200, keepaliveCountMax: 2 });
    const dropped = new Promise<SshError | undefined>((r) => shell.onClose(r));
    sshd.freeze();
    const error = await dropped;
    expect(error?.code).toBe('connection-lost');
    expect(error?.message).toMatch(/keepalive/i);
    await sshd.restart();
  });

  it('closes a stream with an error when sshd is killed mid-stream, then connects again after restart', async () => {
    const shell = await connect();
    const stream = collect();
    shell.stream([join(sshd.binDir, 'xentop'), '-b', '-d', '1'], stream.handlers);
    await until(() => stream.stdout().length > 0);
    const dropped = new Promise<SshError | undefined>((r) => shell.onClose(r));
    sshd.kill();
    const { error } = await stream.closed;
    expect((error as SshError).code).toBe('connection-lost');
    expect((await dropped)?.code).toBe('connection-lost');
    const after = (await shell.run(['true']).catch((e: unknown) => e)) as SshError;
    expect(after.code).toBe('connection-lost');

    await sshd.restart();
    const again = await connect();
    expect((await again.run(['echo', 'back'])).stdout).toBe('back\n');
  });

  it('refuses a changed host key with both fingerprints and no auth, until re-pinned', async () => {
    const oldFingerprint = await sshd.hostKeyFingerprint();
    await sshd.restart({ newHostKey: true });
    const newFingerprint = await sshd.hostKeyFingerprint();
    expect(newFingerprint).not.toBe(oldFingerprint);

    const events: SshConnectEvent[] = [];
    const confirmHostKey = vi.fn(async () => true);
    const passphrase = vi.fn(async () => 'x');
    const error = (await SshShell.connect(
      options({
        trust: { trustStore: store, confirmHostKey },
        auth: {
          username: sshd.username,
          agentSocket: null,
          identityFiles: [sshd.encryptedClientKeyPath],
          passphrase,
        },
        onEvent: (e) => events.push(e),
      }),
    ).catch((e: unknown) => e)) as HostKeyChangedError;
    expect(error).toBeInstanceOf(HostKeyChangedError);
    expect(error.code).toBe('host-key-changed');
    expect(error).toMatchObject({
      oldFingerprint,
      newFingerprint,
      keyType: 'ssh-ed25519',
      source: 'trust-store',
    });
    expect(error.message).toContain(oldFingerprint);
    expect(error.message).toContain(newFingerprint);
    expect(events.filter((e) => e.type === 'auth-attempt')).toEqual([]);
    expect(confirmHostKey).not.toHaveBeenCalled();
    expect(passphrase).not.toHaveBeenCalled();

    await store.repin({
      host: '127.0.0.1',
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: newFingerprint,
    });
    const shell = await connect();
    expect(shell.hostKey.fingerprint).toBe(newFingerprint);
  });
});
