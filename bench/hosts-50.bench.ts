/**
 * The app's core watching 50 SSH hosts that stream `xentop -b -d 1` at 1 Hz
 * for a minute (`--seconds N` to change), through the real SSH transport, each host also polling
 * its scheduler listing and pinging its VMs as on a real dashboard. The hosts are one
 * `vslicer sim sshd` in a child process, so its work is not counted as the app's.
 * Prints the app's CPU (share of one core) and memory (RSS, heap).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createAppCore } from '../src-main/api/app';
import { HostConfigInputSchema } from '../src-main/common/host-config';
import { generateEd25519 } from '../src-main/ssh/sim-server';
import { TrustStore } from '../src-main/ssh/trust-store';

const HOSTS = 50;
const seconds = Number(process.argv[process.argv.indexOf('--seconds') + 1]) || 60;
const dir = mkdtempSync(join(tmpdir(), 'vslicer-bench-hosts-'));
const hostKey = generateEd25519();
const client = generateEd25519();
writeFileSync(join(dir, 'host_key'), hostKey.private);
writeFileSync(join(dir, 'id_ed25519'), client.private, { mode: 0o600 });
writeFileSync(join(dir, 'authorized_keys'), `${client.public}\n`);

const sshd = spawn(
  process.execPath,
  [
    'bin/vslicer.js',
    'sim',
    'sshd',
    '--port',
    '0',
    '--host-key',
    join(dir, 'host_key'),
    '--authorized-keys',
    join(dir, 'authorized_keys'),
  ],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const line = await new Promise<string>((resolve) =>
  createInterface({ input: sshd.stdout! }).once('line', resolve),
);
const m = /on 127\.0\.0\.1:(\d+) \(host key (SHA256:\S+)\)/.exec(line);
if (!m) throw new Error(`unexpected sim sshd line: ${line}`);
const port = Number(m[1]);

// The key is trusted up front, as an operator would have done once for this host.
const dataDir = join(dir, 'data');
const trust = await TrustStore.open(dataDir);
await trust.accept({ host: '127.0.0.1', port, keyType: 'ssh-ed25519', fingerprint: m[2]! });

let samples = 0;
const core = await createAppCore({
  mode: 'web',
  version: 'bench',
  dataDir,
  hosts: [],
  homeDir: dir,
  log: () => {},
});
const ready = new Set<string>();
core.subscribe((e) => {
  if (e.name === 'hostSample') samples++;
  if (e.name === 'hostStatus' && (e.payload as { state: string }).state === 'ready')
    ready.add((e.payload as { hostId: string }).hostId);
});
const connectStart = performance.now();
for (let i = 0; i < HOSTS; i++) {
  await core.registry.add(
    HostConfigInputSchema.parse({
      name: `bench ${i}`,
      address: '127.0.0.1',
      port,
      user: 'root',
      auth: 'key',
      identityFiles: [join(dir, 'id_ed25519')],
    }),
  );
}
while (ready.size < HOSTS && performance.now() - connectStart < 120_000)
  await new Promise((r) => setTimeout(r, 100));
console.log(
  `${ready.size}/${HOSTS} hosts live after ${((performance.now() - connectStart) / 1000).toFixed(1)} s`,
);

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const samples0 = samples;
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 1000);
await new Promise((r) => setTimeout(r, seconds * 1000));
clearInterval(sampler);
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - t0) / 1000;
const mem = process.memoryUsage();
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
console.log(
  `streaming ${HOSTS} hosts for ${wall.toFixed(0)} s: ${((samples - samples0) / wall).toFixed(1)} samples/s (expected ${HOSTS})`,
);
console.log(
  `app CPU: ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(1)} % of one core (user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s)`,
);
console.log(`app memory: RSS ${mb(mem.rss)} (peak ${mb(peakRss)}), heap used ${mb(mem.heapUsed)}`);

core.stop();
sshd.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
rmSync(dir, { recursive: true, force: true });
process.exit(0);
