/**
 * The guests of the paper's micro-benchmarks (§5.1): N PV VMs sharing one pCPU, each kept at
 * 40 % CPU by a lookbusy-style load, the first one pinged from dom0. pCPU 1 is a cpupool of its
 * own, `Pool-guests` (credit), holding the guests; dom0 keeps Pool-0 with pCPU 0 — so a guest's
 * fair share is 1/N of pCPU 1 and dom0's ping and polling never queue behind a guest. A pool, not
 * pinning: credit hands out a pool's credits as if every domain could use all its pCPUs, so with
 * the guests pinned to pCPU 1 of a two-pCPU Pool-0 both of two CPU-bound guests at weights
 * 512/256 stayed UNDER and got 48.0 % and 47.7 % (measured), where a pool of pCPU 1 gives 2:1.
 *
 * What runs in a guest is pushed at each boot, not built into the cached image: `vs-load` (the
 * load; static, compiled here), a new /init, repacked into the image's guest initramfs in dom0.
 * Each guest is on xenbr0 with its own address, so dom0 steers its load over UDP (`vs-loadctl`).
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { cacheRoot } from './xen-image';

const exec = promisify(execFile);
const GUEST_DIR = join(dirname(fileURLToPath(import.meta.url)), 'guest');

/** The cpupool of pCPU 1, where the guests run (credit). */
export const GUEST_POOL = 'Pool-guests';

/** UDP port vs-load listens on in every guest. */
export const LOAD_PORT = 7000;

export interface GuestSpec {
  name: string;
  /** Address on xenbr0 (dom0 is 10.0.0.1). */
  address: string;
  /** vs-load's duty cycle at boot, % of 100 ms periods. */
  loadPct: number;
}

/** The pinged guest of the paper's Fig. 7 ("VM1"), always the first. */
export const PINGED_GUEST = 'vslicer-ping';

/** `count` guests (3–5 in the paper) at 40 %: vslicer-ping at 10.0.0.3, vslicer-load1… after it. */
export function paperGuests(count: number, loadPct = 40): GuestSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: i === 0 ? PINGED_GUEST : `vslicer-load${i}`,
    address: `10.0.0.${3 + i}`,
    loadPct,
  }));
}

export function guestConfig(g: GuestSpec, index: number): string {
  const mac = `00:16:3e:5c:00:${(3 + index).toString(16).padStart(2, '0')}`;
  return [
    `# Pushed by e2e/xen-host/guest-kit.ts: a PV guest at ${g.loadPct} % load in pCPU 1's pool.`,
    `name = "${g.name}"`,
    'type = "pv"',
    'kernel = "/var/lib/vslicer-guest/vmlinux.gz"',
    'ramdisk = "/var/lib/vslicer-guest/initrd-kit.gz"',
    `extra = "console=hvc0 quiet vslicer.ip=${g.address}/24 vslicer.load=${g.loadPct}"`,
    'memory = 128',
    'vcpus = 1',
    `pool = "${GUEST_POOL}"`,
    `vif = [ 'bridge=xenbr0,mac=${mac}' ]`,
    '',
  ].join('\n');
}

export interface GuestKit {
  /** Local files to copy into dom0's /root/kit/. */
  files: string[];
  key: string;
}

/**
 * Compiles vs-load, vs-loadctl and vector-check (static), and unpacks the guests' kernel, once per input, into
 * the cache. The kernel: dom0's own, its XZ payload unpacked to the ELF vmlinux and gzipped —
 * libxc's own XZ decoder failed now and then under emulation ("unable to XZ decompress kernel:
 * Invalid kernel", 2 creates of 8 in two boots), and a gzipped ELF goes through zlib instead.
 */
export async function buildGuestKit(vmlinuz: string): Promise<GuestKit> {
  const sources = ['vs-load.c', 'vs-loadctl.c', 'vector-check.c', 'init'];
  const h = createHash('sha256');
  for (const s of sources) h.update(readFileSync(join(GUEST_DIR, s)));
  const kernel = readFileSync(vmlinuz);
  h.update(kernel);
  const key = h.digest('hex').slice(0, 16);
  const dir = join(cacheRoot(), `guest-kit-${key}`);
  if (!existsSync(join(dir, 'vmlinux.gz'))) {
    const partial = `${dir}.partial`;
    mkdirSync(partial, { recursive: true });
    for (const prog of ['vs-load', 'vs-loadctl', 'vector-check']) {
      await exec('gcc', [
        '-O2',
        '-static',
        '-Wall',
        '-o',
        join(partial, prog),
        join(GUEST_DIR, `${prog}.c`),
      ]).catch((e: Error) => {
        throw new Error(
          `xen-host: cannot compile ${prog}.c with gcc -static (Debian: build-essential): ${e.message}`,
        );
      });
    }
    const xzAt = kernel.indexOf(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]));
    if (xzAt < 0) throw new Error(`xen-host: ${vmlinuz} holds no XZ payload`);
    // --single-stream: the bzImage goes on after the payload.
    const elf = await new Promise<Buffer>((resolve, reject) => {
      const xz = spawn('xz', ['-dc', '--single-stream'], { stdio: ['pipe', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      xz.stdout.on('data', (d: Buffer) => chunks.push(d));
      xz.once('error', (e) => reject(new Error(`xen-host: xz (Debian: xz-utils): ${e.message}`)));
      xz.once('exit', (code) =>
        code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`xz -d failed (${code})`)),
      );
      // xz stops reading at the payload's end and closes its stdin; the rest of the bzImage
      // then meets EPIPE, which is expected: the exit status and the ELF magic below judge.
      xz.stdin.on('error', () => undefined);
      xz.stdin.end(kernel.subarray(xzAt));
    });
    if (elf.subarray(0, 4).toString('latin1') !== '\x7fELF')
      throw new Error(`xen-host: the XZ payload of ${vmlinuz} is not an ELF kernel`);
    writeFileSync(join(partial, 'vmlinux.gz'), gzipSync(elf, { level: 6 }));
    rmSync(dir, { recursive: true, force: true });
    renameSync(partial, dir);
  }
  return {
    files: [
      join(dir, 'vs-load'),
      join(dir, 'vs-loadctl'),
      join(dir, 'vector-check'),
      join(dir, 'vmlinux.gz'),
      join(GUEST_DIR, 'init'),
    ],
    key,
  };
}

/**
 * dom0's side, run once per boot after the kit is in /root/kit: the image's guest initramfs
 * (busybox, xen-netfront) plus vs-load and the new init, the guests' configs, dom0's vCPUs on
 * pCPU 0, vs-loadctl and vector-check on PATH.
 */
export function setupScript(guests: readonly GuestSpec[]): string {
  const cfgs = guests
    .map((g, i) => `cat > /etc/xen/${g.name}.cfg <<'CFG'\n${guestConfig(g, i)}CFG`)
    .join('\n');
  return `set -e
install -m 755 /root/kit/vs-loadctl /usr/local/sbin/vs-loadctl
install -m 755 /root/kit/vector-check /usr/local/sbin/vector-check
install -m 644 /root/kit/vmlinux.gz /var/lib/vslicer-guest/vmlinux.gz
d=$(mktemp -d)
cd "$d"
zcat /var/lib/vslicer-guest/initrd.gz | cpio -id --quiet
install -m 755 /root/kit/vs-load bin/vs-load
install -m 755 /root/kit/init init
find . | cpio -o -H newc --quiet | gzip -1 > /var/lib/vslicer-guest/initrd-kit.gz
cd /
rm -rf "$d"
${cfgs}
${
  guests.length === 0
    ? ''
    : `xl cpupool-list | grep -q '^${GUEST_POOL} ' || {
  xl cpupool-cpu-remove Pool-0 1
  xl cpupool-create name=\\"${GUEST_POOL}\\" sched=\\"credit\\" cpus=\\"1\\"
}
`
}echo kit-ready`;
}
