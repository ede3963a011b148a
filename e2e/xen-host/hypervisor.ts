/**
 * Which hypervisor the test host boots: Debian's own Xen 4.17.5 from the image ('stock'), or the
 * vSlicer one that hypervisor/build-xen.sh builds from the same source with hypervisor/patches
 * ('vslicer'). Both boot the same cached dom0 image; the build's `vslicer-ctl` goes into dom0 at
 * boot either way (on stock Xen it must answer "no vSlicer", exit 3), so the image's cache never
 * depends on the patches.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { XenImage } from './xen-image';

const BUILD_XEN = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'hypervisor',
  'build-xen.sh',
);

export type HypervisorKind = 'vslicer' | 'stock';

export interface Hypervisor {
  kind: HypervisorKind;
  /** The multiboot ELF for QEMU's -kernel. */
  xen: string;
  /** The dom0 tool of the vSlicer build (installed in dom0 for both kinds); null: stock Xen without it. */
  vslicerCtl: string | null;
  /** The build's directory (xen-<key>), null when stock Xen runs without a build. */
  buildDir: string | null;
  /** Seconds build-xen.sh took (≈ 0 when its cache had the build). */
  buildSeconds: number;
}

/** Runs build-xen.sh (cached by its inputs; it takes the QEMU lock itself for the Xen build). */
export async function buildVslicerXen(
  log: (line: string) => void,
): Promise<{ dir: string; seconds: number }> {
  if (!existsSync(BUILD_XEN))
    throw new Error(`xen-host: ${BUILD_XEN} is missing: the vSlicer hypervisor cannot be built`);
  const t0 = performance.now();
  const { code, stdout, stderr } = await new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
  }>((resolve, reject) => {
    const child = spawn('sh', [BUILD_XEN], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const line of d.toString().split('\n')) if (line.trim()) log(line.trim());
    });
    child.once('error', reject);
    child.once('exit', (c) => resolve({ code: c, stdout: out, stderr: err }));
  });
  if (code !== 0)
    throw new Error(
      `xen-host: hypervisor/build-xen.sh failed (status ${code}):\n${stderr.split('\n').slice(-30).join('\n')}`,
    );
  const dir = stdout.trim().split('\n').at(-1) ?? '';
  if (!existsSync(join(dir, 'xen')) || !existsSync(join(dir, 'vslicer-ctl')))
    throw new Error(
      `xen-host: build-xen.sh named ${dir || '(nothing)'}, which holds no xen and vslicer-ctl`,
    );
  return { dir, seconds: (performance.now() - t0) / 1000 };
}

export async function resolveHypervisor(
  kind: HypervisorKind,
  image: XenImage,
  log: (line: string) => void,
): Promise<Hypervisor> {
  let build: { dir: string; seconds: number };
  try {
    build = await buildVslicerXen(log);
  } catch (e) {
    // Stock Xen needs the build only for its vslicer-ctl: without one, dom0 has no such command.
    if (kind === 'vslicer') throw e;
    log(`${(e as Error).message.split('\n')[0]} — stock Xen boots without vslicer-ctl`);
    return { kind, xen: image.xen, vslicerCtl: null, buildDir: null, buildSeconds: 0 };
  }
  return {
    kind,
    xen: kind === 'vslicer' ? join(build.dir, 'xen') : image.xen,
    vslicerCtl: join(build.dir, 'vslicer-ctl'),
    buildDir: build.dir,
    buildSeconds: build.seconds,
  };
}
