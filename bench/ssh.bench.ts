/**
 * SSH transport figures against a real OpenSSH sshd on 127.0.0.1 (the test fixture):
 * connect time (TCP + key exchange + host key check + public-key login), median of 10; and the
 * control-command round trip of `run(['true'])` on an open connection, median of 200 (target
 * ≤ 5 ms on loopback). Run: `npx tsx bench/ssh.bench.ts`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OpensshFixture } from '../src-main/ssh/openssh.testkit';
import { SshShell, type SshShellConnectOptions } from '../src-main/ssh/ssh-shell';
import { TrustStore } from '../src-main/ssh/trust-store';

const CONNECTS = 10;
const ROUND_TRIPS = 200;
const WARMUP = 10;

function summary(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return `median ${at(0.5).toFixed(2)} ms  p90 ${at(0.9).toFixed(2)} ms  min ${sorted[0]!.toFixed(2)} ms  max ${sorted.at(-1)!.toFixed(2)} ms`;
}

const sshd = await OpensshFixture.create();
const dataDir = await mkdtemp(join(tmpdir(), 'vslicer-ssh-bench-'));
try {
  const store = await TrustStore.open(dataDir);
  await store.accept({
    host: '127.0.0.1',
    port: sshd.port,
    keyType: 'ssh-ed25519',
    fingerprint: await sshd.hostKeyFingerprint(),
  });
  const options: SshShellConnectOptions = {
    host: '127.0.0.1',
    port: sshd.port,
    auth: { username: sshd.username, agentSocket: null, identityFiles: [sshd.clientKeyPath] },
    trust: { trustStore: store, confirmHostKey: async () => false },
  };

  const connects: number[] = [];
  for (let i = 0; i < CONNECTS; i++) {
    const started = performance.now();
    const shell = await SshShell.connect(options);
    connects.push(performance.now() - started);
    shell.close();
  }

  const shell = await SshShell.connect(options);
  for (let i = 0; i < WARMUP; i++) await shell.run(['true']);
  const trips: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const started = performance.now();
    await shell.run(['true']);
    trips.push(performance.now() - started);
  }
  shell.close();

  const median = [...trips].sort((a, b) => a - b)[Math.floor(trips.length / 2)]!;
  console.log(`OpenSSH ${sshd.port} on 127.0.0.1 (${process.platform}, node ${process.version})`);
  console.log(`connect (median of ${CONNECTS}):         ${summary(connects)}`);
  console.log(`run(['true']) (median of ${ROUND_TRIPS}):  ${summary(trips)}`);
  console.log(`round-trip target ≤ 5 ms: ${median <= 5 ? 'met' : 'NOT met'}`);
} finally {
  await sshd.dispose();
  await rm(dataDir, { recursive: true, force: true });
}
