import type { DomainSample, HostSample } from '../common/model';
import type { HostSched, LatencySample } from '../common/sched';
import { createDemoHost, Prng } from '../sim/engine';
import type { EvidenceInput } from './evidence';

/**
 * What the console would have stored of the demo host (sim/engine/demo-scenario.ts) over
 * `seconds`: a xentop sample a second (CPU over the second, state letters, network counters),
 * a probe round of five echo requests to every VM every 2 s, and the listing. For tests and the
 * benchmark: the advisor must read the demo's truth back from what is observable.
 */
export function observeDemo(seconds: number, seed = 1): EvidenceInput {
  const host = createDemoHost(seed);
  const samples: HostSample[] = [];
  const latency: LatencySample[] = [];
  let prev = host.snapshot();
  for (let s = 1; s <= seconds; s++) {
    if (s % 2 === 0) {
      for (const v of host.liveVms()) {
        const probe = host.ping(v.domid, { count: 5, intervalMs: 200, timeoutMs: 1000 });
        if (probe.ok)
          host.at(probe.value.doneAtUs, () =>
            latency.push({
              hostId: 'demo',
              vm: v.name,
              address: '192.0.2.1',
              t: host.nowUs / 1000,
              rttMs: probe.value.rttMs().map((r) => r ?? null),
            }),
          );
      }
    }
    host.advanceTo(s * 1e6);
    const snap = host.snapshot();
    const domains = snap.domains.map((d): DomainSample => {
      const before = prev.domains.find((p) => p.domid === d.domid);
      const cpuPct = before ? Number(d.cpuNs - before.cpuNs) / 1e7 : 0;
      const f = d.flags;
      const state = `${f.dying ? 'd' : '-'}${f.shutdown ? 's' : '-'}${f.blocked ? 'b' : '-'}${f.crashed ? 'c' : '-'}${f.paused ? 'p' : '-'}${f.running ? 'r' : '-'}`;
      const net = d.nets.reduce((a, n) => a + n.rxBytes + n.txBytes, 0n);
      return {
        name: d.name,
        state,
        cpuPct,
        share: d.domid === 0 ? null : cpuPct / 100,
        memKiB: Number(d.memKiB),
        maxMemKiB: null,
        vcpus: 1,
        netKiB: Number(net / 1024n),
      };
    });
    samples.push({ hostId: 'demo', t: s * 1000, domains, rejected: [], gapBefore: false });
    prev = snap;
  }
  const sched: HostSched = {
    hostId: 'demo',
    t: seconds * 1000,
    tsliceMs: prev.tsliceMs,
    ratelimitUs: prev.ratelimitUs,
    switchable: true,
    readOnlyReason: null,
    vms: prev.domains.map((d) => ({
      domid: d.domid,
      name: d.name,
      weight: d.weight,
      cap: d.cap,
      microsliceMs: d.microsliceMs,
      vmClass: d.microsliceMs > 0 ? 'LSVM' : 'NLSVM',
    })),
  };
  return {
    sched,
    samples,
    latency,
    waits: [],
    guestPcpus: 1,
    window: { from: 0, to: seconds * 1000 },
  };
}

/**
 * The demo host itself with `vm` an LSVM at `microsliceMs`, probed as the console probes (five
 * echo requests 0.2 s apart in rounds 2–3 s apart) for `rounds` rounds: its ping RTT median, per seed.
 */
export function demoLsvmP50(
  vm: string,
  microsliceMs: number,
  seeds: readonly number[],
  rounds = 150,
): number[] {
  return seeds.map((seed) => {
    const host = createDemoHost(seed);
    const target = host.liveVms().find((v) => v.name === vm)!;
    host.advanceTo(30e6);
    host.setMicroslice(target.domid, microsliceMs);
    const rtts: number[] = [];
    // Rounds start at random phases, as a console's do (see what-if.ts).
    const late = new Prng(seed + 1000);
    for (let k = 0; k < rounds; k++) {
      const t0 = host.nowUs;
      host.advanceTo(t0 + Math.floor(late.next() * 1e6));
      const started = host.ping(target.domid, { count: 5, intervalMs: 200, timeoutMs: 1000 });
      if (!started.ok) throw new Error(started.error.message);
      host.advanceTo(t0 + 2e6);
      for (const r of started.value.rttMs()) if (typeof r === 'number') rtts.push(r);
    }
    rtts.sort((a, b) => a - b);
    return rtts[Math.floor(rtts.length / 2)]!;
  });
}
