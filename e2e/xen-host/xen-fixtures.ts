import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '../fixtures';
import type { SshShell } from '../../src-main/ssh/ssh-shell';
import { resolveProfile, type ResolvedProfile } from '../../src-main/xen/profiles';
import { connectPinned, pinnedTrustStore } from './app-client';
import type { HypervisorKind } from './hypervisor';
import { startXenHost, type XenHost } from './xen-host';

/**
 * The real Xen host is booted once per worker (a minute or two under emulation) and shared by
 * every test of the suite; the app's SSH shell to it is opened once too, the way a dashboard
 * keeps one connection per host. `capture` keeps what the host printed: under the test's output
 * and, with XEN_CAPTURE_DIR set, as parser fixtures (src-main/xen/captured/).
 */
export interface XenWorkerFixtures {
  /** Which hypervisor the worker's host boots (`test.use({ xenHypervisor: 'stock' })` per file). */
  xenHypervisor: HypervisorKind;
  /** How many of the paper's guests it runs (0: a bare dom0). */
  xenGuests: number;
  xen: XenHost;
  shell: SshShell;
  credit: ResolvedProfile;
  /** The profile of the vSlicer hypervisor: Debian's xl and xentop plus vslicer-ctl. */
  vslicerCtl: ResolvedProfile;
}

export const test = base.extend<
  { capture: (name: string, text: string) => void },
  XenWorkerFixtures
>({
  xenHypervisor: ['vslicer', { scope: 'worker', option: true }],
  xenGuests: [4, { scope: 'worker', option: true }],
  xen: [
    async ({ xenHypervisor, xenGuests }, use) => {
      const host = await startXenHost({
        log: (l) => console.log(l),
        hypervisor: xenHypervisor,
        guests: xenGuests,
      });
      try {
        await use(host);
      } finally {
        const t = host.timings;
        console.log(`xen-host figures: ${JSON.stringify(t)}`);
        await host.stop();
      }
    },
    { scope: 'worker', timeout: 900_000 },
  ],
  shell: [
    async ({ xen }, use) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-xen-trust-'));
      // Pinned from the image: the app never has to trust this key on first use.
      const shell = await connectPinned(xen, await pinnedTrustStore(xen, dataDir));
      await use(shell);
      shell.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  credit: [
    async ({}, use) => {
      const p = resolveProfile('credit');
      if (!p.ok) throw new Error(p.error.message);
      await use(p.value);
    },
    { scope: 'worker' },
  ],
  vslicerCtl: [
    async ({}, use) => {
      const p = resolveProfile('vslicer-ctl');
      if (!p.ok) throw new Error(p.error.message);
      await use(p.value);
    },
    { scope: 'worker' },
  ],
  capture: async ({}, use, testInfo) => {
    const dir = process.env.XEN_CAPTURE_DIR;
    await use((name, text) => {
      writeFileSync(testInfo.outputPath(name), text);
      if (dir) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, name), text);
      }
    });
  },
});

export { expect } from '@playwright/test';

/** The xen host's serial console tail, attached to a failing test's report. */
export function serialTailOnFailure(): void {
  test.afterEach(async ({ xen }, testInfo) => {
    if (testInfo.status !== testInfo.expectedStatus) {
      const tail = xen.serialTail(60);
      console.log(`--- serial console of the Xen host (last lines) ---\n${tail}`);
      await testInfo.attach('serial-console.txt', { body: tail, contentType: 'text/plain' });
      // dom0's sshd says why it refused or dropped a login (the app only sees "failed").
      const sshd = await xen.ssh('journalctl -u ssh --no-pager -n 40', 30_000);
      console.log(`--- dom0 sshd log (last lines) ---\n${sshd.stdout || sshd.stderr}`);
      await testInfo.attach('dom0-sshd.txt', {
        body: sshd.stdout || sshd.stderr,
        contentType: 'text/plain',
      });
    }
  });
}
