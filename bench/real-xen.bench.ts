/**
 * What a real Xen 4.17 host costs under QEMU's software emulation — image build
 * (when the cache lacks it), boot to SSH, guest creation — and the round trip of each command the
 * app sends, through the app's own SSH transport on one connection (as a dashboard holds it) and
 * with a new connection per command. Boots the host of e2e/xen-host (`npm run bench real-xen`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostAction } from '../src-main/xen/argv';
import { resolveProfile } from '../src-main/xen/profiles';
import { argvOf, connectPinned, pinnedTrustStore } from '../e2e/xen-host/app-client';
import { PINGED_GUEST_ADDRESS, startXenHost } from '../e2e/xen-host/xen-host';

const ROUNDS = Number(process.env.REAL_XEN_ROUNDS ?? 10);
const profile = resolveProfile('credit');
if (!profile.ok) throw new Error(profile.error.message);
const argv = (a: HostAction): string[] => argvOf(profile.value, a);

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;

const host = await startXenHost({ log: () => undefined });
const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-bench-xen-'));
try {
  const t = host.timings;
  console.log(
    `image: ${t.imageBuild === null ? 'from the cache' : `built in ${t.imageBuild.toFixed(0)} s (debootstrap ${t.debootstrap} s)`}`,
  );
  console.log(`QEMU start → dom0 answers SSH: ${t.bootToSsh.toFixed(1)} s`);
  for (const [name, s] of Object.entries(t.guestCreate))
    console.log(`xl create ${name}: ${s.toFixed(1)} s`);
  console.log(`vslicer-idle answering ping after its xl create: ${t.guestUp.toFixed(1)} s`);

  const trustStore = await pinnedTrustStore(host, dataDir);
  const connect = () => connectPinned(host, trustStore);

  // A pause between connections: QEMU's user-mode network (slirp) sometimes drops a connection
  // made within milliseconds of an ssh2 client closing the last one ("lost before handshake"),
  // which OpenSSH's client, closing more slowly, never meets. The app's reconnects wait ≥ 1 s.
  const pause = () => new Promise((r) => setTimeout(r, 1000));
  const connectMs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const s = await connect();
    connectMs.push(performance.now() - t0);
    s.close();
    await pause();
  }
  console.log(
    `\nSSH connect + login (app's ssh2 transport, ${connectMs.length}×): median ${fmt(quantile(connectMs, 0.5))}, max ${fmt(Math.max(...connectMs))}`,
  );

  const commands: Array<[string, string[]]> = [
    ['xl list', argv({ kind: 'list-domains' })],
    ['xl info', argv({ kind: 'host-info' })],
    ['xl sched-credit', argv({ kind: 'sched-list' })],
    ['xentop -b -i 1', argv({ kind: 'xentop', delaySec: 1, iterations: 1 })],
    [
      'ping -c 1 (guest)',
      argv({
        kind: 'ping',
        address: PINGED_GUEST_ADDRESS,
        count: 1,
        intervalSec: 0.2,
        timeoutSec: 1,
      }),
    ],
  ];
  const shell = await connect();
  console.log(`\nround trip per command on one connection (${ROUNDS}×)        median      p90`);
  for (const [label, a] of commands) {
    const ms: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      const r = await shell.run(a, { timeoutMs: 60_000 });
      ms.push(performance.now() - t0);
      if (r.exitCode !== 0) throw new Error(`${label}: status ${r.exitCode}: ${r.stderr}`);
    }
    console.log(`  ${label.padEnd(44)} ${fmt(quantile(ms, 0.5))} ${fmt(quantile(ms, 0.9))}`);
  }
  shell.close();

  const fresh: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const s = await connect();
    await s.run(argv({ kind: 'list-domains' }));
    s.close();
    fresh.push(performance.now() - t0);
    await pause();
  }
  console.log(
    `  xl list on a new connection each time (5×)    ${fmt(quantile(fresh, 0.5))} ${fmt(Math.max(...fresh))}`,
  );
} finally {
  await host.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
