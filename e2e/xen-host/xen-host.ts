/**
 * A real Xen 4.17 host for tests and for people: the cached dom0 image booted under QEMU,
 * a key pair made for this run, SSH on 127.0.0.1, and two small PV guests — `vslicer-busy`
 * (CPU-bound) and `vslicer-idle` (answers ping at 10.0.0.3 on the bridge it shares with dom0).
 *
 * Setting up goes through the system's OpenSSH client, not the app's code: what the tests prove
 * (the app's ssh2 transport, profiles and parsers) must not also be what built the fixture.
 */
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sha256Fingerprint } from '../../src-main/ssh/fingerprint';
import { QemuMachine } from './qemu-machine';
import { ensureXenImage, type XenImage } from './xen-image';

const exec = promisify(execFile);

export const GUESTS = ['vslicer-busy', 'vslicer-idle'] as const;
/** The idle guest's address on xenbr0 (dom0 is 10.0.0.1). */
export const IDLE_GUEST_ADDRESS = '10.0.0.3';

export interface XenHostTimings {
  /** Seconds to build the image, or null when the cache had it. */
  imageBuild: number | null;
  debootstrap: number | null;
  bootToSsh: number;
  /** `xl create` of each guest, in seconds. */
  guestCreate: Record<string, number>;
  /** From the idle guest's `xl create` returning to its first ping answered. */
  guestUp: number;
}

export interface CommandOutput {
  stdout: string;
  stderr: string;
  code: number;
}

export interface XenHost {
  readonly host: '127.0.0.1';
  readonly port: number;
  readonly user: 'root';
  /** Private key made for this run (unencrypted ed25519). */
  readonly identityFile: string;
  /** dom0's host key from the image: `[127.0.0.1]:port ssh-ed25519 …`. */
  readonly knownHostsLine: string;
  readonly hostKeyFingerprint: string;
  readonly image: XenImage;
  readonly runDir: string;
  readonly timings: XenHostTimings;
  /** Runs a command in dom0 through OpenSSH (one multiplexed connection). */
  ssh(command: string, timeoutMs?: number): Promise<CommandOutput>;
  serialTail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** Leave the guests out (a bare dom0). */
  guests?: boolean;
  bootTimeoutMs?: number;
}

export async function startXenHost(options: StartOptions = {}): Promise<XenHost> {
  const log = options.log ?? ((l: string) => console.log(l));
  const image = await ensureXenImage(log);
  const runDir = mkdtempSync(join(tmpdir(), 'vslicer-xen-host-'));
  const identityFile = join(runDir, 'id_ed25519');
  await exec('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'vslicer-xen-host', '-f', identityFile]);
  // Under sudo the operator's app runs as the user who typed sudo: the run's key must be theirs.
  const sudoUid = Number(process.env.SUDO_UID);
  const sudoGid = Number(process.env.SUDO_GID);
  if (Number.isInteger(sudoUid) && Number.isInteger(sudoGid) && sudoUid > 0) {
    for (const f of [runDir, identityFile, `${identityFile}.pub`]) chownSync(f, sudoUid, sudoGid);
  }
  const accel = process.env.XEN_HOST_ACCEL === 'kvm' ? 'kvm' : 'tcg';
  const t0 = performance.now();
  const machine = await QemuMachine.boot({ image, runDir, authorizedKey: readFileSync(`${identityFile}.pub`, 'utf8'), accel });
  log(`xen-host: QEMU started (${accel}), dom0 SSH will be at 127.0.0.1:${machine.sshPort}`);

  const [keyType, keyData] = image.hostKey.split(/\s+/);
  const knownHostsLine = `[127.0.0.1]:${machine.sshPort} ${keyType} ${keyData}`;
  const knownHostsFile = join(runDir, 'known_hosts');
  writeFileSync(knownHostsFile, `${knownHostsLine}\n`);
  const sshArgs = (command: string) => [
    '-F', '/dev/null',
    '-o', 'BatchMode=yes',
    '-o', 'IdentitiesOnly=yes',
    '-o', `UserKnownHostsFile=${knownHostsFile}`,
    '-o', 'StrictHostKeyChecking=yes',
    '-o', 'ConnectTimeout=10',
    '-o', 'ControlMaster=auto',
    '-o', `ControlPath=${join(runDir, 'cm')}`,
    '-o', 'ControlPersist=300',
    '-i', identityFile,
    '-p', String(machine.sshPort),
    'root@127.0.0.1',
    '--',
    command,
  ];
  const ssh = async (command: string, timeoutMs = 120_000): Promise<CommandOutput> => {
    try {
      const r = await exec('ssh', sshArgs(command), { timeout: timeoutMs, maxBuffer: 16 << 20 });
      return { stdout: r.stdout, stderr: r.stderr, code: 0 };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string; code?: number | string };
      return { stdout: err.stdout ?? '', stderr: err.stderr ?? String(e), code: typeof err.code === 'number' ? err.code : 255 };
    }
  };

  const stop = async () => {
    await exec('ssh', ['-F', '/dev/null', '-o', `ControlPath=${join(runDir, 'cm')}`, '-O', 'exit', 'x']).catch(() => undefined);
    await machine.stop();
    rmSync(runDir, { recursive: true, force: true });
  };
  const fail = async (what: string): Promise<never> => {
    const tail = machine.serialTail(60);
    await stop();
    throw new Error(`xen-host: ${what}\n--- serial console (last lines) ---\n${tail}`);
  };

  // dom0 boots in ~90 s under emulation; sshd answering with our key is the sign it is up.
  const deadline = Date.now() + (options.bootTimeoutMs ?? 600_000);
  for (;;) {
    if (machine.exited) await fail(machine.exited);
    const r = await ssh('true', 20_000);
    if (r.code === 0) break;
    if (/Host key verification failed|REMOTE HOST IDENTIFICATION/.test(r.stderr)) await fail(`dom0 presented a host key other than the image's: ${r.stderr.trim()}`);
    if (Date.now() > deadline) await fail(`dom0 did not answer SSH within ${(options.bootTimeoutMs ?? 600_000) / 1000} s (last: ${r.stderr.trim()})`);
    await new Promise((r) => setTimeout(r, 2000));
  }
  const bootToSsh = (performance.now() - t0) / 1000;
  log(`xen-host: dom0 answers SSH after ${bootToSsh.toFixed(0)} s`);

  const guestCreate: Record<string, number> = {};
  let guestUp = 0;
  if (options.guests !== false) {
    for (const name of GUESTS) {
      const t = performance.now();
      const r = await ssh(`xl create /etc/xen/${name}.cfg`, 300_000);
      if (r.code !== 0) await fail(`xl create ${name} failed (status ${r.code}): ${r.stderr.trim()}`);
      guestCreate[name] = (performance.now() - t) / 1000;
      log(`xen-host: guest ${name} created in ${guestCreate[name]!.toFixed(0)} s`);
    }
    const t = performance.now();
    const upBy = Date.now() + 300_000;
    while ((await ssh(`ping -c 1 -W 2 ${IDLE_GUEST_ADDRESS}`, 30_000)).code !== 0) {
      if (Date.now() > upBy) {
        const console = await ssh('tail -n 30 /var/log/xen/console/guest-vslicer-idle.log');
        await fail(`guest vslicer-idle did not answer ping at ${IDLE_GUEST_ADDRESS} within 300 s\n--- guest console ---\n${console.stdout}`);
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
    guestUp = (performance.now() - t) / 1000;
    log(`xen-host: vslicer-idle answers ping after ${guestUp.toFixed(0)} s`);
  }

  return {
    host: '127.0.0.1',
    port: machine.sshPort,
    user: 'root',
    identityFile,
    knownHostsLine,
    hostKeyFingerprint: sha256Fingerprint(Buffer.from(keyData!, 'base64')),
    image,
    runDir,
    timings: { imageBuild: image.builtInSeconds, debootstrap: image.debootstrapSeconds, bootToSsh, guestCreate, guestUp },
    ssh,
    serialTail: (lines) => machine.serialTail(lines),
    stop,
  };
}
