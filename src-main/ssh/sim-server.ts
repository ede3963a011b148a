/**
 * An SSH server on 127.0.0.1 in front of any HostShell: `vslicer sim sshd` puts the
 * demo host behind it so the real SSH transport can be demonstrated and tested without a dom0.
 * The server is not a shell: an exec request is split back into argv by a small POSIX
 * shell-words parser that accepts only what joinArgv produces (plain and quoted words) and refuses
 * anything a shell would expand or run, so nothing sent here can do more than the HostShell allows.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import ssh2 from 'ssh2';
import type { AuthContext, Connection, ParsedKey, ServerChannel, Session } from 'ssh2';
import type { HostShell, StreamHandle } from '../common/host-shell';
import { keyTypeOf, sha256Fingerprint } from './fingerprint';
import { parseShellWords } from './shell-words';

/** sshd's MaxSessions default: open sessions (channels) allowed on one connection. */
export const MAX_SESSIONS_PER_CONNECTION = 10;
/** sshd's MaxAuthTries default: failed attempts before the connection is dropped. */
const MAX_AUTH_TRIES = 6;
/** A one-shot command may run as long as on a real host (ping -c 100 …): no 10 s default here. */
const RUN_TIMEOUT_MS = 10 * 60_000;
/** How long close() lets clients hang up after the SSH disconnect before dropping their sockets. */
const CLOSE_GRACE_MS = 1_000;

export interface SimSshServerOptions {
  /** Answers the commands; owned by the caller (close() does not close it). */
  shell: HostShell;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Host private key (PEM or OpenSSH text, unencrypted); absent: a fresh ed25519 key. */
  hostKey?: string | Buffer;
  /** authorized_keys text (OpenSSH format) whose keys may log in. */
  authorizedKeys?: string;
  /** A password that may log in (any user name); never logged. */
  password?: string;
}

export interface SimSshServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly hostKeyType: string;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  readonly hostKeyFingerprint: string;
  /** Ends every connection (their channels close, streams stop) and stops listening. */
  close(): Promise<void>;
}

/** Public keys of an authorized_keys file; lines with options (from=, command=) are skipped. */
export function parseAuthorizedKeys(text: string): { keys: ParsedKey[]; skipped: string[] } {
  const keys: ParsedKey[] = [];
  const skipped: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    // Options restrict a key; honouring none of them would widen access, so such keys stay out.
    const parsed = /^(ssh-|ecdsa-|sk-)/.test(line) ? ssh2.utils.parseKey(line) : null;
    if (parsed && !(parsed instanceof Error)) keys.push(Array.isArray(parsed) ? parsed[0] : parsed);
    else
      skipped.push(
        `line ${index + 1}: ${parsed ? parsed.message : 'key options are not supported'}`,
      );
  });
  return { keys, skipped };
}

export function startSimSshServer(options: SimSshServerOptions): Promise<SimSshServer> {
  const { shell } = options;
  const authorized = parseAuthorizedKeys(options.authorizedKeys ?? '').keys;
  const password = options.password === undefined ? null : digest(options.password);
  if (authorized.length === 0 && password === null)
    return Promise.reject(new Error('no way to log in: give authorized keys or a password'));
  const hostKeyText = options.hostKey ?? generateEd25519().private;
  const hostKey = ssh2.utils.parseKey(hostKeyText);
  if (hostKey instanceof Error)
    return Promise.reject(new Error(`cannot read the host key: ${hostKey.message}`));
  const hostBlob = (Array.isArray(hostKey) ? hostKey[0] : hostKey).getPublicSSH();
  const methods: ('publickey' | 'password')[] = [];
  if (authorized.length > 0) methods.push('publickey');
  if (password) methods.push('password');

  const connections = new Set<Connection>();
  const sshServer = new ssh2.Server({ hostKeys: [hostKeyText], ident: 'vSlicer-sim' }, (conn) => {
    connections.add(conn);
    conn.once('close', () => connections.delete(conn));
    serveConnection(conn, { shell, authorized, password, methods });
  });
  // Our own listener hands sockets to ssh2 (injectSocket) so close() can reach every socket: a
  // client that ignores the SSH disconnect would otherwise keep close() waiting forever.
  const sockets = new Set<Socket>();
  const listener = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    sshServer.injectSocket(socket);
  });

  return new Promise((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(options.port ?? 0, '127.0.0.1', () => {
      listener.off('error', reject);
      resolve({
        host: '127.0.0.1',
        port: (listener.address() as AddressInfo).port,
        hostKeyType: keyTypeOf(hostBlob),
        hostKeyFingerprint: sha256Fingerprint(hostBlob),
        close: () =>
          new Promise<void>((done) => {
            listener.close(() => done());
            // A polite SSH disconnect first; then the sockets of clients that ignored it.
            for (const conn of connections) conn.end();
            const force = setTimeout(() => sockets.forEach((s) => s.destroy()), CLOSE_GRACE_MS);
            force.unref();
          }),
      });
    });
  });
}

interface ConnectionPolicy {
  shell: HostShell;
  authorized: ParsedKey[];
  password: Buffer | null;
  methods: ('publickey' | 'password')[];
}

function serveConnection(conn: Connection, policy: ConnectionPolicy): void {
  // A client that vanishes mid-packet must not take the server down.
  conn.on('error', () => undefined);
  let failures = 0;
  conn.on('authentication', (ctx) => {
    if (authenticates(ctx, policy.authorized, policy.password)) return ctx.accept();
    if (++failures >= MAX_AUTH_TRIES) return void conn.end();
    ctx.reject(policy.methods);
  });
  let sessions = 0;
  conn.on('session', (accept, reject) => {
    if (sessions >= MAX_SESSIONS_PER_CONNECTION) return reject();
    sessions++;
    const session = accept();
    let released = false;
    session.once('close', () => void (released || ((released = true), sessions--)));
    serveSession(session, policy.shell);
  });
}

/**
 * A fresh ed25519 key pair in OpenSSH format. ssh2 1.17's generator strips leading zero bytes
 * from the public key, so about one key in 256 comes out malformed: such keys are drawn again.
 */
export function generateEd25519(): { private: string; public: string } {
  for (;;) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519');
    const parsed = ssh2.utils.parseKey(pair.private);
    // 51 bytes = string "ssh-ed25519" (4 + 11) + string of the 32-byte key (4 + 32).
    if (!(parsed instanceof Error) && !Array.isArray(parsed) && parsed.getPublicSSH().length === 51)
      return pair;
  }
}

/** True when the attempt proves an authorized key or the password (the caller then accepts). */
function authenticates(ctx: AuthContext, keys: ParsedKey[], password: Buffer | null): boolean {
  if (ctx.method === 'publickey') {
    const key = keys.find((k) => k.getPublicSSH().equals(ctx.key.data));
    if (!key) return false;
    // No signature yet: the client only asks whether this key would do; accepting answers
    // SSH_MSG_USERAUTH_PK_OK and the client comes back with a signature, verified below.
    if (!ctx.signature || !ctx.blob) return true;
    return key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
  }
  if (ctx.method === 'password' && password) return timingSafeEqual(digest(ctx.password), password);
  return false;
}

/** Equal-length digests so the comparison takes the same time whatever the password's length. */
function digest(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}

function serveSession(session: Session, shell: HostShell): void {
  let abort: (() => void) | null = null;
  // exec only: ssh2 itself refuses every request without a listener (pty, env, shell, subsystem).
  session.on('signal', (accept, _reject, info) => {
    accept?.();
    if (['TERM', 'KILL', 'INT', 'HUP', 'PIPE'].includes(info.name)) abort?.();
  });
  session.on('exec', (accept, _reject, info) => {
    const channel = accept();
    const words = parseShellWords(info.command);
    if (!words.ok) {
      channel.stderr.write(`vslicer sim sshd: refused: ${words.error}\n`);
      return finish(channel, 2);
    }
    if (words.argv.length === 0) return finish(channel, 0);
    abort = isEndlessXentop(words.argv)
      ? streamCommand(channel, shell, words.argv)
      : runCommand(channel, shell, words.argv);
  });
}

function runCommand(channel: ServerChannel, shell: HostShell, argv: string[]): () => void {
  let done = false;
  channel.on('close', () => (done = true));
  shell.run(argv, { timeoutMs: RUN_TIMEOUT_MS }).then(
    (r) => {
      if (done) return;
      if (r.stdout) channel.write(r.stdout);
      if (r.stderr) channel.stderr.write(r.stderr);
      finish(channel, r.exitCode);
    },
    (error: unknown) => {
      if (done) return;
      channel.stderr.write(`${argv[0]}: ${(error as Error)?.message ?? String(error)}\n`);
      finish(channel, 1);
    },
  );
  // A signal ends a one-shot command the way it would end a process: reported as killed.
  return () => void (done || ((done = true), finish(channel, null)));
}

function streamCommand(channel: ServerChannel, shell: HostShell, argv: string[]): () => void {
  let closed = false;
  const handle: StreamHandle = shell.stream(argv, {
    onStdout: (chunk) => void (closed || channel.write(chunk)),
    onStderr: (chunk) => void (closed || channel.stderr.write(chunk)),
    onClose: (code, error) => {
      if (closed) return;
      closed = true;
      if (error) channel.stderr.write(`${argv[0]}: ${error.message}\n`);
      finish(channel, code);
    },
  });
  // The client closing the channel is how a stream ends (xentop dies of SIGPIPE on a real host).
  channel.on('close', () => {
    if (closed) return;
    closed = true;
    handle.stop();
  });
  return () => handle.stop();
}

/** Exit status (or, for null, death by SIGTERM as a real process would report it), then close. */
function finish(channel: ServerChannel, code: number | null): void {
  if (code === null) channel.exit('TERM', false, '');
  else channel.exit(code);
  channel.end();
}

/** `xentop` without `-i`/`--iterations` runs until stopped, so it is streamed, not collected. */
export function isEndlessXentop(argv: readonly string[]): boolean {
  const name = argv[0] ?? '';
  if (name.slice(name.lastIndexOf('/') + 1) !== 'xentop') return false;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      // getopt_long takes any unambiguous prefix: `--it 2`, `--del=2`, `--de 2`.
      const name = arg.split('=')[0]!;
      if (name.length > 2 && '--iterations'.startsWith(name)) return false;
      if (name.length > 3 && '--delay'.startsWith(name) && !arg.includes('=')) i++;
      continue;
    }
    if (!arg.startsWith('-')) continue;
    // Bundled short options (getopt): `d` and `i` take the rest of the word or the next one.
    for (let j = 1; j < arg.length; j++) {
      if (arg[j] === 'i') return false;
      if (arg[j] === 'd') {
        if (j === arg.length - 1) i++;
        break;
      }
    }
  }
  return true;
}
