/**
 * The dom0 disk image of the real-Xen test host, built once by build-image.sh and kept in a cache
 * directory. Its key is what goes into it: the versions Debian's mirror offers for the packages
 * that matter (read from the build machine's apt lists) and the text of the builder's own files —
 * so a Debian point release or an edit to the builder rebuilds it, and nothing else does.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { QEMU_LOCK } from './qemu-machine';

const HERE = dirname(fileURLToPath(import.meta.url));
const BUILDER = join(HERE, 'build-image.sh');
const OVERLAY = join(HERE, 'rootfs');

/** The packages whose versions decide the image (the rest follow from them). */
const KEY_PACKAGES = [
  'xen-hypervisor-4.17-amd64',
  'xen-utils-4.17',
  'linux-image-amd64',
  'openssh-server',
  'busybox-static',
  'systemd',
];

export interface XenImage {
  dir: string;
  /** Raw ext4 image of dom0's root filesystem (never written to: runs boot a qcow2 overlay). */
  disk: string;
  /** The hypervisor, unpacked from /boot/xen-4.17-amd64.gz (QEMU's loader wants the ELF). */
  xen: string;
  vmlinuz: string;
  initrd: string;
  /** dom0's host key as `ssh-ed25519 AAAA… root@…`, pinned by the tests. */
  hostKey: string;
  /** `package version` lines of what went in. */
  versions: string;
  /** Seconds the build took, when this call built it; null when the cache served it. */
  builtInSeconds: number | null;
  debootstrapSeconds: number | null;
}

export function cacheRoot(): string {
  return (
    process.env.XEN_HOST_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'vslicer-console', 'xen-host')
  );
}

/** The mirror's candidate versions, from `apt-cache madison` (bookworm/main lines only). */
function mirrorVersions(): string {
  const run = spawnSync('apt-cache', ['madison', ...KEY_PACKAGES], { encoding: 'utf8' });
  const lines = (run.stdout ?? '')
    .split('\n')
    .filter((l) => / bookworm\/main /.test(l))
    .map((l) =>
      l
        .split('|')
        .slice(0, 2)
        .map((w) => w.trim())
        .join(' '),
    );
  return lines.length > 0 ? lines.sort().join('\n') : 'apt lists unavailable';
}

function builderFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? builderFiles(p) : [p];
  });
}

/** The cache key of an image made of these package versions by these builder files. */
export function keyOf(
  versions: string,
  files: ReadonlyArray<{ path: string; content: Buffer | string }>,
): string {
  const h = createHash('sha256');
  h.update(`${versions}\0`);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    h.update(`${f.path}\0`);
    h.update(f.content);
    h.update('\0');
  }
  return h.digest('hex').slice(0, 16);
}

export function imageKey(): string {
  const files = [BUILDER, ...builderFiles(OVERLAY)].map((f) => ({
    path: relative(HERE, f),
    content: readFileSync(f),
  }));
  return keyOf(mirrorVersions(), files);
}

function load(dir: string, built: { seconds: number; debootstrap: number } | null): XenImage {
  return {
    dir,
    disk: join(dir, 'dom0.img'),
    xen: join(dir, 'xen.elf'),
    vmlinuz: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    hostKey: readFileSync(join(dir, 'ssh_host_ed25519_key.pub'), 'utf8').trim(),
    versions: readFileSync(join(dir, 'versions.txt'), 'utf8').trim(),
    builtInSeconds: built?.seconds ?? null,
    debootstrapSeconds: built?.debootstrap ?? null,
  };
}

/** The cached image for the current key, building it (a few minutes) when missing. */
export async function ensureXenImage(log: (line: string) => void = console.log): Promise<XenImage> {
  const root = cacheRoot();
  const key = imageKey();
  const dir = join(root, key);
  if (existsSync(join(dir, 'build.json'))) {
    log(`xen-host: using cached image ${dir}`);
    return load(dir, null);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(
      `xen-host: no image at ${dir} and building one needs root (debootstrap, chroot): run this once as root, or set XEN_HOST_CACHE to a directory holding a built image`,
    );
  }
  log(`xen-host: building the dom0 image (debootstrap, about 2 minutes) into ${dir}`);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    // Under the QEMU lock: debootstrap and mkfs beside an emulated host would slow both to a crawl.
    // Also under it: whether the image is still missing (another run may have built it while
    // this one waited), and the removal of older images — 1–2 GB each, only directories named by
    // 16 hex digits, never this key's .partial (a run sweeping outside the lock once removed the
    // build in progress of another).
    const hex16 = '[0-9a-f]'.repeat(16);
    const script = `[ -f "$1/build.json" ] && exit 0
for old in "$2"/*; do
  case \${old##*/} in "\${1##*/}") ;; ${hex16}|${hex16}.partial) rm -rf "$old" ;; esac
done
exec bash "$3" "$1"`;
    const child = spawn('flock', [QEMU_LOCK, 'bash', '-c', script, 'build', dir, root, BUILDER], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`build-image.sh failed with status ${code}`)),
    );
  });
  const seconds = (performance.now() - t0) / 1000;
  const build = JSON.parse(readFileSync(join(dir, 'build.json'), 'utf8')) as {
    debootstrapSeconds: number;
  };
  log(
    `xen-host: image built in ${seconds.toFixed(0)} s (${(statSync(join(dir, 'dom0.img')).size / 2 ** 30).toFixed(2)} GiB)`,
  );
  return load(dir, { seconds, debootstrap: build.debootstrapSeconds });
}
