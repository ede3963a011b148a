/**
 * The advisor's figures (`npm run bench advisor`): how long a what-if takes (the demo host, and
 * ten VMs on one pCPU), and how close its predicted median RTT comes to what the host then
 * shows — on the demo host by default. The comparison runs through the app's core and API, so it
 * runs unchanged on any host the core can reach: see REAL HOST HOOK below.
 */
import { runWhatIf } from '../src-main/advisor/what-if';
import { createAppCore, type AppCore } from '../src-main/api/app';
import {
  candidatesOf,
  type Advice,
  type PredictionCheck,
  type WhatIf,
} from '../src-main/common/advice';
import type { ClassSwitch, HostSched } from '../src-main/common/sched';
import { tenVmHost } from '../src-main/advisor/what-if.testkit';

const WATCH_MS = Number(process.env.ADVISOR_WATCH_S ?? 20) * 1000;
const RTTS_AFTER = Number(process.env.ADVISOR_RTTS ?? 200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- REAL HOST HOOK -------------------------------------------------------------------------
// To run the comparison on the real Xen test host (e2e/xen-host, vSlicer hypervisor): return a
// core that has it, and its host id — e.g. start the host with startXenHost() from
// e2e/xen-host/xen-host.ts, save it as an SSH host in a temporary data directory (as
// e2e/openssh-xen-host.ts does), give its guests an I/O-bound and a CPU-bound load, and return
// { core, hostId }. ADVISOR_REAL_HOST=1 selects it. Until then, the demo host.
async function realHost(): Promise<{ core: AppCore; hostId: string } | null> {
  if (process.env.ADVISOR_REAL_HOST !== '1') return null;
  throw new Error('ADVISOR_REAL_HOST=1: the real Xen host is not wired into this benchmark yet.');
}
// ----------------------------------------------------------------------------------------------

async function demoHost(): Promise<{ core: AppCore; hostId: string }> {
  const core = await createAppCore({ mode: 'web', version: 'bench', dataDir: null, log: () => {} });
  return { core, hostId: 'demo' };
}

function timeTenVms(): number {
  const w = runWhatIf(tenVmHost(false));
  if (typeof w === 'string') throw new Error(w);
  return w.elapsedMs;
}

console.log(
  `what-if, 10 CPU-bound VMs on 1 pCPU, 4 seeds × 2 scenarios: ${timeTenVms().toFixed(0)} ms`,
);

const { core, hostId } = (await realHost()) ?? (await demoHost());
const call = async <T>(method: string, payload: unknown): Promise<T> => {
  const r = await core.dispatch(method, payload);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};
try {
  core.start();
  await call('setProbeSettings', { hostId, settings: { intervalSec: 1, count: 5 } });
  await sleep(WATCH_MS);
  const advice = await call<Advice>('getAdvice', { hostId, windowSec: 60 });
  console.log(`ranking: ${advice.ranking.map((r) => `${r.vm} (${r.verdict})`).join(', ')}`);
  const best = candidatesOf(advice)[0];
  if (!best) throw new Error('no candidate to predict');
  const ms = best.microsliceMs;
  const started = performance.now();
  const w = await call<WhatIf>('predictSwitch', { hostId, domid: best.domid, microsliceMs: ms });
  console.log(
    `what-if of ${w.vm} at ${ms} ms on ${hostId}: ${(performance.now() - started).toFixed(0)} ms through the API (engine ${w.elapsedMs.toFixed(0)} ms); median RTT ${w.now.rttP50Ms.mean.toFixed(1)} → ${w.asLsvm.rttP50Ms.mean.toFixed(1)} ms (seeds ${w.asLsvm.rttP50Ms.min.toFixed(1)}–${w.asLsvm.rttP50Ms.max.toFixed(1)})`,
  );
  const sched = (await call<HostSched | null>('getSched', { hostId }))!;
  const sw = await call<ClassSwitch>('switchClass', {
    hostId,
    domid: best.domid,
    microsliceMs: ms,
  });
  if (sw.state !== 'done') throw new Error(`the switch failed: ${sw.error}`);
  let check: PredictionCheck | undefined;
  while (!check || check.observedCount < RTTS_AFTER) {
    await sleep(2000);
    check = (await call<PredictionCheck[]>('listPredictionChecks', { hostId })).at(-1);
  }
  console.log(
    `predicted median ${check.predictedP50Ms.toFixed(1)} ms, observed ${check.observedP50Ms?.toFixed(1)} ms over ${check.observedCount} RTTs: error ${check.p50ErrorPct} %`,
  );
  // Back as it was, for a host that outlives the benchmark.
  const back = sched.vms.find((v) => v.domid === best.domid)!;
  await call('switchClass', { hostId, domid: best.domid, microsliceMs: back.microsliceMs });
} finally {
  core.stop();
}
