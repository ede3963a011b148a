import type { HostShell } from '../common/host-shell';
import type { HostId } from '../common/model';
import type { HostSched, VmSched } from '../common/sched';
import { DOM0_NAME } from '../common/model';
import { buildArgv } from '../xen/argv';
import type { ResolvedProfile } from '../xen/profiles';
import { parseXlSched } from '../xen/xl-sched';

/**
 * Reads a host's scheduler listing (`xl sched-vslicer`, or `xl sched-credit` on stock Xen) into
 * each VM's class. On stock profiles every VM is an NLSVM and switching is disabled with the
 * profile's reason (issue 4: classes read-only).
 */
export async function readSched(hostId: HostId, shell: HostShell, profile: ResolvedProfile): Promise<HostSched> {
  const argv = buildArgv(profile, { kind: 'sched-list' });
  if (!argv.ok) throw new Error(argv.error.message);
  const result = await shell.run(argv.value, { timeoutMs: 10_000 });
  if (result.exitCode !== 0) {
    const said = firstLine(result.stderr || result.stdout);
    // Stock Xen's xl has no sched-vslicer: the host was added with the wrong profile (the default).
    if (/command not implemented/i.test(said)) {
      throw new Error(
        `This host's ${profile.toolstack} has no ${profile.schedSubcommand} ("${said}"): it runs stock Xen, not the vSlicer prototype. Edit the host and choose the credit or credit2 profile (xl info's xen_scheduler tells which) to watch it.`,
      );
    }
    throw new Error(`${argv.value.join(' ')} failed (status ${result.exitCode ?? 'none'}): ${said}`);
  }
  const parsed = parseXlSched(result.stdout);
  const pool = parsed.pools[0];
  const vms: VmSched[] = parsed.records
    .filter((d) => d.name !== DOM0_NAME)
    .map((d) => {
      const microsliceMs = profile.classesWritable ? (d.microsliceMs ?? 0) : 0;
      return {
        domid: d.domid,
        name: d.name,
        weight: d.weight,
        cap: d.cap ?? 0,
        microsliceMs,
        vmClass: microsliceMs > 0 ? 'LSVM' : 'NLSVM',
      };
    });
  return {
    hostId,
    t: Date.now(),
    tsliceMs: pool?.tsliceMs ?? (profile.hasTslice ? 30 : null),
    ratelimitUs: pool?.ratelimitUs ?? null,
    switchable: profile.classesWritable,
    readOnlyReason: profile.readOnlyReason,
    vms,
  };
}

const firstLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 300) ?? '';
