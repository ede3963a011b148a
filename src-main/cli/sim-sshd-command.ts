/**
 * `vslicer sim sshd` and `vslicer sim exec`: the demo host reached the way a real
 * dom0 is. `sshd` serves one paced demo host over SSH on 127.0.0.1; `exec` answers one command
 * from a fresh demo host on stdout/stderr with its exit status, which is what the OpenSSH test
 * host's `xentop`/`xl`/`ping`/`ip` shims run.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, HostShell } from '../common/host-shell';
import { createDemoShell } from '../sim/demo';
import { isEndlessXentop, parseAuthorizedKeys, startSimSshServer } from '../ssh/sim-server';
import { intFlag, parseArgs, type ParsedArgs } from './args';
import type { CliIo } from './command';

export const SIM_SSHD_USAGE = `       vslicer sim sshd [--port N] [--host-key FILE] [--authorized-keys FILE] [--password-env NAME] [--seed N]
       vslicer sim exec [--seed N] -- COMMAND [ARG…]
`;

/** What the commands take from the process; tests pass their own. */
export interface SimProcessDeps {
  /** Aborted on SIGINT/SIGTERM/SIGHUP, or when stdout's reader went away (EPIPE). */
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
}

/** A shell reports a command killed by SIGTERM as 128 + 15. */
const KILLED_BY_TERM = 143;
/** One-shot commands may take as long as they take on a real host (`ping -c 100`). */
const RUN_TIMEOUT_MS = 10 * 60_000;

class UsageError extends Error {}

function checkFlags(flags: ParsedArgs['flags'], allowed: readonly string[]): void {
  for (const [name, value] of flags) {
    if (!allowed.includes(name)) throw new UsageError(`unknown flag --${name}`);
    if (value === true) throw new UsageError(`--${name} needs a value`);
  }
}

function wholeNumber(
  flags: ParsedArgs['flags'],
  name: string,
  fallback: number,
  max?: number,
): number {
  const value = intFlag(flags, name, fallback, max);
  if (typeof value === 'string') throw new UsageError(value.replace(/\.$/, ''));
  return value;
}

/** Signals (and a closed stdout, which is how `ssh host xentop | head` ends) stop the command. */
function processSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(name, stop);
  process.stdout.on('error', stop);
  return controller.signal;
}

async function readAuth(
  flags: ParsedArgs['flags'],
  env: Record<string, string | undefined>,
): Promise<{ authorizedKeys?: string; password?: string }> {
  const auth: { authorizedKeys?: string; password?: string } = {};
  const keysFile = flags.get('authorized-keys') as string | undefined;
  const passwordEnv = flags.get('password-env') as string | undefined;
  if (passwordEnv !== undefined) {
    // The password comes only from the environment: argv is visible to every user in ps.
    const password = env[passwordEnv];
    if (!password) throw new UsageError(`--password-env: ${passwordEnv} is not set or empty`);
    auth.password = password;
  }
  // Like sshd, fall back to ~/.ssh/authorized_keys when no way to log in was given.
  const fallback = join(homedir(), '.ssh', 'authorized_keys');
  const file = keysFile ?? (passwordEnv === undefined && existsSync(fallback) ? fallback : null);
  if (file !== null) auth.authorizedKeys = await readFile(file, 'utf8');
  if (auth.authorizedKeys === undefined && auth.password === undefined)
    throw new UsageError('nobody could log in: give --authorized-keys FILE or --password-env NAME');
  return auth;
}

async function serve(args: readonly string[], io: CliIo, deps: SimProcessDeps): Promise<number> {
  const { flags, positionals } = parseArgs(args);
  checkFlags(flags, ['port', 'host-key', 'authorized-keys', 'password-env', 'seed']);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = wholeNumber(flags, 'port', 0, 65535);
  const seed = wholeNumber(flags, 'seed', 1);
  const hostKeyFile = flags.get('host-key') as string | undefined;
  const hostKey = hostKeyFile === undefined ? undefined : await readFile(hostKeyFile);
  const auth = await readAuth(flags, deps.env ?? process.env);
  for (const line of parseAuthorizedKeys(auth.authorizedKeys ?? '').skipped)
    io.stderr(`vslicer sim sshd: authorized keys ${line}: skipped\n`);
  const signal = deps.signal ?? processSignal();
  const { shell } = createDemoShell(seed);
  let server;
  try {
    server = await startSimSshServer({ shell, port, hostKey, ...auth });
  } catch (error) {
    shell.close();
    io.stderr(`vslicer sim sshd: ${(error as Error).message}\n`);
    return 1;
  }
  io.stdout(
    `vSlicer simulated Xen host on ${server.host}:${server.port} (host key ${server.hostKeyFingerprint})\n`,
  );
  if (!signal.aborted)
    await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
  await server.close();
  shell.close();
  return 0;
}

function streamUntilStopped(
  shell: HostShell,
  argv: string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  return new Promise((resolve) => {
    const handle = shell.stream(argv, {
      onStdout: (chunk) => io.stdout(chunk),
      onStderr: (chunk) => io.stderr(chunk),
      onClose: (code, error) => {
        if (error) io.stderr(`${argv[0]}: ${error.message}\n`);
        resolve(code ?? KILLED_BY_TERM);
      },
    });
    if (signal.aborted) handle.stop();
    else signal.addEventListener('abort', () => handle.stop(), { once: true });
  });
}

async function exec(args: readonly string[], io: CliIo, deps: SimProcessDeps): Promise<number> {
  const dashes = args.indexOf('--');
  if (dashes < 0) throw new UsageError('the command comes after --, e.g. sim exec -- xl list');
  const { flags, positionals } = parseArgs(args.slice(0, dashes));
  checkFlags(flags, ['seed']);
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const argv = args.slice(dashes + 1);
  if (argv.length === 0) throw new UsageError('no command after --');
  const { shell } = createDemoShell(wholeNumber(flags, 'seed', 1));
  try {
    if (isEndlessXentop(argv))
      return await streamUntilStopped(shell, argv, io, deps.signal ?? processSignal());
    const result: CommandResult = await shell.run(argv, { timeoutMs: RUN_TIMEOUT_MS });
    io.stdout(result.stdout);
    io.stderr(result.stderr);
    return result.exitCode ?? KILLED_BY_TERM;
  } finally {
    shell.close();
  }
}

/** `vslicer sim sshd|exec …`; bad flags: a message on stderr and exit status 2. */
export async function runSimHostCommand(
  sub: 'sshd' | 'exec',
  args: readonly string[],
  io: CliIo,
  deps: SimProcessDeps = {},
): Promise<number> {
  const own = sub === 'exec' && args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (own.includes('--help') || own.includes('-h')) {
    io.stdout(`usage: ${SIM_SSHD_USAGE.trimStart()}`);
    return 0;
  }
  try {
    return sub === 'sshd' ? await serve(args, io, deps) : await exec(args, io, deps);
  } catch (error) {
    if (!(error instanceof UsageError) && (error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw error;
    io.stderr(`vslicer sim ${sub}: ${(error as Error).message}\n`);
    return 2;
  }
}
