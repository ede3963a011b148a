/**
 * The real Xen test host for the advisor's benchmark (`ADVISOR_REAL_HOST=1 npm run bench
 * advisor`): e2e/xen-host's Xen 4.17 under QEMU with the vSlicer hypervisor and the paper's four
 * guests on one pCPU (guest-kit.ts), saved in the app's core as an SSH host with the vslicer-ctl
 * profile, its key pinned beforehand as the Xen suites pin it (app-client.ts) — so the advice,
 * the what-if, the switch and the check after it all go through the app's own code.
 *
 * The paper's guests all run at 40 %: nothing there is I/O-bound. So the pinged guest is made
 * one (10 % duty: blocked most of the time, woken by the console's pings) and one load guest
 * CPU-bound (100 %); the other two stay at 40 %. The QEMU machine takes its own lock
 * (qemu-machine.ts); run the benchmark under `flock /tmp/qemu.lock` where other jobs share it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAppCore, type AppCore } from '../src-main/api/app';
import type { HostSummary } from '../src-main/common/model';
import { pinnedTrustStore } from '../e2e/xen-host/app-client';
import { PINGED_GUEST, startXenHost } from '../e2e/xen-host/xen-host';

/** Duty cycles (% of 100 ms periods) of vs-load in the guests for the comparison. */
const DUTIES: Record<string, number> = { [PINGED_GUEST]: 10, 'vslicer-load1': 100 };

export interface BenchHost {
  core: AppCore;
  hostId: string;
  /** The VM the host was set up to make the advisor's candidate. */
  expected: string;
  stop(): Promise<void>;
}

export async function startRealHost(log: (line: string) => void): Promise<BenchHost> {
  const xen = await startXenHost({ hypervisor: 'vslicer', guests: 4, log });
  const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-bench-advisor-'));
  let core: AppCore | null = null;
  try {
    // Pinned before the core opens its trust store there: it never asks to trust the key.
    await pinnedTrustStore(xen, dataDir);
    // No demo host beside it: its simulation would take CPU from the emulated one.
    core = await createAppCore({ mode: 'web', version: 'bench', dataDir, hosts: [], log });
    const call = async <T>(method: string, payload: unknown): Promise<T> => {
      const r = await core!.dispatch(method, payload);
      if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
      return r.value as T;
    };
    const host = await call<HostSummary>('addHost', {
      name: 'vSlicer under QEMU',
      address: xen.host,
      port: xen.port,
      user: xen.user,
      auth: 'key',
      identityFiles: [xen.identityFile],
      profile: 'vslicer-ctl',
    });
    // The guests' addresses are known: no waiting for the console's discovery of them.
    for (const g of xen.guests)
      await call('setProbeTarget', { hostId: host.id, vm: g.name, address: g.address });
    for (const [guest, pct] of Object.entries(DUTIES)) {
      const answer = await xen.load(guest, `duty ${pct}`);
      if (answer !== `ok duty=${pct}`) throw new Error(`${guest}: vs-load answered ${answer}`);
    }
    log(
      `real host: ${xen.guests.map((g) => `${g.name} ${DUTIES[g.name] ?? g.loadPct} %`).join(', ')}`,
    );
    const started = core;
    return {
      core: started,
      hostId: host.id,
      expected: PINGED_GUEST,
      async stop() {
        started.stop();
        await xen.stop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    core?.stop();
    await xen.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
}
