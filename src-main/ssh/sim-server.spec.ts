import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { HostShell } from '../common/host-shell';
import { joinArgv } from '../common/shell-quote';
import { createDemoShell } from '../sim/demo';
import { AuthFailedError, SshError } from './errors';
import {
  generateEd25519,
  isEndlessXentop,
  startSimSshServer,
  type SimSshServer,
} from './sim-server';
import { parseShellWords } from './shell-words';
import { SshShell, type SshShellConnectOptions } from './ssh-shell';
import { TrustStore } from './trust-store';

const PASSWORD = 'hunter2 but longer';
let dir: string;
let clientKey: string;
let clientKeyText: string;
let strangerKey: string;
let server: SimSshServer;
let demo: ReturnType<typeof createDemoShell>;
/** argv of every command that reached the HostShell. */
const ran: string[][] = [];
const shells: SshShell[] = [];

/** The demo shell, recording what reaches it (to prove a refused command never does). */
function recording(shell: HostShell): HostShell {
  return {
    run: (argv, options) => (ran.push([...argv]), shell.run(argv, options)),
    stream: (argv, handlers) => (ran.push([...argv]), shell.stream(argv, handlers)),
    close: () => shell.close(),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vslicer-sim-sshd-'));
  const client = generateEd25519();
  const stranger = generateEd25519();
  clientKey = join(dir, 'client_key');
  strangerKey = join(dir, 'stranger_key');
  clientKeyText = client.private;
  await writeFile(clientKey, client.private, { mode: 0o600 });
  await writeFile(strangerKey, stranger.private, { mode: 0o600 });
  demo = createDemoShell(7);
  server = await startSimSshServer({
    shell: recording(demo.shell),
    authorizedKeys: `# the test client\n${client.public} test@vslicer\n`,
    password: PASSWORD,
  });
});

afterEach(() => {
  for (const shell of shells.splice(0)) shell.close();
});

afterAll(async () => {
  await server?.close();
  demo?.shell.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function connect(overrides: Partial<SshShellConnectOptions> = {}): Promise<SshShell> {
  const shell = await SshShell.connect({
    host: '127.0.0.1',
    port: server.port,
    auth: { username: 'root', agentSocket: null, identityFiles: [clientKey] },
    trust: { trustStore: await TrustStore.open(dir), confirmHostKey: async () => true },
    ...overrides,
  });
  shells.push(shell);
  return shell;
}

/** A bare ssh2 client: sends a command line exactly as given, no joinArgv. */
function rawExec(
  command: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('error', reject);
    client.on('ready', () =>
      client.exec(command, (error, channel) => {
        if (error) return reject(error);
        let stdout = '';
        let stderr = '';
        let code: number | null = null;
        channel.on('data', (d: Buffer) => (stdout += d.toString()));
        channel.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        channel.on('exit', (c: number | null) => (code = c));
        channel.on('close', () => {
          client.end();
          resolve({ code, stdout, stderr });
        });
      }),
    );
    client.connect({
      host: '127.0.0.1',
      port: server.port,
      username: 'root',
      privateKey: clientKeyText,
      hostVerifier: () => true,
    });
  });
}
const frames = (text: string): number => text.split('NAME  STATE').length - 1;

async function until(check: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('parseShellWords', () => {
  it('gives back exactly the argv that joinArgv quoted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')),
          { minLength: 1 },
        ),
        (argv) => {
          expect(parseShellWords(joinArgv(argv))).toEqual({ ok: true, argv });
        },
      ),
    );
  });

  it('reads the quoting a person types', () => {
    expect(parseShellWords(`xl  list "a b" 'c d'\\ e "x\\"y\\$" f\\;g --delay=1`)).toEqual({
      ok: true,
      argv: ['xl', 'list', 'a b', 'c d e', 'x"y$', 'f;g', '--delay=1'],
    });
  });

  it.each([
    'xl list; id',
    'xl list | cat',
    'xl list && id',
    'xl list $(id)',
    'xl list `id`',
    'xl "$(id)"',
    'xl "`id`"',
    'xl list > /tmp/x',
    'xl list < /etc/passwd',
    'xl list *',
    'xl ~root',
    'xl list # comment',
    'xl list\nid',
    'PATH=/tmp xl list',
    "xl 'unterminated",
    'xl "unterminated',
    'xl \\',
  ])('refuses %j', (line) => {
    const parsed = parseShellWords(line);
    expect(parsed.ok).toBe(false);
  });
});

describe('isEndlessXentop', () => {
  it.each([
    [['xentop', '-b', '-d', '1', '-f'], true],
    [['/usr/sbin/xentop', '-bd', '1'], true],
    [['xentop', '-b', '-d', 'i'], true],
    [['xentop', '-b', '-i', '2'], false],
    [['xentop', '-bi2'], false],
    [['xentop', '-b', '--iterations=2'], false],
    [['xentop', '-b', '--it', '2'], false],
    [['xl', 'list'], false],
  ])('%j → %s', (argv, endless) => expect(isEndlessXentop(argv)).toBe(endless));
});

describe('the simulated Xen host over SSH, through SshShell', () => {
  it('presents the host key whose fingerprint it printed', async () => {
    let asked: { keyType: string; fingerprint: string } | null = null;
    const store = await TrustStore.open(await mkdtemp(join(dir, 'store-')));
    const shell = await connect({
      trust: { trustStore: store, confirmHostKey: async (r) => ((asked = r), true) },
    });
    expect(asked).toMatchObject({ keyType: 'ssh-ed25519', fingerprint: server.hostKeyFingerprint });
    expect(shell.hostKey.fingerprint).toBe(server.hostKeyFingerprint);
  });

  it('serves a host key from a file, with the fingerprint ssh-keygen computes', async () => {
    const keyFile = join(dir, 'host_key');
    await writeFile(keyFile, generateEd25519().private, { mode: 0o600 });
    const { stdout } = await promisify(execFile)('ssh-keygen', ['-lf', keyFile]);
    const other = await startSimSshServer({
      shell: demo.shell,
      hostKey: await readFile(keyFile),
      password: PASSWORD,
    });
    try {
      expect(other.hostKeyFingerprint).toBe(stdout.split(' ')[1]);
    } finally {
      await other.close();
    }
  });

  it('switches a class with xl sched-vslicer and reads it back', async () => {
    const shell = await connect();
    // Columns: Name ID Weight Cap Microslice.
    const row = async (name: string): Promise<string[]> => {
      const listing = await shell.run(['xl', 'sched-vslicer']);
      expect(listing.exitCode).toBe(0);
      const line = listing.stdout.split('\n').find((l) => l.startsWith(`${name} `));
      return line?.trim().split(/\s+/) ?? [];
    };
    const [, id, , , before] = await row('web-frontend');
    expect(before).toBe('0');
    expect(await shell.run(['xl', 'sched-vslicer', '-d', id!, '-m', '5'])).toMatchObject({
      exitCode: 0,
    });
    expect((await row('web-frontend'))[4]).toBe('5');
  });

  it('streams xentop frames until the stream is stopped', async () => {
    const shell = await connect();
    let stdout = '';
    let closed: ((v: [number | null, Error | undefined]) => void) | null = null;
    const done = new Promise<[number | null, Error | undefined]>((r) => (closed = r));
    const handle = shell.stream(['xentop', '-b', '-d', '1', '-f'], {
      onStdout: (chunk) => (stdout += chunk),
      onStderr: () => undefined,
      onClose: (code, error) => closed!([code, error]),
    });
    await until(() => frames(stdout) >= 2);
    expect(stdout).toContain('Domain-0');
    handle.stop();
    expect((await done)[1]).toBeUndefined();
  });

  it('delivers hostile argv words as single words', async () => {
    const shell = await connect();
    const words = [
      'a;b',
      ';',
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
      ' ',
      'ünïcødé ✓ 日本',
      '\\',
      'x=1',
    ];
    const outcomes = await shell.runBatch(words.map((w) => ['xl', 'list', w]));
    expect(outcomes.map((o) => (o.ok ? o.result.stderr : o.error.message))).toEqual(
      words.map((w) => `${w} is an invalid domain identifier (rc=-6)\n`),
    );
  });

  it('refuses a command line a shell would expand, with status 2, running nothing', async () => {
    for (const line of ['xl list; id', 'xl list $(id)', 'xl list `id` ', 'xl list | cat']) {
      ran.length = 0;
      const result = await rawExec(line);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^vslicer sim sshd: refused: /);
      expect(ran).toEqual([]);
    }
    expect((await rawExec("xl list 'a;b'")).stderr).toBe(
      'a;b is an invalid domain identifier (rc=-6)\n',
    );
  });

  it('logs in with the password, and refuses a wrong one or an unknown key', async () => {
    const withPassword = await connect({
      auth: {
        username: 'root',
        agentSocket: null,
        identityFiles: [],
        password: async () => PASSWORD,
      },
    });
    expect((await withPassword.run(['xl', 'list'])).exitCode).toBe(0);
    for (const auth of [
      { username: 'root', agentSocket: null, identityFiles: [strangerKey] },
      { username: 'root', agentSocket: null, identityFiles: [], password: async () => 'wrong' },
    ]) {
      const error = await connect({ auth }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthFailedError);
      expect((error as SshError).code).toBe('auth-failed');
    }
  });

  it('allows at most 10 sessions on one connection, as sshd does', async () => {
    const client = new ssh2.Client();
    await new Promise<void>((resolve, reject) => {
      client.on('ready', resolve).on('error', reject);
      client.connect({
        host: '127.0.0.1',
        port: server.port,
        username: 'root',
        privateKey: clientKeyText,
        hostVerifier: () => true,
      });
    });
    const open = (): Promise<ClientChannel> =>
      new Promise((resolve, reject) =>
        client.exec('xentop -b -d 1', (error, channel) =>
          error ? reject(error) : resolve(channel),
        ),
      );
    const channels = await Promise.all(Array.from({ length: 10 }, open));
    await expect(open()).rejects.toThrow();
    channels[0]!.close();
    await new Promise((r) => setTimeout(r, 100));
    (await open()).close();
    client.end();
  });

  it('ends streams with a connection-lost error when the server closes', async () => {
    const own = await startSimSshServer({ shell: demo.shell, password: PASSWORD });
    const shell = await connect({
      port: own.port,
      auth: {
        username: 'root',
        agentSocket: null,
        identityFiles: [],
        password: async () => PASSWORD,
      },
    });
    let stdout = '';
    const closed = new Promise<Error | undefined>((resolve) =>
      shell.stream(['xentop', '-b', '-d', '1'], {
        onStdout: (chunk) => (stdout += chunk),
        onStderr: () => undefined,
        onClose: (_code, error) => resolve(error),
      }),
    );
    await until(() => frames(stdout) >= 1);
    await own.close();
    const error = await closed;
    expect(error).toBeInstanceOf(SshError);
    expect((error as SshError).code).toBe('connection-lost');
  });
});
