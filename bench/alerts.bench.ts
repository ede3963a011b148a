/**
 * In-app alerts at scale: 200 hosts × 20 VMs, evaluated once a second as the core does. Five
 * minutes of data (the rules' window) are fed first, in simulated time: a xentop frame per host a
 * second, a probe round of 5 echo requests per VM every 2 s. Then each round adds one second of
 * data and runs one evaluation of every rule on every host and VM. Prints the time per evaluation
 * round (p50, p95, max) and per second of samples taken in (the fairness figures of each frame).
 * Run: npx tsx bench/alerts.bench.ts [--rounds N] (default 30)
 */
import { cpus, loadavg } from 'node:os';
import { defaultAlertSettings } from '../src-main/common/alerts';
import type { HostSample } from '../src-main/common/model';
import type { LatencySample } from '../src-main/common/sched';
import { AlertEngine } from '../src-main/alerts/alert-engine';
import { HostHistory } from '../src-main/session/host-history';
import { SeriesStore } from '../src-main/session/series-store';
import { fleet, guestDomain, seeded } from './fleet';

const HOSTS = 200;
const VMS = 20;
const LSVMS = 2;
const WINDOW_S = 300;
const rounds = Number(/--rounds[= ](\d+)/.exec(process.argv.slice(2).join(' '))?.[1] ?? 30);

const { hostIds, vmNames, summaries, scheds } = fleet(HOSTS, VMS, LSVMS);
const rand = seeded();

const store = new SeriesStore(WINDOW_S + 60);
const latency = new HostHistory<LatencySample>();
let raised = 0;
const engine = new AlertEngine({
  sources: {
    hosts: () => summaries,
    sched: (id) => scheds.get(id) ?? null,
    latestSample: (id) => store.latest(id),
    latency: (id, since) => latency.history(id, since),
  },
  onAlert: (a) => void (a.state === 'raised' && raised++),
  settings: defaultAlertSettings(),
});

function second(t: number): void {
  for (const hostId of hostIds) {
    const sample: HostSample = {
      hostId,
      t,
      rejected: [],
      gapBefore: false,
      domains: vmNames.map((name) => {
        const share = 0.02 + rand() * 0.1;
        return guestDomain(name, share, rand() < 0.5, null);
      }),
    };
    store.append(sample);
    engine.observe({ name: 'hostSample', payload: sample });
    if ((t / 1000) % 2 === 0) {
      for (const vm of vmNames) {
        const rttMs = Array.from({ length: 5 }, () => (rand() < 0.01 ? null : 0.2 + rand() * 40));
        latency.append({ hostId, vm, address: '10.0.0.1', t, rttMs });
      }
    }
  }
}

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!;
const f1 = (v: number) => v.toFixed(1);

const t0 = 1_800_000_000_000;
const fill = performance.now();
for (let s = 0; s < WINDOW_S; s++) second(t0 + s * 1000);
const fillMs = performance.now() - fill;
const evalMs: number[] = [];
const evalCpuMs: number[] = [];
const feedMs: number[] = [];
// The first round computes every host's RTT figures; later rounds a fifth of them (staggered).
const firstT = t0 + WINDOW_S * 1000;
const f0 = performance.now();
engine.evaluate(firstT);
const firstMs = performance.now() - f0;
for (let r = 1; r <= rounds; r++) {
  const t = t0 + (WINDOW_S + r) * 1000;
  const a = performance.now();
  second(t);
  const b = performance.now();
  const cpu = process.cpuUsage();
  engine.evaluate(t);
  const used = process.cpuUsage(cpu);
  evalMs.push(performance.now() - b);
  evalCpuMs.push((used.user + used.system) / 1000);
  feedMs.push(b - a);
}
console.log(
  `alerts: ${HOSTS} hosts × ${VMS} VMs, ${rounds} evaluation rounds over a full ${WINDOW_S} s window ` +
    `(${cpus().length} CPUs, load ${loadavg()[0]!.toFixed(1)})`,
);
console.log(
  `  evaluation round: wall p50 ${f1(pct(evalMs, 50))} ms, p95 ${f1(pct(evalMs, 95))} ms; ` +
    `CPU p50 ${f1(pct(evalCpuMs, 50))} ms, p95 ${f1(pct(evalCpuMs, 95))} ms; ` +
    `the first (every host's RTT figures) ${f1(firstMs)} ms`,
);
console.log(
  `  one second of data in (frames judged for fairness, probe rounds kept): p50 ${f1(pct(feedMs, 50))} ms, p95 ${f1(pct(feedMs, 95))} ms`,
);
console.log(
  `  filling the window: ${f1(fillMs / 1000)} s for ${WINDOW_S} s of data; ${raised} alerts raised`,
);
