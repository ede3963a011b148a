/**
 * Test helper (used only by *.spec.ts and bench/): a real OpenSSH server on 127.0.0.1, started
 * from Debian's /usr/sbin/sshd in a temp dir with a generated host key and an authorized client
 * key, in the foreground (`-D -e`). Logs in as the user running the tests (sshd not running as
 * root can only authenticate its own user). Remote commands are harmless shims in `binDir`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { requireTool } from '../../scripts/system-tools.js';
import { descendantsOf, freePort, processesMentioning, sendsBanner } from './process.testkit';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';
export const CLIENT_KEY_PASSPHRASE = 'correct horse battery staple';

/** A canned `xentop -b` iteration, repeated every 200 ms by the xentop shim. */
export const XENTOP_FRAME = [
  '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID',
  '  Domain-0 -----r       1234    0.0    2097152   25.0   no limit       n/a     4    0        0        0    0        0        0        0          0          0    0',
  'web-frontend --b---        321    0.0    1048576   12.5    1048576      12.5     1    1       10       20    1        0       30       40        120        160    0',
].join('\n');

export interface SshdOptions {
  /** Needed by a jump host (ProxyJump uses direct-tcpip channels). Default false. */
  allowTcpForwarding?: boolean;
}

export class OpensshFixture {
  readonly username = userInfo().username;
  readonly binDir: string;
  readonly clientKeyPath: string;
  readonly encryptedClientKeyPath: string;
  /** A key pair that is NOT in authorized_keys. */
  readonly strangerKeyPath: string;
  port = 0;
  log = '';
  private child: ChildProcess | null = null;
  private hostKeyGeneration = 0;

  private constructor(
    readonly dir: string,
    private readonly options: SshdOptions,
  ) {
    this.binDir = join(dir, 'bin');
    this.clientKeyPath = join(dir, 'client_key');
    this.encryptedClientKeyPath = join(dir, 'client_key_encrypted');
    this.strangerKeyPath = join(dir, 'stranger_key');
  }

  static async create(options: SshdOptions = {}): Promise<OpensshFixture> {
    // A missing server or key tool is one clear error here, never an uncaught spawn ENOENT.
    requireTool('sshd');
    requireTool('ssh-keygen');
    const dir = await mkdtemp(join(tmpdir(), 'vslicer-sshd-'));
    const fixture = new OpensshFixture(dir, options);
    try {
      await fixture.prepare();
      await fixture.start();
    } catch (error) {
      await fixture.dispose();
      throw error;
    }
    return fixture;
  }

  get hostKeyPath(): string {
    return join(this.dir, `host_key_${this.hostKeyGeneration}`);
  }

  /** What `ssh-keygen -lf` prints for the current host key: `SHA256:…`. */
  async hostKeyFingerprint(): Promise<string> {
    const { stdout } = await run('ssh-keygen', ['-lf', `${this.hostKeyPath}.pub`]);
    const fingerprint = stdout.split(/\s+/)[1];
    if (!fingerprint?.startsWith('SHA256:'))
      throw new Error(`unexpected ssh-keygen output: ${stdout}`);
    return fingerprint;
  }

  /** The host key as a known_hosts line for this server (`[127.0.0.1]:port ssh-ed25519 …`). */
  knownHostsLine(): string {
    const [type, data] = readFileSync(`${this.hostKeyPath}.pub`, 'utf8').trim().split(/\s+/);
    return `[127.0.0.1]:${this.port} ${type} ${data}`;
  }

  async start(): Promise<void> {
    if (this.child) return;
    for (let attempt = 0; ; attempt++) {
      if (this.port === 0 || attempt > 0) this.port = await freePort();
      try {
        await this.spawnAndWait();
        return;
      } catch (error) {
        if (attempt >= 2) throw error;
      }
    }
  }

  /** Ends sshd and every session it forked at once, as a crash or power loss would. */
  kill(): void {
    this.killListener();
  }

  /** SIGKILLs sshd and its descendants; resolves when the listener is gone (its port is free). */
  private killListener(): Promise<void> {
    const child = this.child;
    const pid = child?.pid;
    this.child = null;
    if (!child || pid === undefined) return Promise.resolve();
    const gone =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Each connection is served by a forked sshd in its own session (setsid), so killing the
    // listener's process group is not enough: walk /proc for its descendants first.
    for (const p of [pid, ...descendantsOf(pid)]) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    return gone;
  }

  /** Stops (SIGSTOP) sshd and its sessions: the link stays up but nothing answers. */
  freeze(): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    for (const p of [pid, ...descendantsOf(pid)]) {
      try {
        process.kill(p, 'SIGSTOP');
      } catch {
        // already gone
      }
    }
  }

  /** Kills sshd and starts it again on the same port, optionally with a brand-new host key. */
  async restart(options: { newHostKey?: boolean } = {}): Promise<void> {
    // The listening socket is freed only once the old sshd has died: on a loaded machine a new
    // one started right after the signal found the port still taken.
    await this.killListener();
    if (options.newHostKey) {
      this.hostKeyGeneration++;
      await keygen(this.hostKeyPath, '');
    }
    await this.spawnAndWait();
  }

  async dispose(): Promise<void> {
    this.kill();
    // Commands whose session already ended were reparented to init: find them by our temp dir.
    for (const pid of processesMentioning(this.dir)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private async prepare(): Promise<void> {
    try {
      mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
    } catch {
      // not root: sshd then runs without privilege separation for its own user
    }
    mkdirSync(this.binDir);
    await keygen(this.hostKeyPath, '');
    await keygen(this.clientKeyPath, '');
    await keygen(this.encryptedClientKeyPath, CLIENT_KEY_PASSPHRASE);
    await keygen(this.strangerKeyPath, '');
    const authorized = [this.clientKeyPath, this.encryptedClientKeyPath]
      .map((k) => readFileSync(`${k}.pub`, 'utf8'))
      .join('');
    await writeFile(join(this.dir, 'authorized_keys'), authorized, { mode: 0o600 });
    await writeShim(
      join(this.binDir, 'xentop'),
      // Like the real xentop, it ends when its output pipe breaks (SIGPIPE), which is how a stream
      // stops when its channel closes: sshd cannot deliver signals for root logins.
      `#!/bin/sh\n# prints a canned xentop -b iteration every 200 ms until its output is closed\nwhile :; do\ncat <<'FRAME' || exit 0\n${XENTOP_FRAME}\nFRAME\nsleep 0.2\ndone\n`,
    );
  }

  private writeConfig(): string {
    const lines = [
      `Port ${this.port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${this.hostKeyPath}`,
      `PidFile ${join(this.dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${join(this.dir, 'authorized_keys')}`,
      'StrictModes no',
      'UsePAM no',
      // No password or keyboard-interactive login: the tests never need a real account's password.
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      'PermitRootLogin prohibit-password',
      `AllowTcpForwarding ${this.options.allowTcpForwarding ? 'yes' : 'no'}`,
      'MaxSessions 10',
      'LoginGraceTime 30',
      // SHLVL=1 keeps Debian's bash from sourcing the test user's ~/.bashrc for ssh commands
      // (SSH_SOURCE_BASHRC): a developer's rc file (pyenv init: ~150 ms) would otherwise be what
      // every command round trip measures.
      `SetEnv PATH=${this.binDir}:/usr/bin:/bin SHLVL=1`,
      'LogLevel ERROR',
    ];
    return lines.join('\n') + '\n';
  }

  private async spawnAndWait(): Promise<void> {
    const configPath = join(this.dir, 'sshd_config');
    await writeFile(configPath, this.writeConfig());
    const child = spawn(SSHD, ['-D', '-e', '-f', configPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    this.child = child;
    child.stderr?.on('data', (chunk: Buffer) => (this.log += chunk.toString('utf8')));
    let exited = false;
    child.on('exit', () => (exited = true));
    const deadline = Date.now() + 5_000;
    while (Date.now() < deadline) {
      if (exited) {
        this.child = null;
        throw new Error(`sshd exited at start: ${this.log.trim()}`);
      }
      if (await sendsBanner(this.port)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    this.kill();
    throw new Error(`sshd did not start listening on ${this.port}: ${this.log.trim()}`);
  }
}

/** A throwaway ssh-agent holding the given keys; `stop()` kills it. */
export async function startAgent(
  dir: string,
  keys: readonly string[],
): Promise<{ socket: string; stop(): void }> {
  const socket = join(dir, `agent-${process.pid}-${Date.now()}.sock`);
  const child = spawn(requireTool('ssh-agent'), ['-D', '-a', socket], { stdio: 'ignore' });
  const stop = (): void => void child.kill('SIGKILL');
  try {
    for (let i = 0; i < 200 && !readdirSync(dir).includes(socket.slice(dir.length + 1)); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const key of keys)
      await run('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
  } catch (error) {
    stop();
    throw error;
  }
  return { socket, stop };
}

async function keygen(path: string, passphrase: string): Promise<void> {
  await rm(path, { force: true });
  await rm(`${path}.pub`, { force: true });
  await run('ssh-keygen', [
    '-q',
    '-t',
    'ed25519',
    '-N',
    passphrase,
    '-C',
    'vslicer-test',
    '-f',
    path,
  ]);
}

async function writeShim(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  await chmod(path, 0o755);
}
