/**
 * One boot of the test dom0 under QEMU: Xen 4.17 with the credit scheduler, dom0's SSH forwarded
 * to 127.0.0.1:<port>, the serial console (Xen's and dom0's) written to a file. The disk is a
 * qcow2 overlay on the cached raw image, so a run never changes the cache and its writes vanish
 * with the run directory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import type { XenImage } from './xen-image';

export interface QemuMachineOptions {
  image: XenImage;
  runDir: string;
  /** The public key that may log in as root (an OpenSSH `.pub` line), passed on dom0's command line. */
  authorizedKey: string;
  /** 'tcg' (software emulation, default) or 'kvm'; Xen does not run under KVM on these machines. */
  accel?: 'tcg' | 'kvm';
  memoryMiB?: number;
  /** The hypervisor to boot instead of the image's own (a multiboot ELF, e.g. the vSlicer build). */
  xen?: string;
  /** Called once when QEMU waits for the lock another emulated host or Xen build holds. */
  onLockWait?: (lock: string) => void;
  /**
   * Resume a saved machine: `disk` is a qcow2 overlay (on the image) holding the internal
   * snapshot `name`; a copy of it becomes the run's disk.
   */
  restore?: { disk: string; name: string };
}

/**
 * Two cores: two emulated Xen hosts (or one beside a Xen build) would each crawl and time out.
 * Every QEMU boot runs under `flock` on this file, held until QEMU exits.
 */
export const QEMU_LOCK = process.env.XEN_HOST_LOCK ?? '/tmp/qemu.lock';

/**
 * `smap=0 smep=0`: without them the PV dom0 dies on its first page fault under emulation.
 * `sched=credit`: the paper's baseline (4.17 defaults to credit2, where `xl sched-credit` is empty).
 * `spec-ctrl=eager-fpu`: QEMU 7.2's emulated CPU reports AMD, where Xen switches a vCPU's FPU
 * state lazily (CR0.TS and a #NM trap on first use); under TCG some vector instructions miss
 * that trap and run on the previous vCPU's registers, so dom0's user space saw memcpy tails
 * corrupted (about 1 in 700 copies of 1 MiB with two busy dom0 vCPUs on one pCPU): heap
 * corruption in vslicer-ctl, "error in libcrypto" from sshd, a sysctl refused for a wrong
 * interface version. The same happens on the stock hypervisor; eager switching, which Xen uses
 * on Intel by default, saves and restores the registers on every switch, and no copy went wrong.
 * The `memcpy` check in real-xen.spec.ts holds it.
 */
const XEN_ARGS =
  'dom0_mem=1024M,max:1024M dom0_max_vcpus=2 sched=credit smap=0 smep=0 spec-ctrl=eager-fpu console=com1 com1=115200,8n1 noreboot';
const DOM0_ARGS = 'root=/dev/vda rw console=hvc0 earlyprintk=xen net.ifnames=0 quiet';

const WATCHDOG =
  'exec 3<&0; "$0" "$@" </dev/null & q=$!; (read _ <&3; kill $q 2>/dev/null) & w=$!; wait $q; st=$?; kill $w 2>/dev/null; exit $st';

export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export class QemuMachine {
  private exitNote: string | null = null;

  private constructor(
    readonly child: ChildProcess,
    readonly sshPort: number,
    readonly serialLog: string,
    readonly monitorSocket: string,
  ) {
    child.once('exit', (code, signal) => {
      this.exitNote ??= `QEMU exited (${signal ?? `status ${code}`})`;
      clearInterval(this.panicWatch);
    });
    // Xen halts on a panic ('noreboot') and QEMU would idle on, holding the QEMU lock for good:
    // a panic on the serial console powers the machine off, and says so.
    this.panicWatch = setInterval(() => {
      const tail = this.serialTail(200);
      const panic = /\(XEN\) Panic on CPU \d+:\n\(XEN\) ([^\n]*)/.exec(tail);
      if (!panic) return;
      clearInterval(this.panicWatch);
      const at = /\(XEN\) Xen call trace:\n\(XEN\)\s+\[<[0-9a-f]+>\] \S+ ([^\n]+)/.exec(tail);
      this.exitNote = `Xen panicked: ${panic[1]}${at ? ` in ${at[1]}` : ''} (QEMU powered off)`;
      void this.stop();
    }, 2000);
    this.panicWatch.unref();
  }

  private readonly panicWatch: ReturnType<typeof setInterval>;

  static async boot(o: QemuMachineOptions): Promise<QemuMachine> {
    const xen = o.xen ?? o.image.xen;
    for (const f of [xen, o.image.vmlinuz, o.image.initrd]) {
      // QEMU's -initrd takes "file args,file": a comma or space in a path would split it.
      if (/[,\s]/.test(f))
        throw new Error(`xen-host: path with a comma or space cannot be booted: ${f}`);
    }
    const version = spawnSync('qemu-system-x86_64', ['--version'], { encoding: 'utf8' });
    if (version.status !== 0)
      throw new Error(
        'xen-host: qemu-system-x86_64 is not installed (Debian: apt-get install qemu-system-x86 qemu-utils)',
      );
    const overlay = join(o.runDir, 'dom0.qcow2');
    if (o.restore) copyFileSync(o.restore.disk, overlay);
    else {
      const img = spawnSync(
        'qemu-img',
        ['create', '-q', '-f', 'qcow2', '-F', 'raw', '-b', o.image.disk, overlay],
        { encoding: 'utf8' },
      );
      if (img.status !== 0) throw new Error(`qemu-img create failed: ${img.stderr}`);
    }
    const monitor = join(o.runDir, 'monitor.sock');
    const port = await freeLoopbackPort();
    const serialLog = join(o.runDir, 'serial.log');
    // The key rides on the kernel command line base64-encoded (no spaces, no commas).
    const authKey = Buffer.from(o.authorizedKey.trim()).toString('base64');
    const accel = o.accel ?? 'tcg';
    const args = [
      '-machine',
      'q35',
      '-accel',
      accel === 'kvm' ? 'kvm' : 'tcg,thread=multi',
      '-cpu',
      'max',
      '-smp',
      '2',
      '-m',
      String(o.memoryMiB ?? 2048),
      '-display',
      'none',
      // The human monitor on a socket: savevm of the booted host (xen-host.ts).
      '-monitor',
      `unix:${monitor},server=on,wait=off`,
      '-serial',
      `file:${serialLog}`,
      '-no-reboot',
      '-kernel',
      xen,
      '-append',
      XEN_ARGS,
      '-initrd',
      `${o.image.vmlinuz} ${DOM0_ARGS} vslicer.authkey=${authKey},${o.image.initrd}`,
      '-drive',
      `file=${overlay},if=virtio,format=qcow2`,
      '-netdev',
      `user,id=n0,hostfwd=tcp:127.0.0.1:${port}-:22`,
      '-device',
      'virtio-net-pci,netdev=n0',
      ...(o.restore ? ['-loadvm', o.restore.name] : []),
    ];
    // QEMU must not outlive us, even when we are killed: a small sh watches our end of a pipe and
    // kills QEMU when it closes (stop() closes it; so does the kernel when this process dies).
    // flock holds the lock for as long as QEMU runs; the marker on stderr says it was taken, so
    // the boot's deadline starts then and not while another host is still running.
    const locked = 'xen-host: qemu lock taken';
    const script = `echo '${locked}' >&2; ${WATCHDOG}`;
    const child = spawn('flock', [QEMU_LOCK, 'sh', '-c', script, 'qemu-system-x86_64', ...args], {
      stdio: ['pipe', 'ignore', 'pipe'],
      detached: true,
    });
    // QEMU gone first (it failed, or was killed): closing our end of its pipe must not throw.
    child.stdin!.on('error', () => undefined);
    let stderr = '';
    let onLocked: () => void = () => undefined;
    const lockTaken = new Promise<void>((resolve) => (onLocked = resolve));
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes(locked)) {
        stderr = stderr.replace(`${locked}\n`, '');
        onLocked();
      }
      if (stderr.length > 8192) stderr = stderr.slice(-4096);
    });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (e) => reject(new Error(`xen-host: could not start QEMU: ${e.message}`)));
    });
    const waitNote = setTimeout(() => o.onLockWait?.(QEMU_LOCK), 1000);
    await Promise.race([
      lockTaken,
      new Promise<void>((resolve) => child.once('exit', () => resolve())),
    ]);
    clearTimeout(waitNote);
    const machine = new QemuMachine(child, port, serialLog, monitor);
    child.once('exit', () => stderr && (machine.exitNote += `: ${stderr.trim()}`));
    return machine;
  }

  /** One command to QEMU's human monitor; resolves with what it printed before the next prompt. */
  async monitor(command: string, timeoutMs = 300_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const sock = connect(this.monitorSocket);
      let out = '';
      let sent = false;
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`QEMU monitor: no answer to "${command}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      sock.on('data', (d: Buffer) => {
        out += d.toString();
        const prompts = out.split('(qemu)').length - 1;
        if (!sent && prompts >= 1) {
          sent = true;
          sock.write(`${command}\n`);
        } else if (sent && prompts >= 2) {
          clearTimeout(timer);
          sock.end();
          // After the echoed command, before the next prompt, without the terminal's escapes.
          const text = out.slice(out.indexOf('(qemu)') + 6, out.lastIndexOf('(qemu)'));
          const clean = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '');
          resolve(clean.split('\n').slice(1).join('\n').trim());
        }
      });
      sock.on('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`QEMU monitor: ${e.message}`));
      });
    });
  }

  get exited(): string | null {
    return this.exitNote;
  }

  /** The last lines of the serial console (Xen's boot and dom0's kernel), for failure messages. */
  serialTail(lines = 40): string {
    if (!existsSync(this.serialLog)) return '(no serial output)';
    const text = readFileSync(this.serialLog, 'utf8').replace(/\r/g, '');
    return text.split('\n').slice(-lines).join('\n');
  }

  /** Power is cut: the overlay is thrown away with the run, so a clean shutdown buys nothing. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin?.end();
    // The whole group (sh, QEMU, the watcher) if the pipe did not do it.
    const timer = setTimeout(
      () => this.child.pid && process.kill(-this.child.pid, 'SIGKILL'),
      10_000,
    );
    await exited;
    clearTimeout(timer);
  }
}
