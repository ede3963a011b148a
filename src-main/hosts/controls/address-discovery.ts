import type { HostShell } from '../../common/host-shell';
import type { VmSched } from '../../common/sched';
import { buildArgv } from '../../xen/argv';
import { parseIpNeigh } from '../../xen/ip-neigh';
import type { ResolvedProfile } from '../../xen/profiles';
import { parseXlNetworkList } from '../../xen/xl-network-list';

export interface Discovered {
  address: string | null;
  /** Why there is no address, and what the operator can do. */
  problem: string | null;
}

/**
 * Finds each VM's address the way an operator would on dom0: the vif's MAC from
 * `xl network-list <domid>`, then that MAC in dom0's neighbour table (`ip neigh`).
 */
export async function discoverAddresses(
  shell: HostShell,
  profile: ResolvedProfile,
  vms: readonly VmSched[],
): Promise<Map<string, Discovered>> {
  const out = new Map<string, Discovered>();
  const neighArgv = buildArgv(profile, { kind: 'neighbours' });
  const neighbours = neighArgv.ok
    ? parseIpNeigh((await shell.run(neighArgv.value, { timeoutMs: 10_000 })).stdout)
    : [];
  for (const vm of vms) {
    const argv = buildArgv(profile, { kind: 'network-list', domid: vm.domid });
    if (!argv.ok) {
      out.set(vm.name, { address: null, problem: argv.error.message });
      continue;
    }
    const result = await shell.run(argv.value, { timeoutMs: 10_000 });
    const macs = parseXlNetworkList(result.stdout).vifs.map((v) => v.mac);
    if (macs.length === 0) {
      out.set(vm.name, {
        address: null,
        problem:
          'The VM has no network interface (xl network-list shows none): it cannot be pinged.',
      });
      continue;
    }
    const hit = neighbours.find((n) => macs.includes(n.mac));
    out.set(
      vm.name,
      hit
        ? { address: hit.address, problem: null }
        : {
            address: null,
            problem: `dom0's neighbour table has no address for ${macs.join(', ')} yet (the VM has not talked to dom0). Enter the VM's address by hand.`,
          },
    );
  }
  return out;
}
