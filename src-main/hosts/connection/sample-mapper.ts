import { DOM0_NAME, type DomainSample, type HostId, type HostSample } from '../../common/model';
import { placements } from '../../common/metrics/fair-share';
import type { HostSched } from '../../common/sched';
import type { XentopFrame } from '../../xen/xentop/index';

/**
 * Turns one parsed xentop iteration into what the dashboard shows.
 *
 * A guest's share is its CPU over the pCPUs it competes for (common/metrics/fair-share.ts: its
 * pool and affinity, from the listing `sched`), or over `guestPcpus` where the host did not say.
 *
 * `firstFrame`: xentop's first iteration always prints CPU(%) 0.0 (no previous sample), which is no
 * measurement, so it becomes null rather than a misleading zero.
 */
export function toHostSample(
  hostId: HostId,
  frame: XentopFrame,
  receivedAt: number,
  guestPcpus: number,
  firstFrame: boolean,
  gapBefore = false,
  sched: Pick<HostSched, 'vms'> | null = null,
): HostSample {
  const place = sched ? placements(sched.vms) : null;
  const domains: DomainSample[] = frame.domains.map((d) => {
    const cpuPct = firstFrame ? null : d.cpuPct;
    const isDom0 = d.name === DOM0_NAME;
    const pcpus = place?.get(d.name)?.capacity ?? guestPcpus;
    return {
      name: d.name,
      state: d.stateText,
      cpuPct,
      share: cpuPct === null || isDom0 ? null : cpuPct / (100 * pcpus),
      memKiB: d.memKiB,
      maxMemKiB: d.maxMemKiB,
      vcpus: d.vcpus,
      netKiB: Number(d.netTxKiB + d.netRxKiB),
    };
  });
  const rejected = frame.errors.map((e) => `line ${e.line}, column ${e.column}: ${e.message}`);
  return { hostId, t: receivedAt, domains, rejected, gapBefore };
}
