// The system tools the tests need, in one list: `scripts/setup` installs them, `npm test` and
// `npm run test:xen` check them first (scripts/preflight.js), and test helpers that start one
// (sshd, Chromium, pdftoppm…) name it from here when it is missing. Plain JavaScript: it runs on
// a fresh machine before `npm ci`.
import { accessSync, constants } from 'node:fs';

/**
 * suite `test` = `npm test`; `xen` = `npm run test:xen` (a Debian dom0 image, a Xen hypervisor
 * built from source, QEMU). Each tool is found by its absolute path, so PATH cannot fool it.
 * @type {ReadonlyArray<{ tool: string; path: string; pkg: string; suite: 'test' | 'xen'; why: string }>}
 */
export const SYSTEM_TOOLS = [
  {
    tool: 'chromium',
    path: '/usr/bin/chromium',
    pkg: 'chromium',
    suite: 'test',
    why: 'the end-to-end tests and PDF reports',
  },
  {
    tool: 'sshd',
    path: '/usr/sbin/sshd',
    pkg: 'openssh-server',
    suite: 'test',
    why: 'a real SSH server on loopback',
  },
  {
    tool: 'ssh-keygen',
    path: '/usr/bin/ssh-keygen',
    pkg: 'openssh-client',
    suite: 'test',
    why: 'keys for the SSH tests',
  },
  {
    tool: 'ssh-agent',
    path: '/usr/bin/ssh-agent',
    pkg: 'openssh-client',
    suite: 'test',
    why: 'agent authentication tests',
  },
  {
    tool: 'pdftoppm',
    path: '/usr/bin/pdftoppm',
    pkg: 'poppler-utils',
    suite: 'test',
    why: 'PDF reports checked page by page',
  },
  {
    tool: 'pdftotext',
    path: '/usr/bin/pdftotext',
    pkg: 'poppler-utils',
    suite: 'test',
    why: 'PDF reports checked for their text',
  },
  {
    tool: 'prometheus',
    path: '/usr/bin/prometheus',
    pkg: 'prometheus',
    suite: 'test',
    why: 'metrics scraped by a real Prometheus',
  },
  {
    tool: 'promtool',
    path: '/usr/bin/promtool',
    pkg: 'prometheus',
    suite: 'test',
    why: 'alert rules checked and unit-tested',
  },
  {
    tool: 'qemu-system-x86_64',
    path: '/usr/bin/qemu-system-x86_64',
    pkg: 'qemu-system-x86',
    suite: 'xen',
    why: 'the real Xen host runs under QEMU',
  },
  {
    tool: 'qemu-img',
    path: '/usr/bin/qemu-img',
    pkg: 'qemu-utils',
    suite: 'xen',
    why: 'disk overlays of the Xen host',
  },
  {
    tool: 'debootstrap',
    path: '/usr/sbin/debootstrap',
    pkg: 'debootstrap',
    suite: 'xen',
    why: "the Xen host's Debian dom0",
  },
  { tool: 'cpio', path: '/usr/bin/cpio', pkg: 'cpio', suite: 'xen', why: "the guests' initramfs" },
  {
    tool: 'mkfs.ext4',
    path: '/usr/sbin/mkfs.ext4',
    pkg: 'e2fsprogs',
    suite: 'xen',
    why: "the Xen host's disk image",
  },
  {
    tool: 'ssh',
    path: '/usr/bin/ssh',
    pkg: 'openssh-client',
    suite: 'xen',
    why: 'commands into the Xen host',
  },
  {
    tool: 'xz',
    path: '/usr/bin/xz',
    pkg: 'xz-utils',
    suite: 'xen',
    why: 'unpacking the Xen source',
  },
  {
    tool: 'make',
    path: '/usr/bin/make',
    pkg: 'make',
    suite: 'xen',
    why: 'building the vSlicer hypervisor',
  },
  {
    tool: 'gcc',
    path: '/usr/bin/gcc',
    pkg: 'gcc',
    suite: 'xen',
    why: 'building the hypervisor and vslicer-ctl',
  },
  {
    tool: 'libc.a',
    path: '/usr/lib/x86_64-linux-gnu/libc.a',
    pkg: 'libc6-dev',
    suite: 'xen',
    why: "the guests' static load program",
  },
  { tool: 'flex', path: '/usr/bin/flex', pkg: 'flex', suite: 'xen', why: "Xen's build" },
  { tool: 'bison', path: '/usr/bin/bison', pkg: 'bison', suite: 'xen', why: "Xen's build" },
  { tool: 'python3', path: '/usr/bin/python3', pkg: 'python3', suite: 'xen', why: "Xen's build" },
  { tool: 'bc', path: '/usr/bin/bc', pkg: 'bc', suite: 'xen', why: "Xen's build" },
  {
    tool: 'xenctrl.h',
    path: '/usr/include/xenctrl.h',
    pkg: 'libxen-dev',
    suite: 'xen',
    why: 'vslicer-ctl is built against libxenctrl',
  },
];

/**
 * Whether a tool is installed. SYSTEM_TOOLS_ROOT, when set, is where the tree is looked for (a
 * chroot, or an empty directory to see what a bare machine would be told).
 * @param {string} path
 */
function present(path) {
  try {
    accessSync(`${process.env.SYSTEM_TOOLS_ROOT ?? ''}${path}`, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The tools of these suites that are not on this machine.
 * @param {ReadonlyArray<'test' | 'xen'>} suites
 * @param {(path: string) => boolean} [exists]
 */
export function missingTools(suites, exists = present) {
  return SYSTEM_TOOLS.filter((t) => suites.includes(t.suite) && !exists(t.path));
}

/**
 * The one command that installs them (Debian packages, each once).
 * @param {ReadonlyArray<{ pkg: string }>} missing
 */
export function installCommand(missing) {
  const pkgs = [...new Set(missing.map((t) => t.pkg))];
  return `sudo apt-get install -y --no-install-recommends ${pkgs.join(' ')}`;
}

/**
 * One line naming every missing tool and how to install them; null when nothing is missing.
 * @param {ReadonlyArray<{ tool: string; path: string; pkg: string }>} missing
 */
export function missingLine(missing) {
  if (missing.length === 0) return null;
  const names = missing.map((t) => `${t.tool} (${t.path}, package ${t.pkg})`).join(', ');
  return `missing: ${names}. Install with scripts/setup, or: ${installCommand(missing)}`;
}

/**
 * For a test helper about to start a tool: throws one clear error when it is missing, instead of
 * an uncaught `spawn … ENOENT`.
 * @param {string} tool
 */
export function requireTool(tool) {
  const t = SYSTEM_TOOLS.find((x) => x.tool === tool);
  if (!t) throw new Error(`requireTool: "${tool}" is not in scripts/system-tools.js`);
  const line = missingLine(missingTools([t.suite]).filter((x) => x.tool === tool));
  if (line) throw new Error(`${t.why} needs ${line}`);
  return t.path;
}
