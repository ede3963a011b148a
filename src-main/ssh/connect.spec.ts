import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostKeyConfirmRequest, SshConnectEvent } from './connect';
import { AuthFailedError, HostKeyChangedError, SshError } from './errors';
import { hashKnownHostsName, parseKnownHosts } from './known-hosts';
import { CLIENT_KEY_PASSPHRASE, OpensshFixture, startAgent } from './openssh.testkit';
import { SshShell, type SshShellConnectOptions } from './ssh-shell';
import { TrustStore } from './trust-store';

let sshd: OpensshFixture;
let scratch: string;
const shells: SshShell[] = [];
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  sshd = await OpensshFixture.create();
  scratch = await mkdtemp(join(tmpdir(), 'vslicer-ssh-connect-'));
}, 20_000);

afterEach(() => {
  for (const shell of shells.splice(0)) shell.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

afterAll(async () => {
  await sshd?.dispose();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

let dirCounter = 0;
async function freshStore(): Promise<TrustStore> {
  return TrustStore.open(join(scratch, `data-${dirCounter++}`));
}

function connectOptions(store: TrustStore, overrides: Partial<SshShellConnectOptions> = {}) {
  const events: SshConnectEvent[] = [];
  const confirmHostKey = vi.fn(async (_request: HostKeyConfirmRequest) => true);
  const options: SshShellConnectOptions = {
    host: '127.0.0.1',
    port: sshd.port,
    auth: { username: sshd.username, agentSocket: null, identityFiles: [sshd.clientKeyPath] },
    trust: { trustStore: store, confirmHostKey },
    onEvent: (event) => events.push(event),
    ...overrides,
  };
  return { options, events, confirmHostKey };
}

async function connect(options: SshShellConnectOptions): Promise<SshShell> {
  const shell = await SshShell.connect(options);
  shells.push(shell);
  return shell;
}

const authAttempts = (events: SshConnectEvent[]): string[] =>
  events.flatMap((e) => (e.type === 'auth-attempt' ? [e.method] : []));

describe('host key trust against OpenSSH', () => {
  it('shows an unknown key with its type and ssh-keygen fingerprint, remembers it when accepted', async () => {
    const store = await freshStore();
    const { options, confirmHostKey } = connectOptions(store);
    const shell = await connect(options);

    expect(confirmHostKey).toHaveBeenCalledTimes(1);
    expect(confirmHostKey.mock.calls[0]![0]).toEqual({
      host: '127.0.0.1',
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: await sshd.hostKeyFingerprint(),
      otherKnownTypes: [],
    });
    expect((await shell.run(['echo', 'hello'])).stdout).toBe('hello\n');

    const file = await stat(store.filePath);
    expect(file.mode & 0o777).toBe(0o600);
    const saved = await readFile(store.filePath, 'utf8');
    expect(saved).toContain(await sshd.hostKeyFingerprint());
    expect(saved).not.toMatch(/PRIVATE|passphrase|password/i);

    // A fresh process (a new store read from disk) needs no confirmation.
    const again = connectOptions(await TrustStore.open(join(store.filePath, '..')));
    await connect(again.options);
    expect(again.confirmHostKey).not.toHaveBeenCalled();
  });

  it('rejecting an unknown key ends the connection before any credential is offered', async () => {
    const store = await freshStore();
    const passphrase = vi.fn(async () => CLIENT_KEY_PASSPHRASE);
    const password = vi.fn(async () => 'secret');
    const { options, events, confirmHostKey } = connectOptions(store, {
      auth: {
        username: sshd.username,
        agentSocket: null,
        identityFiles: [sshd.encryptedClientKeyPath],
        passphrase,
        password,
      },
    });
    confirmHostKey.mockResolvedValue(false);

    const error = await SshShell.connect(options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SshError);
    expect((error as SshError).code).toBe('host-key-rejected');
    expect(authAttempts(events)).toEqual([]);
    expect(passphrase).not.toHaveBeenCalled();
    expect(password).not.toHaveBeenCalled();
    expect(store.lookup('127.0.0.1', sshd.port)).toEqual([]);
  });

  it('trusts a key listed in known_hosts, plain or hashed, without asking', async () => {
    for (const text of [
      sshd.knownHostsLine(),
      sshd
        .knownHostsLine()
        .replace(
          `[127.0.0.1]:${sshd.port}`,
          hashKnownHostsName(`[127.0.0.1]:${sshd.port}`, Buffer.alloc(20, 7)),
        ),
    ]) {
      const { options, confirmHostKey } = connectOptions(await freshStore());
      options.trust.knownHosts = parseKnownHosts(text);
      await connect(options);
      expect(confirmHostKey).not.toHaveBeenCalled();
    }
  });

  it('refuses a key known_hosts marks @revoked, and a host under @cert-authority, without auth', async () => {
    const [names, type, data] = sshd.knownHostsLine().split(' ');
    const cases: [string, string][] = [
      [`@revoked ${names} ${type} ${data}`, 'host-key-revoked'],
      [`@cert-authority ${names} ${type} ${data}`, 'host-key-refused'],
    ];
    for (const [text, code] of cases) {
      const { options, events, confirmHostKey } = connectOptions(await freshStore());
      options.trust.knownHosts = parseKnownHosts(text);
      const error = (await SshShell.connect(options).catch((e: unknown) => e)) as SshError;
      expect(error.code).toBe(code);
      expect(error.message).toContain('known_hosts:1');
      expect(authAttempts(events)).toEqual([]);
      expect(confirmHostKey).not.toHaveBeenCalled();
    }
  });

  it('stops hard when known_hosts holds another key of the same type', async () => {
    const other = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
    const { options, events } = connectOptions(await freshStore());
    options.trust.knownHosts = parseKnownHosts(
      `# ops keys\n[127.0.0.1]:${sshd.port} ssh-ed25519 ${other}\n`,
    );
    const error = (await SshShell.connect(options).catch((e: unknown) => e)) as HostKeyChangedError;
    expect(error).toBeInstanceOf(HostKeyChangedError);
    expect(error.source).toBe('known_hosts:2');
    expect(error.newFingerprint).toBe(await sshd.hostKeyFingerprint());
    expect(error.message).toContain(error.oldFingerprint);
    expect(error.message).toContain(error.newFingerprint);
    expect(authAttempts(events)).toEqual([]);
  });

  it('does not count the operator’s think time against the connect timeout', async () => {
    const { options, confirmHostKey } = connectOptions(await freshStore(), {
      connectTimeoutMs: 1_200,
    });
    confirmHostKey.mockImplementation(
      () => new Promise((resolve) => setTimeout(() => resolve(true), 2_000)),
    );
    await connect(options);
    expect(confirmHostKey).toHaveBeenCalledTimes(1);
  });
});

describe('authentication against OpenSSH', () => {
  let store: TrustStore;
  beforeAll(async () => {
    store = await freshStore();
    await store.accept({
      host: '127.0.0.1',
      port: sshd.port,
      keyType: 'ssh-ed25519',
      fingerprint: await sshd.hostKeyFingerprint(),
    });
  });

  it('logs in with ssh-agent first', async () => {
    const agent = await startAgent(scratch, [sshd.clientKeyPath]);
    cleanups.push(agent.stop);
    const { options, events } = connectOptions(store, {
      auth: {
        username: sshd.username,
        agentSocket: agent.socket,
        identityFiles: [sshd.strangerKeyPath],
      },
    });
    await connect(options);
    expect(authAttempts(events)).toEqual(['agent']);
  });

  it('tries agent, then keys in order, asking for a passphrase only when an encrypted key’s turn comes', async () => {
    const agent = await startAgent(scratch, [sshd.strangerKeyPath]);
    cleanups.push(agent.stop);
    const passphrase = vi
      .fn<(path: string) => Promise<string | null>>()
      .mockResolvedValueOnce('wrong')
      .mockResolvedValueOnce(CLIENT_KEY_PASSPHRASE);
    const password = vi.fn(async () => 'never used');
    const { options, events } = connectOptions(store, {
      auth: {
        username: sshd.username,
        agentSocket: agent.socket,
        identityFiles: [sshd.strangerKeyPath, sshd.encryptedClientKeyPath, sshd.clientKeyPath],
        passphrase,
        password,
      },
    });
    await connect(options);
    expect(authAttempts(events)).toEqual([
      'agent',
      `publickey ${sshd.strangerKeyPath}`,
      `publickey ${sshd.encryptedClientKeyPath}`,
    ]);
    expect(passphrase.mock.calls).toEqual([
      [sshd.encryptedClientKeyPath],
      [sshd.encryptedClientKeyPath],
    ]);
    expect(password).not.toHaveBeenCalled();
  });

  it('fails with the methods tried when no key is authorized', async () => {
    const password = vi.fn(async () => 'secret');
    const missing = join(scratch, 'no-such-key');
    const { options } = connectOptions(store, {
      auth: {
        username: sshd.username,
        agentSocket: null,
        identityFiles: [missing, sshd.strangerKeyPath],
        password,
      },
    });
    const error = (await SshShell.connect(options).catch((e: unknown) => e)) as AuthFailedError;
    expect(error).toBeInstanceOf(AuthFailedError);
    expect(error.code).toBe('auth-failed');
    expect(error.methodsTried).toEqual([
      `publickey ${missing} (skipped: ENOENT)`,
      `publickey ${sshd.strangerKeyPath}`,
    ]);
    expect(error.serverMethods).toEqual(['publickey']);
    // The server does not take passwords, so none was asked for.
    expect(password).not.toHaveBeenCalled();
    expect(error.message).toContain(sshd.strangerKeyPath);
  });
});

describe('network failures', () => {
  it('reports a refused connection', async () => {
    const server = await listen(() => undefined);
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const { options } = connectOptions(await freshStore(), { port });
    const error = (await SshShell.connect(options).catch((e: unknown) => e)) as SshError;
    expect(error.code).toBe('connection-refused');
  });

  it('times out on a server that never speaks SSH', async () => {
    const sockets: { destroy(): void }[] = [];
    const server = await listen((socket) => sockets.push(socket));
    const { options } = connectOptions(await freshStore(), {
      port: (server.address() as { port: number }).port,
      connectTimeoutMs: 300,
    });
    const started = Date.now();
    const error = (await SshShell.connect(options).catch((e: unknown) => e)) as SshError;
    expect(error.code).toBe('connect-timeout');
    expect(Date.now() - started).toBeLessThan(2_000);
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });
});

function listen(onSocket: (socket: Socket) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(onSocket);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
