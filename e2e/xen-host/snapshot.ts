/**
 * The booted host saved once and resumed after (QEMU's savevm / -loadvm): booting dom0 and four
 * guests under emulation takes minutes, resuming them seconds. A saved host is keyed by what it
 * was made of — the image, the hypervisor and vslicer-ctl by content, the guest kit, the number
 * of guests — so a new patch or guest program is booted afresh and saved again. It holds the
 * run's disk overlay with the snapshot inside and the key pair that dom0 trusts.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GuestKit, GuestSpec } from './guest-kit';
import type { Hypervisor } from './hypervisor';
import type { QemuMachine } from './qemu-machine';
import { cacheRoot, type XenImage } from './xen-image';

const HERE = dirname(fileURLToPath(import.meta.url));

export const SNAPSHOT_NAME = 'ready';
/** Saved hosts kept (each a few hundred MB); the least recently made go first. */
const KEEP = 4;

const hashFile = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** The directory of the saved host made of these, or null when XEN_HOST_SNAPSHOTS=0. */
export function snapshotOf(
  image: XenImage,
  hypervisor: Hypervisor,
  kit: GuestKit,
  guests: readonly GuestSpec[],
): string | null {
  if (process.env.XEN_HOST_SNAPSHOTS === '0') return null;
  const h = createHash('sha256');
  h.update(`image ${image.dir}\0xen ${hashFile(hypervisor.xen)}\0`);
  h.update(
    `ctl ${hypervisor.vslicerCtl ? hashFile(hypervisor.vslicerCtl) : 'none'}\0kit ${kit.key}\0`,
  );
  h.update(`guests ${JSON.stringify(guests)}\0`);
  // How the machine is started and the guests are set up in dom0 is code, not data: its text too.
  for (const f of ['qemu-machine.ts', 'guest-kit.ts']) h.update(readFileSync(join(HERE, f)));
  return join(cacheRoot(), `snap-${h.digest('hex').slice(0, 16)}`);
}

/** Pauses the machine, saves it, copies its disk (snapshot inside) and key, and lets it run on. */
export async function saveSnapshot(
  machine: QemuMachine,
  runDir: string,
  dir: string,
): Promise<void> {
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  await machine.monitor('stop');
  try {
    const said = await machine.monitor(`savevm ${SNAPSHOT_NAME}`);
    if (/error|fail/i.test(said)) throw new Error(`savevm: ${said}`);
    copyFileSync(join(runDir, 'dom0.qcow2'), join(partial, 'dom0.qcow2'));
  } finally {
    await machine.monitor('cont');
  }
  for (const f of ['id_ed25519', 'id_ed25519.pub']) copyFileSync(join(runDir, f), join(partial, f));
  writeFileSync(join(partial, 'done'), `${new Date().toISOString()}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  const root = cacheRoot();
  const saved = readdirSync(root)
    .filter((d) => /^snap-[0-9a-f]{16}$/.test(d) && existsSync(join(root, d, 'done')))
    .map((d) => ({ d, t: statSync(join(root, d, 'done')).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const old of saved.slice(KEEP)) rmSync(join(root, old.d), { recursive: true, force: true });
}
