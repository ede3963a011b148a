/**
 * A real Xen 4.17 host for tests and for people: the cached dom0 image booted under QEMU with the
 * vSlicer hypervisor (hypervisor/build-xen.sh) or Debian's stock one, a key pair made for this
 * run, SSH on 127.0.0.1, `vslicer-ctl` installed in dom0, and the paper's guests (guest-kit.ts):
 * N PV VMs in pCPU 1's cpupool at 40 % load each, `vslicer-ping` (10.0.0.3) the one pinged from dom0.
 *
 * Setting up goes through the system's OpenSSH client, not the app's code: what the tests prove
 * (the app's ssh2 transport, profiles and parsers) must not also be what built the fixture.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sha256Fingerprint } from '../../src-main/ssh/fingerprint';
import {
  buildGuestKit,
  LOAD_PORT,
  paperGuests,
  PINGED_GUEST,
  setupScript,
  type GuestSpec,
} from './guest-kit';
import { resolveHypervisor, type Hypervisor, type HypervisorKind } from './hypervisor';
import { QemuMachine } from './qemu-machine';
import { saveSnapshot, snapshotOf, SNAPSHOT_NAME } from './snapshot';
import { ensureXenImage, type XenImage } from './xen-image';

const exec = promisify(execFile);

/** The default guest set: four VMs on one pCPU (the paper's Fig. 7b). */
export const GUESTS = paperGuests(4).map((g) => g.name);
export { PINGED_GUEST };
/** The pinged guest's address on xenbr0 (dom0 is 10.0.0.1). */
export const PINGED_GUEST_ADDRESS = '10.0.0.3';

export interface XenHostTimings {
  /** Seconds to build the image, or null when the cache had it. */
  imageBuild: number | null;
  debootstrap: number | null;
  bootToSsh: number;
  /** `xl create` of each guest, in seconds. */
  guestCreate: Record<string, number>;
  /** From the first `xl create` to every guest's load answering dom0. */
  guestUp: number;
  /** build-xen.sh (≈ 0 when cached). */
  hypervisorBuild: number;
  /** Pushing the guest kit and repacking the guests' initramfs in dom0. */
  kitSetup: number;
  /** Whether the host was resumed from a saved one (then bootToSsh is the resume). */
  resumed: boolean;
  /** Seconds to save the booted host, when this run saved it. */
  snapshotSave: number | null;
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
  readonly hypervisor: Hypervisor;
  readonly guests: readonly GuestSpec[];
  /** Asks a guest's vs-load over UDP from dom0 (`stats`, `duty N`); null when it did not answer. */
  load(guest: string, request: string): Promise<string | null>;
  /** Creates a guest of the kit that is not running (after `xl destroy`), waiting for its load. */
  createGuest(guest: string): Promise<number>;
  /** Runs a command in dom0 through OpenSSH (one multiplexed connection). */
  ssh(command: string, timeoutMs?: number): Promise<CommandOutput>;
  serialTail(lines?: number): string;
  /** Why the machine is gone (QEMU exited, Xen panicked), or null while it runs. */
  readonly exited: string | null;
  stop(): Promise<void>;
}

export interface StartOptions {
  log?: (line: string) => void;
  /** 'vslicer' (default) or Debian's own 'stock' Xen; XEN_HOST_HYPERVISOR overrides the default. */
  hypervisor?: HypervisorKind;
  /** How many of the paper's guests (default 4); 0 or false for a bare dom0. */
  guests?: number | false;
  bootTimeoutMs?: number;
  /** Resume the saved host when there is one, and save it after a full boot (default true). */
  snapshot?: boolean;
}

export async function startXenHost(options: StartOptions = {}): Promise<XenHost> {
  const log = options.log ?? ((l: string) => console.log(l));
  const image = await ensureXenImage(log);
  const kind: HypervisorKind =
    options.hypervisor ?? (process.env.XEN_HOST_HYPERVISOR === 'stock' ? 'stock' : 'vslicer');
  const hypervisor = await resolveHypervisor(kind, image, log);
  const kit = await buildGuestKit(image.vmlinuz);
  const guests = options.guests === false ? [] : paperGuests(options.guests ?? 4);
  const runDir = mkdtempSync(join(tmpdir(), 'vslicer-xen-host-'));
  const identityFile = join(runDir, 'id_ed25519');
  const snap = options.snapshot === false ? null : snapshotOf(image, hypervisor, kit, guests);
  const restoring = snap !== null && existsSync(join(snap, 'done'));
  if (restoring) {
    // The saved machine trusts the key of the run that saved it: that key comes with it.
    for (const f of ['id_ed25519', 'id_ed25519.pub']) copyFileSync(join(snap, f), join(runDir, f));
    chmodSync(identityFile, 0o600);
    log(`xen-host: resuming the saved host ${snap}`);
  } else {
    await exec('ssh-keygen', [
      '-q',
      '-t',
      'ed25519',
      '-N',
      '',
      '-C',
      'vslicer-xen-host',
      '-f',
      identityFile,
    ]);
  }
  // Under sudo the operator's app runs as the user who typed sudo: the run's key must be theirs.
  const sudoUid = Number(process.env.SUDO_UID);
  const sudoGid = Number(process.env.SUDO_GID);
  if (Number.isInteger(sudoUid) && Number.isInteger(sudoGid) && sudoUid > 0) {
    for (const f of [runDir, identityFile, `${identityFile}.pub`]) chownSync(f, sudoUid, sudoGid);
  }
  const accel = process.env.XEN_HOST_ACCEL === 'kvm' ? 'kvm' : 'tcg';
  const machine = await QemuMachine.boot({
    image,
    runDir,
    authorizedKey: readFileSync(`${identityFile}.pub`, 'utf8'),
    accel,
    xen: hypervisor.xen,
    restore: restoring ? { disk: join(snap, 'dom0.qcow2'), name: SNAPSHOT_NAME } : undefined,
    onLockWait: (lock) =>
      log(`xen-host: waiting for ${lock} (another emulated host or a Xen build runs)`),
  });
  const tBoot = performance.now();
  log(
    `xen-host: QEMU started (${accel}, ${kind} hypervisor ${hypervisor.xen}), dom0 SSH will be at 127.0.0.1:${machine.sshPort}`,
  );

  const [keyType, keyData] = image.hostKey.split(/\s+/);
  const knownHostsLine = `[127.0.0.1]:${machine.sshPort} ${keyType} ${keyData}`;
  const knownHostsFile = join(runDir, 'known_hosts');
  writeFileSync(knownHostsFile, `${knownHostsLine}\n`);
  const sshOptions = [
    '-F',
    '/dev/null',
    '-o',
    'BatchMode=yes',
    '-o',
    'IdentitiesOnly=yes',
    '-o',
    `UserKnownHostsFile=${knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'ConnectTimeout=10',
    '-o',
    'ControlMaster=auto',
    '-o',
    `ControlPath=${join(runDir, 'cm')}`,
    '-o',
    'ControlPersist=300',
    '-i',
    identityFile,
  ];
  const sshArgs = (command: string) => [
    ...sshOptions,
    '-p',
    String(machine.sshPort),
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
      return {
        stdout: err.stdout ?? '',
        stderr: err.stderr ?? String(e),
        code: typeof err.code === 'number' ? err.code : 255,
      };
    }
  };

  const stop = async () => {
    await exec('ssh', [
      '-F',
      '/dev/null',
      '-o',
      `ControlPath=${join(runDir, 'cm')}`,
      '-O',
      'exit',
      'x',
    ]).catch(() => undefined);
    await machine.stop();
    rmSync(runDir, { recursive: true, force: true });
  };
  const fail = async (what: string): Promise<never> => {
    const tail = machine.serialTail(60);
    await stop();
    throw new Error(`xen-host: ${what}\n--- serial console (last lines) ---\n${tail}`);
  };

  // dom0 boots in ~90 s under emulation; sshd answering with our key is the sign it is up.
  const deadline = Date.now() + (options.bootTimeoutMs ?? 1_200_000);
  for (;;) {
    if (machine.exited) await fail(machine.exited);
    const r = await ssh('true', 20_000);
    if (r.code === 0) break;
    if (/Host key verification failed|REMOTE HOST IDENTIFICATION/.test(r.stderr))
      await fail(`dom0 presented a host key other than the image's: ${r.stderr.trim()}`);
    if (Date.now() > deadline)
      await fail(
        `dom0 did not answer SSH within ${(options.bootTimeoutMs ?? 1_200_000) / 1000} s (last: ${r.stderr.trim()})`,
      );
    await new Promise((r) => setTimeout(r, 2000));
  }
  const bootToSsh = (performance.now() - tBoot) / 1000;
  log(`xen-host: dom0 answers SSH after ${bootToSsh.toFixed(0)} s`);

  // A resumed dom0's clock is the saved one: set it, or logs and RTT timestamps lie.
  if (restoring) await ssh(`date -s @${Math.floor(Date.now() / 1000)} > /dev/null`);

  // The kit: vslicer-ctl, vs-loadctl, the guests' load and init; then the guests' initramfs.
  const tKit = performance.now();
  if (!restoring) {
    await ssh('mkdir -p /root/kit');
    try {
      const files = [...(hypervisor.vslicerCtl ? [hypervisor.vslicerCtl] : []), ...kit.files];
      await exec(
        'scp',
        [...sshOptions, '-q', '-P', String(machine.sshPort), ...files, 'root@127.0.0.1:/root/kit/'],
        { timeout: 120_000 },
      );
    } catch (e) {
      await fail(`copying the guest kit into dom0 failed: ${(e as Error).message}`);
    }
    const install = hypervisor.vslicerCtl
      ? 'install -m 755 /root/kit/vslicer-ctl /usr/local/sbin/vslicer-ctl && '
      : '';
    const setup = await ssh(`${install}${setupScript(guests)}`, 180_000);
    if (setup.code !== 0 || !setup.stdout.includes('kit-ready'))
      await fail(`guest kit setup failed (status ${setup.code}): ${setup.stderr.trim()}`);
  }
  const kitSetup = (performance.now() - tKit) / 1000;
  if (!restoring)
    log(`xen-host: vslicer-ctl and the guest kit installed in ${kitSetup.toFixed(0)} s`);

  const load = async (guest: string, request: string): Promise<string | null> => {
    const g = guests.find((x) => x.name === guest);
    if (!g) throw new Error(`xen-host: no guest ${guest}`);
    const r = await ssh(`vs-loadctl ${g.address} ${LOAD_PORT} '${request}' 4000`, 30_000);
    return r.code === 0 ? r.stdout.trim() : null;
  };
  const waitForLoad = async (names: readonly string[], timeoutMs: number): Promise<void> => {
    const upBy = Date.now() + timeoutMs;
    const pending = new Set(names);
    while (pending.size > 0) {
      for (const name of [...pending])
        if ((await load(name, 'stats'))?.startsWith('iters=')) pending.delete(name);
      if (pending.size === 0) break;
      if (Date.now() > upBy) {
        const name = [...pending][0]!;
        const console = await ssh(`tail -n 30 /var/log/xen/console/guest-${name}.log`);
        await fail(
          `guest(s) ${[...pending].join(', ')} did not answer within ${timeoutMs / 1000} s\n--- console of ${name} ---\n${console.stdout}`,
        );
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  // Under emulation libxc's XZ decompression of the guest kernel fails now and then ("unable to
  // XZ decompress kernel: Invalid kernel", 1 create in 3 in one run) and the same create then
  // succeeds: up to three tries, each failure logged.
  const xlCreate = async (name: string): Promise<CommandOutput> => {
    let r: CommandOutput = { stdout: '', stderr: '', code: 255 };
    for (let attempt = 1; attempt <= 3; attempt++) {
      r = await ssh(`xl create /etc/xen/${name}.cfg`, 300_000);
      if (r.code === 0) {
        await attachVif(name);
        break;
      }
      log(
        `xen-host: xl create ${name} failed (try ${attempt}): ${
          r.stderr
            .trim()
            .split('\n')
            .find((l) => /error/.test(l)) ?? r.stderr.trim()
        }`,
      );
    }
    return r;
  };
  // libxl kills vif-bridge after its hotplug timeout and, under load, has left the guest's vif
  // down and outside xenbr0 while `xl create` succeeded (the guest then never answers ARP): the
  // script's job is finished here when it did not do it.
  const attachVif = async (name: string): Promise<void> => {
    const r = await ssh(
      `id=$(xl domid ${name}) && v=vif$id.0 && if [ ! -e /sys/class/net/xenbr0/brif/$v ]; then ip link set $v master xenbr0 && ip link set $v up && echo attached $v; fi`,
    );
    if (r.stdout.includes('attached'))
      log(`xen-host: ${name}: ${r.stdout.trim()} to xenbr0 (vif-bridge did not)`);
  };
  const createGuest = async (name: string): Promise<number> => {
    const t = performance.now();
    const r = await xlCreate(name);
    if (r.code !== 0)
      throw new Error(`xl create ${name} failed (status ${r.code}): ${r.stderr.trim()}`);
    await waitForLoad([name], 300_000);
    return (performance.now() - t) / 1000;
  };

  const guestCreate: Record<string, number> = {};
  let guestUp = 0;
  if (restoring && guests.length > 0) {
    const t = performance.now();
    await waitForLoad(
      guests.map((g) => g.name),
      180_000,
    );
    guestUp = (performance.now() - t) / 1000;
    log(`xen-host: ${guests.length} resumed guests answer after ${guestUp.toFixed(0)} s`);
  } else if (guests.length > 0) {
    const t = performance.now();
    // One after the other: building a PV guest is dom0's work, and dom0 has one pCPU.
    for (const g of guests) {
      const tc = performance.now();
      const r = await xlCreate(g.name);
      if (r.code !== 0)
        await fail(`xl create ${g.name} failed (status ${r.code}): ${r.stderr.trim()}`);
      guestCreate[g.name] = (performance.now() - tc) / 1000;
      log(`xen-host: guest ${g.name} created in ${guestCreate[g.name]!.toFixed(0)} s`);
    }
    await waitForLoad(
      guests.map((g) => g.name),
      300_000,
    );
    guestUp = (performance.now() - t) / 1000;
    log(`xen-host: ${guests.length} guests run their load after ${guestUp.toFixed(0)} s`);
  }
  let snapshotSave: number | null = null;
  if (snap !== null && !restoring) {
    const t = performance.now();
    try {
      await saveSnapshot(machine, runDir, snap);
      snapshotSave = (performance.now() - t) / 1000;
      log(`xen-host: saved the running host in ${snapshotSave.toFixed(0)} s (${snap})`);
    } catch (e) {
      log(`xen-host: could not save the running host: ${(e as Error).message}`);
      await machine.monitor('cont').catch(() => undefined);
    }
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
    timings: {
      imageBuild: image.builtInSeconds,
      debootstrap: image.debootstrapSeconds,
      bootToSsh,
      guestCreate,
      guestUp,
      hypervisorBuild: hypervisor.buildSeconds,
      kitSetup,
      resumed: restoring,
      snapshotSave,
    },
    hypervisor,
    guests,
    load,
    createGuest,
    ssh,
    serialTail: (lines) => machine.serialTail(lines),
    get exited() {
      return machine.exited;
    },
    stop,
  };
}
