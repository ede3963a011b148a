import type { HostShell } from '../../common/host-shell';
import { DOMAIN_UUID_RE, type HostSched } from '../../common/sched';
import { buildArgv } from '../../xen/argv';
import type { ResolvedProfile } from '../../xen/profiles';
import { parseXlCpupoolList } from '../../xen/xl-cpupool';
import { parseXlList } from '../../xen/xl-list';
import { parseAffinity, parseXlVcpuList } from '../../xen/xl-vcpu-list';

/** Where a host's VMs can run: its pools' pCPUs, and each domain's vCPUs and hard affinity. */
export interface Topology {
  pools: { name: string; pcpus: number[] }[];
  /** By domain name: vCPUs and the pCPUs their hard affinity allows (union), null if unreadable. */
  domains: Map<string, { vcpus: number; affinity: number[] | null }>;
  /** By domid: the name `xl list -v` printed beside it and its UUID (lower case). */
  uuids: Map<number, { name: string; uuid: string }>;
  /** Rows of the listings that were refused, each saying where and what was expected. */
  issues: string[];
}

/**
 * Reads `xl vcpu-list`, `xl cpupool-list -c` and `xl list -v`. Any may be missing (xm has no
 * cpupools and no UUID column; an old or odd host): what could be read is used, the rest stays
 * unknown — never an error that stops the host. `nrCpus` (from `xl info`) gives `all` its meaning.
 */
export async function readTopology(
  shell: HostShell,
  profile: ResolvedProfile,
  nrCpus: number,
): Promise<Topology> {
  const run = async (
    action: { kind: 'vcpu-list' | 'cpupool-list' } | { kind: 'list-domains'; verbose: true },
  ): Promise<string | null> => {
    const argv = buildArgv(profile, action);
    if (!argv.ok) return null;
    const r = await shell.run(argv.value, { timeoutMs: 10_000 });
    return r.exitCode === 0 ? r.stdout : null;
  };
  const vcpuText = await run({ kind: 'vcpu-list' });
  const poolText = await run({ kind: 'cpupool-list' });
  const listText = await run({ kind: 'list-domains', verbose: true });
  const pools = poolText
    ? parseXlCpupoolList(poolText).records.flatMap((p) =>
        p.cpuList ? [{ name: p.name, pcpus: p.cpuList }] : [],
      )
    : [];
  const domains = new Map<string, { vcpus: number; affinity: number[] | null }>();
  for (const row of vcpuText ? parseXlVcpuList(vcpuText).records : []) {
    if (row.offline) continue;
    const d = domains.get(row.name) ?? { vcpus: 0, affinity: [] };
    d.vcpus++;
    const hard = parseAffinity(row.hardAffinity, nrCpus);
    d.affinity =
      d.affinity === null || hard === null
        ? null
        : [...new Set([...d.affinity, ...hard])].sort((a, b) => a - b);
    domains.set(row.name, d);
  }
  return { pools, domains, ...readUuids(listText) };
}

/**
 * UUIDs of `xl list -v`, by domid. A listing without the UUID column (xm, or `-v` ignored) gives
 * none; a row whose UUID is malformed is refused by the parser and reported, never guessed at.
 */
function readUuids(text: string | null): Pick<Topology, 'uuids' | 'issues'> {
  const uuids = new Map<number, { name: string; uuid: string }>();
  if (!text) return { uuids, issues: [] };
  const parsed = parseXlList(text);
  for (const row of parsed.records) {
    const uuid = row.uuid?.toLowerCase();
    if (uuid && DOMAIN_UUID_RE.test(uuid)) uuids.set(row.domid, { name: row.name, uuid });
  }
  return { uuids, issues: parsed.errors.map((e) => `xl list -v: ${e.message}`) };
}

/**
 * The listing with where each VM can run: its pool's pCPUs narrowed by its hard affinity (all of
 * the pool's when the affinity is `all` or unreadable; its affinity alone when the host has no
 * pools), and its vCPU count.
 */
export function withTopology(sched: HostSched, topo: Topology | null): HostSched {
  if (!topo) return sched;
  const poolCpus = new Map(topo.pools.map((p) => [p.name, p.pcpus]));
  const onlyPool = topo.pools.length === 1 ? topo.pools[0]!.pcpus : null;
  return {
    ...sched,
    pools: topo.pools,
    vms: sched.vms.map((v) => {
      const d = topo.domains.get(v.name);
      const pool = (v.pool ? poolCpus.get(v.pool) : undefined) ?? onlyPool;
      const affinity = d?.affinity ?? null;
      const pcpus =
        pool && affinity ? pool.filter((c) => affinity.includes(c)) : (pool ?? affinity ?? null);
      // Matched by domid and name together: a domid reused by another domain since the last
      // poll (destroy, create) must not lend it the old domain's UUID.
      const id = topo.uuids.get(v.domid);
      return {
        ...v,
        vcpus: d?.vcpus ?? v.vcpus ?? null,
        pcpus: pcpus && pcpus.length > 0 ? pcpus : null,
        uuid: id && id.name === v.name ? id.uuid : null,
      };
    }),
  };
}
