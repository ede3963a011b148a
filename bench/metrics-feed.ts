/**
 * The events of 200 hosts × 20 VMs as the core publishes them, one second at a time: a xentop
 * frame per host, a probe round of 5 echo requests per VM every 2 s (half the VMs each second),
 * scheduling waits and a new scheduler listing per host every 5 s, each host in the second of
 * its phase (hosts/controls/poll-phase.ts), as the app polls them. Seeded, so runs compare.
 */
import type { ApiEvent } from '../src-main/common/api';
import type { HostSample } from '../src-main/common/model';
import type { HostSched } from '../src-main/common/sched';
import { pollPhase } from '../src-main/hosts/controls/poll-phase';
import { fleet, guestDomain, seeded } from './fleet';

export interface FedFleet {
  /** The exposition's sources: summaries, each host's latest frame, listings. */
  sources: {
    hosts: () => ReturnType<typeof fleet>['summaries'];
    latestSample: (id: string) => HostSample | undefined;
    sched: (id: string) => HostSched | null;
  };
  /** Publishes second `s`'s events to `feed`. */
  second(s: number, feed: (e: ApiEvent) => void): void;
}

export function fedFleet(hosts: number, vms: number, lsvms: number): FedFleet {
  const { hostIds, vmNames, summaries, scheds } = fleet(hosts, vms, lsvms);
  const rand = seeded();
  const latest = new Map<string, HostSample>();
  const phaseS = new Map(hostIds.map((id) => [id, Math.floor(pollPhase(id) * 5)]));

  const frame = (hostId: string, t: number): HostSample => ({
    hostId,
    t,
    gapBefore: false,
    rejected: [],
    domains: [
      {
        name: 'Domain-0',
        state: 'r-----',
        cpuPct: 3,
        share: null,
        memKiB: 1,
        maxMemKiB: null,
        vcpus: 1,
      },
      ...vmNames.map((name) => {
        const share = 0.02 + rand() * 0.06;
        return guestDomain(name, share, rand() < 0.3, 1_049_600);
      }),
    ],
  });

  const second = (s: number, feed: (e: ApiEvent) => void): void => {
    const t = Date.now();
    for (const hostId of hostIds) {
      const sample = frame(hostId, t);
      latest.set(hostId, sample);
      feed({ name: 'hostSample', payload: sample });
      for (const [v, vm] of vmNames.entries()) {
        if ((s + v) % 2 !== 0) continue;
        const base = v < lsvms ? 0.0005 : 0.01 + rand() * 0.05;
        const rttMs = Array.from({ length: 5 }, () =>
          rand() < 0.01 ? null : (base + rand() * 0.01) * 1000,
        );
        feed({ name: 'latencySample', payload: { hostId, vm, address: '10.0.0.2', t, rttMs } });
      }
      if ((s + phaseS.get(hostId)!) % 5 === 0) {
        // A listing polled anew is a new object, as the app's is (the exposition plans it again).
        const listing = scheds.get(hostId);
        if (listing) scheds.set(hostId, { ...listing, t, vms: listing.vms.map((v) => ({ ...v })) });
        const waits = vmNames.map((vm, v) => {
          const hist = Array.from({ length: 24 }, (_, k) =>
            k >= 3 && k <= 15 ? Math.floor(rand() * 200) : 0,
          );
          const n = hist.reduce((a, b) => a + b, 0);
          return {
            vm,
            domid: v + 1,
            window: { dispatches: n + 10, waits: n, sumUs: n * 900, maxUs: 40_000, hist },
          };
        });
        feed({
          name: 'schedWaits',
          payload: { hostId, t, sinceT: t - 5000, vms: waits, unavailable: null },
        });
      }
    }
  };

  return {
    sources: {
      hosts: () => summaries,
      latestSample: (id) => latest.get(id),
      sched: (id) => scheds.get(id) ?? null,
    },
    second,
  };
}
