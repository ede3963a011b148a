/**
 * A fleet for the scale benchmarks: hosts of the same shape (`vslicer` profile, 4 guest pCPUs,
 * ready), each with a scheduler listing of `vms` guests of which the first `lsvms` are LSVMs with
 * a 1 ms microslice; and one seeded generator, so runs compare.
 */
import type { HostSample, HostSummary } from '../src-main/common/model';
import { hostStatus } from '../src-main/common/model.testkit';
import type { HostSched } from '../src-main/common/sched';

export interface Fleet {
  hostIds: string[];
  vmNames: string[];
  summaries: HostSummary[];
  scheds: Map<string, HostSched>;
}

export function fleet(hosts: number, vms: number, lsvms: number): Fleet {
  const hostIds = Array.from({ length: hosts }, (_, h) => `xen-${String(h).padStart(3, '0')}`);
  const vmNames = Array.from({ length: vms }, (_, v) => `vm-${String(v).padStart(2, '0')}`);
  const summaries: HostSummary[] = hostIds.map((id) => ({
    id,
    name: id,
    kind: 'ssh',
    target: `root@${id}:22`,
    profile: 'vslicer',
    capabilities: { switchClasses: true, schedWaits: true } as never,
    group: '',
    guestPcpus: 4,
    xenVersion: '4.17.3',
    scheduler: 'vslicer',
    status: hostStatus({ hostId: id }),
    polls: [],
  }));
  const scheds = new Map<string, HostSched>(
    hostIds.map((hostId) => [
      hostId,
      {
        hostId,
        t: 0,
        tsliceMs: 30,
        ratelimitUs: 1000,
        switchable: true,
        readOnlyReason: null,
        vms: vmNames.map((name, v) => ({
          domid: v + 1,
          name,
          weight: 256,
          cap: 0,
          microsliceMs: v < lsvms ? 1 : 0,
          vmClass: v < lsvms ? ('LSVM' as const) : ('NLSVM' as const),
        })),
      },
    ]),
  );
  return { hostIds, vmNames, summaries, scheds };
}

/** A seeded linear congruential generator in [0, 1). */
export function seeded(seed = 42): () => number {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

/**
 * A guest's row of a xentop frame on a fleet host: one vCPU, 1 GiB, `share` of the host's 4 guest
 * pCPUs (so a CPU % of share × 400), blocked or running.
 */
export function guestDomain(
  name: string,
  share: number,
  blocked: boolean,
  maxMemKiB: number | null,
): HostSample['domains'][number] {
  return {
    name,
    state: blocked ? '--b---' : '-----r',
    cpuPct: share * 400,
    share,
    memKiB: 1_048_576,
    maxMemKiB,
    vcpus: 1,
  };
}
