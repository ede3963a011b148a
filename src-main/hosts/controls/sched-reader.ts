import type { HostShell } from '../../common/host-shell';
import type { HostId } from '../../common/model';
import type { HostSched } from '../../common/sched';
import { buildArgv } from '../../xen/argv';
import type { ResolvedProfile } from '../../xen/profiles';

/**
 * Reads a host's scheduler listing through its profile (`xl sched-vslicer`, or `xl sched-credit`
 * on stock Xen) into each VM's class. Where the profile cannot switch classes every VM is an
 * NLSVM and switching is disabled with the profile's reason.
 */
export async function readSched(
  hostId: HostId,
  shell: HostShell,
  profile: ResolvedProfile,
): Promise<HostSched> {
  const argv = buildArgv(profile, { kind: 'sched-list' });
  if (!argv.ok) throw new Error(argv.error.message);
  const result = await shell.run(argv.value, { timeoutMs: 10_000 });
  if (result.exitCode !== 0) {
    const said = firstLine(result.stderr || result.stdout);
    const explained = profile.spec.explainSchedFailure(said, profile.commands);
    if (explained) throw new Error(explained);
    throw new Error(
      `${argv.value.join(' ')} failed (status ${result.exitCode ?? 'none'}): ${said}`,
    );
  }
  const listing = profile.spec.parseSched(result.stdout);
  return {
    hostId,
    t: Date.now(),
    tsliceMs: listing.tsliceMs,
    ratelimitUs: listing.ratelimitUs,
    switchable: profile.info.capabilities.switchClasses,
    readOnlyReason: profile.info.readOnlyReason,
    vms: listing.vms,
    pools: [],
  };
}

const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 300) ?? '';
