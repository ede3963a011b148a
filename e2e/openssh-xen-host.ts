/**
 * A Xen host for end-to-end tests: Debian's real OpenSSH sshd on 127.0.0.1 whose
 * `xentop`, `xl`, `vslicer-ctl`, `ping` and `ip` are the shims in e2e/xen-shims, answered by the simulated
 * vSlicer host (`vslicer sim exec`). The app reaches it exactly as it reaches a dom0, so host-key
 * trust, auth, streaming and reconnection are tested against OpenSSH itself.
 *
 * sshd comes from src-main/ssh/openssh.testkit.ts (its sshd_config puts the fixture's bin dir
 * first on the session's PATH with `SetEnv`); this module only links the shims and `node` into
 * that dir. No Playwright import: usable from Playwright specs and from vitest alike.
 *
 * Each command runs against a fresh demo host, so state does not carry from one command to the
 * next (a class switched with `xl sched-vslicer -d … -m …` does not show in the next listing).
 */
import { copyFile, mkdir, readdir, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OpensshFixture } from '../src-main/ssh/openssh.testkit';

const SHIMS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'xen-shims');

export interface OpenSshXenHostOptions {
  /** The test's data directory: the client keys are copied into `<dataDir>/openssh-xen-host/`. */
  dataDir: string;
}

export interface OpenSshXenHost {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The user sshd lets in (the one running the tests: sshd not run as root serves only itself). */
  readonly user: string;
  /** An unencrypted ed25519 key in authorized_keys. */
  readonly identityFile: string;
  /** An ed25519 key that is NOT authorized (for the auth-failure flow). */
  readonly wrongIdentityFile: string;
  /** The current host key as OpenSSH prints it: `SHA256:…` (changes on restartWithNewHostKey). */
  readonly hostKeyFingerprint: string;
  /** The current host key as a known_hosts line: `[127.0.0.1]:port ssh-ed25519 …`. */
  readonly knownHostsLine: string;
  /** What sshd wrote to stderr (LogLevel ERROR), for failure messages. */
  readonly log: string;
  /** Kills sshd and starts it on the same port with a brand-new host key; resolves to its fingerprint. */
  restartWithNewHostKey(): Promise<string>;
  /** SIGKILLs sshd and every session it forked, as a crash or power loss would. */
  kill(): void;
  /** Starts sshd again after kill(), on the same port with the same host key. */
  start(): Promise<void>;
  /** Ends sshd and its sessions and removes the server's files; the host is gone for good. */
  stop(): Promise<void>;
}

export async function startOpenSshXenHost(options: OpenSshXenHostOptions): Promise<OpenSshXenHost> {
  const sshd = await OpensshFixture.create();
  try {
    await installShims(sshd.binDir);
    const keysDir = join(options.dataDir, 'openssh-xen-host');
    await mkdir(keysDir, { recursive: true });
    const identityFile = join(keysDir, 'client_key');
    const wrongIdentityFile = join(keysDir, 'wrong_key');
    // Copied, not linked: the keys stay readable in the test's data dir after stop().
    await copyFile(sshd.clientKeyPath, identityFile);
    await copyFile(sshd.strangerKeyPath, wrongIdentityFile);
    let fingerprint = await sshd.hostKeyFingerprint();
    let stopped = false;
    return {
      host: '127.0.0.1',
      get port() {
        return sshd.port;
      },
      user: sshd.username,
      identityFile,
      wrongIdentityFile,
      get hostKeyFingerprint() {
        return fingerprint;
      },
      get knownHostsLine() {
        return sshd.knownHostsLine();
      },
      get log() {
        return sshd.log;
      },
      async restartWithNewHostKey() {
        await sshd.restart({ newHostKey: true });
        fingerprint = await sshd.hostKeyFingerprint();
        return fingerprint;
      },
      kill: () => sshd.kill(),
      async start() {
        if (stopped) throw new Error('the OpenSSH Xen host was stopped for good; start a new one');
        await sshd.start();
      },
      async stop() {
        stopped = true;
        await sshd.dispose();
      },
    };
  } catch (error) {
    await sshd.dispose();
    throw error;
  }
}

/**
 * Links every shim into sshd's PATH dir (replacing the testkit's canned xentop), and `node`
 * too: sessions get PATH=<bin>:/usr/bin:/bin, and node may live elsewhere (nvm, /usr/local).
 */
async function installShims(binDir: string): Promise<void> {
  for (const name of await readdir(SHIMS_DIR)) {
    await rm(join(binDir, name), { force: true });
    await symlink(join(SHIMS_DIR, name), join(binDir, name));
  }
  await rm(join(binDir, 'node'), { force: true });
  await symlink(process.execPath, join(binDir, 'node'));
}
