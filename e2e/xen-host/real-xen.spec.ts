import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostSched, LatencySample } from '../../src-main/common/sched';
import { discoverAddresses } from '../../src-main/hosts/controls/address-discovery';
import { LatencyProber } from '../../src-main/hosts/controls/latency-prober';
import { PollScheduler } from '../../src-main/hosts/controls/poll-scheduler';
import { readSched } from '../../src-main/hosts/controls/sched-reader';
import { XentopStream } from '../../src-main/hosts/connection/xentop-stream';
import { HostKeyChangedError } from '../../src-main/ssh/errors';
import { sha256Fingerprint } from '../../src-main/ssh/fingerprint';
import { resolveProfile } from '../../src-main/xen/profiles';
import { parsePing } from '../../src-main/xen/ping';
import { parseXlInfo } from '../../src-main/xen/xl-info';
import { parseXlList } from '../../src-main/xen/xl-list';
import { parseXlSched } from '../../src-main/xen/xl-sched';
import type { XentopFrame } from '../../src-main/xen/xentop/index';
import { AddHostDialog } from '../pages/add-host-dialog';
import { ConsolePage } from '../pages/console-page';
import { argvOf, connectPinned, pinnedTrustStore } from './app-client';
import { expect, serialTailOnFailure, test } from './xen-fixtures';
import { GUEST_POOL } from './guest-kit';
import { GUESTS, PINGED_GUEST, PINGED_GUEST_ADDRESS } from './xen-host';

// The app's own code paths — ssh2 transport with a pinned key, the `credit` profile's
// argv, the parsers, the pollers, the web UI — against Xen 4.17 booted under QEMU (the vSlicer
// build, whose xl and xentop are Debian's and whose credit scheduler with no LSVM is stock),
// with the paper's four guests at 40 % load on pCPU 1.
serialTailOnFailure();

test('the SSH transport reaches dom0 with the host key pinned from the image, and refuses another', async ({
  xen,
  shell,
}) => {
  expect(shell.hostKey.fingerprint).toBe(xen.hostKeyFingerprint);
  const dir = mkdtempSync(join(tmpdir(), 'vslicer-xen-wrongpin-'));
  try {
    const other = sha256Fingerprint(Buffer.from('not the key of this host'));
    const attempt = connectPinned(xen, await pinnedTrustStore(xen, dir, other));
    await expect(attempt).rejects.toBeInstanceOf(HostKeyChangedError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("dom0's user space keeps its vector registers across vCPU switches", async ({ xen }) => {
  test.setTimeout(120_000);
  // Two vector-checks at once, one on each dom0 vCPU, both vCPUs on pCPU 0 — so Xen switches
  // between them mid-copy. glibc's SSE2 copy (its AVX ones masked) is the one that lost its
  // tail when the hypervisor switched FPU state lazily under emulation (qemu-machine.ts).
  const masked =
    'GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX2_Usable,-AVX_Usable,-AVX2,-AVX,-ERMS,-AVX_Fast_Unaligned_Load';
  const r = await xen.ssh(
    `export ${masked}; vector-check 30 & vector-check 30; b=$?; wait $!; echo "status $? $b"`,
    90_000,
  );
  const runs = [...r.stdout.matchAll(/^rounds=(\d+) bad=(\d+)$/gm)].map((m) => ({
    rounds: Number(m[1]),
    bad: Number(m[2]),
  }));
  console.log(`vector-check: ${JSON.stringify(runs)}${r.stderr ? `\n${r.stderr}` : ''}`);
  expect(runs, r.stdout + r.stderr).toHaveLength(2);
  for (const run of runs) {
    expect(run.rounds).toBeGreaterThan(500);
    expect(run.bad, r.stderr).toBe(0);
  }
  expect(r.stdout).toContain('status 0 0');
});

test('xl info, xl list and xl sched-credit through the credit profile', async ({
  shell,
  credit,
  capture,
}) => {
  const info = await shell.run(argvOf(credit, { kind: 'host-info' }));
  expect(info.exitCode).toBe(0);
  capture('xl-info.txt', info.stdout);
  const parsedInfo = parseXlInfo(info.stdout);
  expect(parsedInfo.errors).toEqual([]);
  expect(parsedInfo.xenVersion).toMatch(/^4\.17\.\d+/);
  expect(parsedInfo.scheduler).toBe('credit');
  expect(parsedInfo.nrCpus).toBe(2);
  expect(parsedInfo.cpuMhz).toBeGreaterThan(0);

  const list = await shell.run(argvOf(credit, { kind: 'list-domains' }));
  expect(list.exitCode).toBe(0);
  capture('xl-list.txt', list.stdout);
  const parsedList = parseXlList(list.stdout);
  expect(parsedList.errors).toEqual([]);
  expect(parsedList.records.map((d) => d.name)).toEqual(['Domain-0', ...GUESTS]);
  expect(parsedList.records.find((d) => d.name === PINGED_GUEST)?.memMiB).toBe(128);

  const sched = await shell.run(argvOf(credit, { kind: 'sched-list' }));
  expect(sched.exitCode).toBe(0);
  capture('xl-sched-credit.txt', sched.stdout);
  const parsedSched = parseXlSched(sched.stdout);
  expect(parsedSched.errors).toEqual([]);
  // dom0 in Pool-0 (pCPU 0), the guests in pCPU 1's own pool: one pool line each.
  expect(parsedSched.pools).toEqual([
    { name: 'Pool-0', tsliceMs: 30, ratelimitUs: 1000, migrationDelayUs: 0, unavailable: false },
    { name: GUEST_POOL, tsliceMs: 30, ratelimitUs: 1000, migrationDelayUs: 0, unavailable: false },
  ]);
  expect(parsedSched.records.map((d) => d.name)).toEqual(['Domain-0', ...GUESTS]);
});

test("the default vslicer profile (xl sched-vslicer) on Debian's xl says which profile to choose", async ({
  shell,
  credit,
  capture,
}) => {
  const vslicer = resolveProfile('vslicer');
  if (!vslicer.ok) throw new Error(vslicer.error.message);
  const raw = await shell.run(argvOf(vslicer.value, { kind: 'sched-list' }));
  capture('xl-sched-vslicer-stock-xen.stderr.txt', raw.stderr);
  expect(raw.exitCode).toBe(1);
  await expect(readSched('xen-real', shell, vslicer.value)).rejects.toThrow(
    /has no sched-vslicer \("command not implemented"\): it runs stock Xen/,
  );
  // A domain that is not there: xl's own error, with its status, not a parse of nothing.
  const missing = await shell.run(argvOf(credit, { kind: 'sched-domain', domid: 99 }));
  capture('xl-sched-credit-d-missing.stderr.txt', missing.stderr);
  expect(missing.exitCode).toBe(1);
  expect(missing.stderr).toMatch(/Domain 99/);
});

test('the xentop stream shows the four guests sharing pCPU 1 with their CPU figures moving', async ({
  shell,
  credit,
  capture,
}) => {
  test.setTimeout(120_000);
  const frames: XentopFrame[] = [];
  let raw = '';
  const xentopArgv = argvOf(credit, { kind: 'xentop', delaySec: 1 });
  const done = new Promise<void>((resolve, reject) => {
    const poller = new XentopStream({
      shell: {
        // The poller's own stream, with its raw text kept as a fixture on the way.
        run: (a, o) => shell.run(a, o),
        close: () => undefined,
        stream: (a, h) => shell.stream(a, { ...h, onStdout: (c) => ((raw += c), h.onStdout(c)) }),
      },
      argv: xentopArgv,
      onFrame: (frame) => {
        frames.push(frame);
        if (frames.length === 5) {
          poller.stop();
          resolve();
        }
      },
      onClose: (code, error) =>
        frames.length < 5 &&
        reject(
          new Error(
            `xentop ended after ${frames.length} frames: ${error?.message ?? `status ${code}`}`,
          ),
        ),
    });
    poller.start();
  });
  await done;
  capture('xentop-b-d1.txt', raw);
  for (const f of frames) {
    expect(f.errors).toEqual([]);
    // xentop sorts its rows by name.
    expect(f.domains.map((d) => d.name)).toEqual(['Domain-0', ...[...GUESTS].sort()]);
  }
  const guests = GUESTS.map((g) => frames.map((f) => f.domains.find((d) => d.name === g)!));
  // After the first frame (always 0.0): four 40 % loads on one pCPU (160 % of demand) each get
  // a part of it, together about one pCPU, never much more.
  for (const f of frames.slice(1)) {
    const cpu = GUESTS.map((g) => f.domains.find((d) => d.name === g)!.cpuPct);
    for (const c of cpu) expect(c).toBeGreaterThan(5);
    expect(cpu.reduce((a, b) => a + b, 0)).toBeLessThan(115);
  }
  for (const g of guests) expect(g.at(-1)!.cpuSec).toBeGreaterThan(g[0]!.cpuSec);
  expect(guests[0]![0]!.nets).toBe(1);
});

test('a weight change made through the profile reads back from xl sched-credit', async ({
  shell,
  credit,
  capture,
}) => {
  const before = await readSched('xen-real', shell, credit);
  const busy = before.vms.find((v) => v.name === 'vslicer-load1')!;
  expect(busy.weight).toBe(256);
  expect(before.tsliceMs).toBe(30);
  try {
    const set = await shell.run(
      argvOf(credit, { kind: 'set-share', domid: busy.domid, weight: 512 }),
    );
    expect(set.exitCode, set.stderr).toBe(0);
    const after = await readSched('xen-real', shell, credit);
    expect(after.vms.find((v) => v.name === 'vslicer-load1')!.weight).toBe(512);
    expect(after.vms.find((v) => v.name === PINGED_GUEST)!.weight).toBe(256);
    const one = await shell.run(argvOf(credit, { kind: 'sched-domain', domid: busy.domid }));
    capture('xl-sched-credit-d-after-weight.txt', one.stdout);
    expect(parseXlSched(one.stdout).records).toMatchObject([
      { name: 'vslicer-load1', weight: 512, cap: 0 },
    ]);
  } finally {
    await shell.run(argvOf(credit, { kind: 'set-share', domid: busy.domid, weight: 256 }));
  }
});

test('ping from dom0 to the guests becomes latency samples; their addresses are discovered', async ({
  shell,
  credit,
  capture,
}) => {
  test.setTimeout(120_000);
  const ping = await shell.run(
    argvOf(credit, {
      kind: 'ping',
      address: PINGED_GUEST_ADDRESS,
      count: 5,
      intervalSec: 0.2,
      timeoutSec: 1,
    }),
  );
  capture('ping-loaded-guest.txt', ping.stdout);
  const parsed = parsePing(ping.stdout);
  expect(parsed.errors).toEqual([]);
  expect(parsed.flavor).toBe('iputils');
  expect(parsed.replies).toHaveLength(5);
  expect(parsed.summary).toMatchObject({ transmitted: 5, received: 5 });

  const sched: HostSched = await readSched('xen-real', shell, credit);
  const found = await discoverAddresses(shell, credit, sched.vms);
  expect(found.get(PINGED_GUEST)).toEqual({ address: PINGED_GUEST_ADDRESS, problem: null });
  expect(found.get('vslicer-load1')).toEqual({ address: '10.0.0.4', problem: null });

  // The dashboard's prober, as it runs for a host: discovery, then rounds of pings per VM.
  const samples: LatencySample[] = [];
  const prober = new LatencyProber({
    hostId: 'xen-real',
    profile: credit,
    shell: () => shell,
    sched: () => sched,
    publishSample: (s) => samples.push(s),
    publishTargets: () => undefined,
    polls: new PollScheduler(),
    log: () => undefined,
  });
  prober.setSettings({ intervalSec: 2, count: 3 });
  prober.start();
  await expect
    .poll(() => samples.filter((s) => s.vm === PINGED_GUEST).length, { timeout: 60_000 })
    .toBeGreaterThanOrEqual(2);
  prober.stop();
  const pinged = samples.filter((s) => s.vm === PINGED_GUEST);
  expect(pinged[0]!.address).toBe(PINGED_GUEST_ADDRESS);
  for (const s of pinged) {
    expect(s.rttMs).toHaveLength(3);
    for (const rtt of s.rttMs) expect(rtt).toBeGreaterThan(0);
  }
});

test('the web UI shows the real host and its VMs', async ({ appPage, xen }, testInfo) => {
  test.setTimeout(300_000);
  const ui = new ConsolePage(appPage);
  const add = new AddHostDialog(appPage);
  await add.addKeyHost({
    name: 'Xen 4.17 under QEMU',
    address: xen.host,
    port: xen.port,
    user: xen.user,
    identityFile: xen.identityFile,
    profile: 'credit',
  });
  const prompt = add.hostKeyPrompt();
  await expect(prompt).toBeVisible({ timeout: 60_000 });
  // The operator compares the prompt with the key the image was built with.
  await expect(prompt.getByTestId('fingerprint')).toHaveText(xen.hostKeyFingerprint);
  await prompt.getByRole('button', { name: 'Accept and connect' }).click();

  const host = ui.host(/Xen 4\.17 under QEMU/);
  await expect(host).toContainText('Live', { timeout: 90_000 });
  await host.click();
  // Facts from `xl info`, read on connect: the real hypervisor's version and scheduler.
  await expect(appPage.getByTestId('xen-version')).toHaveText(
    /^Xen 4\.17\.\d+, credit scheduler$/,
    { timeout: 30_000 },
  );
  await expect(appPage.getByRole('region', { name: /Host Xen 4\.17 under QEMU/ })).toContainText(
    /4 VMs on 1 pCPU\b/,
  );
  await expect(ui.guestRows()).toHaveCount(GUESTS.length, { timeout: 60_000 });
  for (const g of GUESTS) await expect(ui.guestRows().filter({ hasText: g })).toHaveCount(1);
  // The credit profile: every VM an NLSVM, switching disabled with the reason.
  await expect(ui.guestRows().filter({ hasText: 'vslicer-load1' })).toContainText('NLSVM');
  // The pinged guest's latency, from the app's own pings in dom0: the RTT columns fill.
  const idleRow = ui.guestRows().filter({ hasText: PINGED_GUEST });
  // Discovery, then a round of pings to each of four guests: over 60 s on a loaded 2-core machine.
  await expect(idleRow).toContainText(/\d+(\.\d+)? ms/, { timeout: 150_000 });
  await idleRow.click();
  await expect(appPage.getByLabel('Switch effect')).toContainText('switching is off', {
    timeout: 30_000,
  });
  // Let the share chart and the histogram gather a few seconds before the picture.
  await appPage.waitForTimeout(10_000);
  await appPage.screenshot({ path: testInfo.outputPath('real-xen-dashboard.png'), fullPage: true });

  // The same host added with the default profile (vslicer): the dashboard says what is wrong.
  await add.addKeyHost({
    name: 'Wrong profile',
    address: xen.host,
    port: xen.port,
    user: xen.user,
    identityFile: xen.identityFile,
  });
  const wrong = ui.host(/Wrong profile/);
  await expect(wrong).toContainText('Live', { timeout: 90_000 });
  await wrong.click();
  await expect(
    appPage.getByText(/has no sched-vslicer \("command not implemented"\): it runs stock Xen/),
  ).toBeVisible({ timeout: 30_000 });
  await appPage.screenshot({ path: testInfo.outputPath('real-xen-wrong-profile.png') });
});
