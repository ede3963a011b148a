/**
 * The paper's Fig. 7b on the real hypervisor (§5.1: 3, 4 and 5 VMs on one pCPU, each kept at
 * 40 % by lookbusy, 100 pings to VM1): mean and p99 RTT of the pinged guest from dom0 under the
 * credit scheduler and under vSlicer with the pinged guest an LSVM, beside the simulation's
 * figures for the same configurations; context switches per second of both; and what the
 * console's polling costs dom0 — one streaming `xentop` per host against a naive
 * `xentop -b -i 2` exec per poll, measured in the same run.
 *
 * Boots the e2e/xen-host machine twice (Debian's stock Xen for the credit runs, then the vSlicer
 * build) with five guests, and takes guests away for 4 and 3 VMs. Everything on the host goes
 * through the app's code: its ssh2 shell, the profiles' argv, the ping and xl parsers, the xentop
 * stream. `npm run bench vslicer-xen`; VSLICER_XEN_PINGS (default 100), VSLICER_XEN_STOCK=0 to
 * take the credit runs from the vSlicer build with no LSVM instead of booting stock Xen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SshShell } from '../src-main/ssh/ssh-shell';
import { XentopStream } from '../src-main/hosts/connection/xentop-stream';
import { runExperiment } from '../src-main/sim/engine/experiment';
import { summarize, type LatencySummaryMs } from '../src-main/sim/engine/stats';
import { parsePing } from '../src-main/xen/ping';
import { resolveProfile, type ResolvedProfile } from '../src-main/xen/profiles';
import { parseVslicerWaits } from '../src-main/xen/vslicer-waits';
import { parseXlList } from '../src-main/xen/xl-list';
import { argvOf, connectPinned, pinnedTrustStore } from '../e2e/xen-host/app-client';
import {
  PINGED_GUEST,
  PINGED_GUEST_ADDRESS,
  startXenHost,
  type XenHost,
} from '../e2e/xen-host/xen-host';

const PINGS = Number(process.env.VSLICER_XEN_PINGS ?? 100);
const PING_INTERVAL_S = 0.2;
const MICROSLICE_MS = 5;
// VSLICER_XEN_COUNTS=4,3 resumes the test suite's saved four-guest host instead of booting five.
const COUNTS = (process.env.VSLICER_XEN_COUNTS ?? '5,4,3').split(',').map(Number);
const BOOT_STOCK = process.env.VSLICER_XEN_STOCK !== '0';
const XENTOP_WINDOW_S = Number(process.env.VSLICER_XEN_XENTOP_S ?? 40);

function profile(name: string): ResolvedProfile {
  const p = resolveProfile(name);
  if (!p.ok) throw new Error(p.error.message);
  return p.value;
}
const credit = profile('credit');
const vslicerCtl = profile('vslicer-ctl');
const sleep = (s: number) => new Promise<void>((r) => setTimeout(r, s * 1000));

interface Run {
  rtt: LatencySummaryMs;
  lost: number;
  /** Dispatches of the guests per second (vslicer-ctl -w), null where the hypervisor has none. */
  switchesPerS: number | null;
}
type Key = `${number}:${'stock' | 'credit' | 'vslicer'}`;
const real = new Map<Key, Run>();

async function dispatches(shell: SshShell): Promise<number | null> {
  const r = await shell.run(argvOf(vslicerCtl, { kind: 'wait-stats' }), { timeoutMs: 30_000 });
  if (r.exitCode !== 0) return null;
  return parseVslicerWaits(r.stdout)
    .records.filter((w) => w.domid !== 0)
    .reduce((a, w) => a + w.dispatches, 0);
}

/** PINGS pings to the pinged guest through the profile's argv, parsed by the app's parser. */
async function pingRun(shell: SshShell): Promise<Run> {
  const d0 = await dispatches(shell);
  const t0 = performance.now();
  const argv = argvOf(credit, {
    kind: 'ping',
    address: PINGED_GUEST_ADDRESS,
    count: PINGS,
    intervalSec: PING_INTERVAL_S,
    timeoutSec: 2,
  });
  const r = await shell.run(argv, { timeoutMs: PINGS * PING_INTERVAL_S * 1000 + 120_000 });
  const d1 = await dispatches(shell);
  const seconds = (performance.now() - t0) / 1000;
  const parsed = parsePing(r.stdout);
  if (parsed.errors.length > 0 || parsed.replies.length === 0)
    throw new Error(`ping: ${r.stderr || JSON.stringify(parsed.errors)}`);
  return {
    rtt: summarize(parsed.replies.map((x) => x.timeMs)),
    lost: PINGS - parsed.replies.length,
    switchesPerS: d0 === null || d1 === null ? null : (d1 - d0) / seconds,
  };
}

async function domid(shell: SshShell, name: string): Promise<number> {
  const list = parseXlList((await shell.run(argvOf(credit, { kind: 'list-domains' }))).stdout);
  const d = list.records.find((x) => x.name === name);
  if (!d) throw new Error(`no domain ${name}`);
  return d.domid;
}

async function setClass(shell: SshShell, name: string, microsliceMs: number): Promise<void> {
  const r = await shell.run(
    argvOf(vslicerCtl, {
      kind: 'set-class',
      domid: await domid(shell, name),
      microsliceMs,
      tsliceMs: 30,
    }),
  );
  if (r.exitCode !== 0) throw new Error(`vslicer-ctl -m ${microsliceMs}: ${r.stderr.trim()}`);
}

/** dom0's CPU seconds (both vCPUs), from `xl list`. */
async function dom0Cpu(shell: SshShell): Promise<number> {
  const list = parseXlList((await shell.run(argvOf(credit, { kind: 'list-domains' }))).stdout);
  return list.records.find((d) => d.domid === 0)!.timeSec;
}

/** dom0 CPU % over a window while `during` runs (from its start to the window's end). */
async function dom0CpuPct(
  shell: SshShell,
  during: (until: number) => Promise<void>,
): Promise<number> {
  const c0 = await dom0Cpu(shell);
  const t0 = performance.now();
  const until = t0 + XENTOP_WINDOW_S * 1000;
  await during(until);
  const c1 = await dom0Cpu(shell);
  return ((c1 - c0) / ((performance.now() - t0) / 1000)) * 100;
}

async function xentopCost(
  shell: SshShell,
): Promise<{ idle: number; stream: number; naive: number; naivePolls: number }> {
  const idle = await dom0CpuPct(shell, async (until) => sleep((until - performance.now()) / 1000));
  const stream = await dom0CpuPct(shell, async (until) => {
    let frames = 0;
    const s = new XentopStream({
      shell,
      argv: argvOf(credit, { kind: 'xentop', delaySec: 1 }),
      onFrame: () => frames++,
      onClose: () => undefined,
    });
    s.start();
    await sleep((until - performance.now()) / 1000);
    s.stop();
    if (frames < XENTOP_WINDOW_S / 2)
      throw new Error(`the xentop stream gave ${frames} frames in ${XENTOP_WINDOW_S} s`);
  });
  let naivePolls = 0;
  const naive = await dom0CpuPct(shell, async (until) => {
    // A poll a second, as the stream's cadence; each exec needs two iterations for CPU(%).
    const argv = argvOf(credit, { kind: 'xentop', delaySec: 1, iterations: 2 });
    while (performance.now() < until) {
      const t = performance.now();
      await shell.run(argv, { timeoutMs: 60_000 });
      naivePolls++;
      await sleep(Math.max(0, 1000 - (performance.now() - t)) / 1000);
    }
  });
  return { idle, stream, naive, naivePolls };
}

async function withHost<T>(
  hypervisor: 'stock' | 'vslicer',
  body: (xen: XenHost, shell: SshShell) => Promise<T>,
): Promise<T> {
  const xen = await startXenHost({
    hypervisor,
    guests: Math.max(...COUNTS),
    log: (l) => console.log(`  ${l}`),
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'vslicer-bench-vxen-'));
  const shell = await connectPinned(xen, await pinnedTrustStore(xen, dataDir));
  try {
    const t = xen.timings;
    console.log(
      `  ${hypervisor}: dom0 SSH after ${t.bootToSsh.toFixed(0)} s, ${xen.guests.length} guests running after ${t.guestUp.toFixed(0)} s more`,
    );
    return await body(xen, shell);
  } finally {
    shell.close();
    await xen.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** From 5 VMs down to 3: the highest-numbered load guest goes before each smaller count. */
async function eachCount(xen: XenHost, body: (n: number) => Promise<void>): Promise<void> {
  for (const n of COUNTS) {
    for (const g of xen.guests.slice(n)) await xen.ssh(`xl destroy ${g.name} 2>/dev/null; true`);
    await sleep(5);
    await body(n);
  }
}

let cost: Awaited<ReturnType<typeof xentopCost>> | null = null;
if (BOOT_STOCK) {
  console.log(`booting Debian's stock Xen 4.17.5 (credit) with ${Math.max(...COUNTS)} guests…`);
  await withHost('stock', async (xen, shell) => {
    await eachCount(xen, async (n) => {
      real.set(`${n}:stock`, await pingRun(shell));
      console.log(
        `  ${n} VMs, stock credit: mean ${real.get(`${n}:stock`)!.rtt.mean.toFixed(1)} ms`,
      );
    });
  });
}
console.log(`booting the vSlicer hypervisor with ${Math.max(...COUNTS)} guests…`);
await withHost('vslicer', async (xen, shell) => {
  await eachCount(xen, async (n) => {
    real.set(`${n}:credit`, await pingRun(shell));
    await setClass(shell, PINGED_GUEST, MICROSLICE_MS);
    await sleep(3);
    try {
      real.set(`${n}:vslicer`, await pingRun(shell));
    } finally {
      await setClass(shell, PINGED_GUEST, 0);
    }
    console.log(
      `  ${n} VMs: no LSVM mean ${real.get(`${n}:credit`)!.rtt.mean.toFixed(1)} ms, LSVM mean ${real.get(`${n}:vslicer`)!.rtt.mean.toFixed(1)} ms`,
    );
  });
  cost = await xentopCost(shell);
});

// The simulation of the same configurations: N VMs at lookbusy 40 % on one pCPU, VM1 pinged.
const sim = new Map<Key, { rtt: LatencySummaryMs; switchesPerS: number }>();
for (const n of COUNTS) {
  for (const [kind, scheduler, lsvm] of [
    ['credit', 'credit', 0],
    ['vslicer', 'vslicer', 1],
  ] as const) {
    const r = runExperiment({
      scheduler,
      vms: n,
      lsvm,
      tsliceMs: 30,
      microsliceMs: MICROSLICE_MS,
      workload: 'lookbusy:40',
      ping: 'vm1',
      pingCount: PINGS,
      pingIntervalMs: PING_INTERVAL_S * 1000,
      durationS: PINGS * PING_INTERVAL_S + 5,
      seed: 1,
    });
    if (!r.ok) throw new Error(r.error.message);
    sim.set(`${n}:${kind}`, {
      rtt: r.value.ping!.rttMs,
      switchesPerS: r.value.contextSwitchesPerS,
    });
  }
}

const f = (x: number | null | undefined, w = 7) =>
  (x === null || x === undefined ? 'n/a' : x.toFixed(1)).padStart(w);
console.log(
  `\nFig. 7b — ${PINGS} pings to ${PINGED_GUEST} from dom0, ${PING_INTERVAL_S} s apart, VMs at 40 % on one pCPU; RTT in ms`,
);
console.log('VMs  scheduler                      real mean  real p99  lost   sim mean   sim p99');
for (const n of COUNTS) {
  const rows: Array<[string, Key, Key]> = [
    ...(BOOT_STOCK
      ? [['credit (stock Xen 4.17.5)', `${n}:stock`, `${n}:credit`] as [string, Key, Key]]
      : []),
    ['credit (vSlicer build, no LSVM)', `${n}:credit`, `${n}:credit`],
    [`vSlicer (pinged LSVM, T_m ${MICROSLICE_MS} ms)`, `${n}:vslicer`, `${n}:vslicer`],
  ];
  for (const [label, k, s] of rows) {
    const r = real.get(k);
    const m = sim.get(s)!;
    console.log(
      `${String(n).padStart(3)}  ${label.padEnd(31)}${f(r?.rtt.mean, 10)}${f(r?.rtt.p99, 10)}${String(r?.lost ?? '').padStart(6)}${f(m.rtt.mean, 11)}${f(m.rtt.p99, 10)}`,
    );
  }
}
console.log(
  "\ncontext switches per second on the shared pCPU (real: guests' dispatches from vslicer-ctl -w; sim: the engine's count)",
);
console.log('VMs      credit real  credit sim   vSlicer real  vSlicer sim');
for (const n of COUNTS) {
  console.log(
    `${String(n).padStart(3)}  ${f(real.get(`${n}:credit`)?.switchesPerS, 14)}${f(sim.get(`${n}:credit`)!.switchesPerS, 12)}${f(real.get(`${n}:vslicer`)?.switchesPerS, 15)}${f(sim.get(`${n}:vslicer`)!.switchesPerS, 13)}`,
  );
}
const c = cost as Awaited<ReturnType<typeof xentopCost>> | null;
if (c) {
  const streamExtra = Math.max(0.01, c.stream - c.idle);
  console.log(
    `\ndom0 CPU (% of one pCPU, ${XENTOP_WINDOW_S} s windows, ${COUNTS.at(-1)} guests running):`,
  );
  console.log(`  nothing polling                      ${f(c.idle)} %`);
  console.log(
    `  one streaming xentop -b -d 1         ${f(c.stream)} %  (+${(c.stream - c.idle).toFixed(1)})`,
  );
  console.log(
    `  xentop -b -i 2 -d 1 exec per poll    ${f(c.naive)} %  (+${(c.naive - c.idle).toFixed(1)}, ${c.naivePolls} polls)`,
  );
  console.log(
    `  naive / streaming, above idle        ${((c.naive - c.idle) / streamExtra).toFixed(1)}×`,
  );
}
