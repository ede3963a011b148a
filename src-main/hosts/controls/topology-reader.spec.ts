import { describe, expect, it } from 'vitest';
import type { CommandResult, HostShell } from '../../common/host-shell';
import { VmSchedSchema, type VmSched } from '../../common/sched';
import { hostSched, vmSched } from '../../common/sched.testkit';
import { resolveProfile } from '../../xen/profiles';
import { readTopology, withTopology } from './topology-reader';

/** A dom0 answering each command line from a script; anything else fails as xl would. */
class ScriptedShell implements HostShell {
  constructor(private readonly answers: Record<string, string>) {}
  async run(argv: readonly string[]): Promise<CommandResult> {
    const out = this.answers[argv.join(' ')];
    return out === undefined
      ? { stdout: '', stderr: 'command not implemented\n', exitCode: 1 }
      : { stdout: out, stderr: '', exitCode: 0 };
  }
  stream(): never {
    throw new Error('no streams here');
  }
  close(): void {}
}

const profile = (name: string) => {
  const p = resolveProfile(name);
  if (!p.ok) throw new Error(`no ${name} profile`);
  return p.value;
};

// Two pools as Xen 4.6 printed them (pCPU 12 split off), and vCPUs pinned by ranges.
const POOLS = `Name               CPU list
Pool-0             0,1,2,3,4,5,6,7,8,9,10,11,13,14,15
Pool-1             12
`;
const VCPUS = `Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)
Domain-0                             0     0    0   r--      21.0  0 / all
wide                                 1     0    3   -b-       2.4  all / all
wide                                 1     1    5   -b-       2.1  all / all
pinned                               2     0    4   -b-       2.4  0-1,3-4 / all
split                                3     0   12   r--       9.0  all / all
`;

const vm = (name: string, pool: string | null) => vmSched(0, name, { pool });
const listing = (vms: VmSched[]) => hostSched(vms, { hostId: 'h' });

describe('readTopology / withTopology', () => {
  it("narrows each VM to its pool's pCPUs and its vCPUs' hard affinity", async () => {
    const shell = new ScriptedShell({ 'xl vcpu-list': VCPUS, 'xl cpupool-list -c': POOLS });
    const topo = await readTopology(shell, profile('credit'), 16);
    expect(topo.pools.map((p) => [p.name, p.pcpus.length])).toEqual([
      ['Pool-0', 15],
      ['Pool-1', 1],
    ]);
    expect(topo.domains.get('wide')).toEqual({
      vcpus: 2,
      affinity: Array.from({ length: 16 }, (_, i) => i),
    });
    expect(topo.domains.get('pinned')).toEqual({ vcpus: 1, affinity: [0, 1, 3, 4] });

    const s = withTopology(
      listing([vm('wide', 'Pool-0'), vm('pinned', 'Pool-0'), vm('split', 'Pool-1')]),
      topo,
    );
    const by = new Map(s.vms.map((v) => [v.name, v]));
    expect(by.get('wide')).toMatchObject({ vcpus: 2, pcpus: POOL0 });
    expect(by.get('pinned')).toMatchObject({ vcpus: 1, pcpus: [0, 1, 3, 4] });
    expect(by.get('split')).toMatchObject({ vcpus: 1, pcpus: [12] });
  });

  it('uses what could be read: no cpupools (xm), or a vcpu-list that failed', async () => {
    const xm = await readTopology(
      new ScriptedShell({
        'xm vcpu-list': VCPUS.replace('Affinity (Hard / Soft)', 'CPU Affinity').replaceAll(
          ' / all',
          '',
        ),
      }),
      profile('vslicer-xm'),
      16,
    );
    expect(xm.pools).toEqual([]);
    expect(withTopology(listing([vm('pinned', null)]), xm).vms[0]).toMatchObject({
      pcpus: [0, 1, 3, 4],
    });

    const noVcpus = await readTopology(
      new ScriptedShell({ 'xl cpupool-list -c': POOLS }),
      profile('credit'),
      16,
    );
    expect(noVcpus.domains.size).toBe(0);
    const s = withTopology(listing([vm('wide', 'Pool-0')]), noVcpus);
    // The listing's own vCPU count stays unknown; the pool still bounds where it runs.
    expect(s.vms[0]).toMatchObject({ vcpus: null, pcpus: POOL0 });
  });

  it('carries each domain’s UUID from `xl list -v`, matched by domid and name', async () => {
    const shell = new ScriptedShell({ 'xl list -v': XL_LIST_V });
    const topo = await readTopology(shell, profile('credit'), 16);
    expect(topo.issues).toEqual([]);
    const s = withTopology(
      listing([
        vmSched(0, 'Domain-0'),
        vmSched(3, 'web frontend'),
        // domid 4 was destroyed and reused by another domain since `xl list -v` ran
        vmSched(4, 'new-vm'),
        vmSched(9, 'not-listed'),
      ]),
      topo,
    );
    expect(s.vms.map((v) => v.uuid)).toEqual([
      '00000000-0000-0000-0000-000000000000',
      // lower-cased: xl prints lower case, a copy may not, and one VM must be one series
      '6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b',
      null,
      null,
    ]);
  });

  it('refuses a malformed UUID with the line, column and what was expected', async () => {
    const hostile = XL_LIST_V.replace(
      '6F1C2A9E-3B4D-4E5F-8A7B-0C1D2E3F4A5B',
      '6f1c2a9e-3b4d-4e5f-8a7b-0c1d2e3f4a5b";rm',
    );
    const topo = await readTopology(
      new ScriptedShell({ 'xl list -v': hostile }),
      profile('credit'),
      16,
    );
    expect(topo.issues).toEqual([
      expect.stringMatching(/^xl list -v: .*line 3, column \d+: expected UUID, found "6f1c2a9e-/),
    ]);
    const s = withTopology(listing([vmSched(0, 'Domain-0'), vmSched(3, 'web frontend')]), topo);
    expect(s.vms.map((v) => v.uuid)).toEqual(['00000000-0000-0000-0000-000000000000', null]);
    // The contract refuses one as well, should any other path try to carry it.
    const bad = VmSchedSchema.safeParse({ ...vmSched(3, 'web'), uuid: 'not-a-uuid' });
    expect(bad.error?.issues[0]?.message).toBe('a domain UUID is 8-4-4-4-12 lower-case hex digits');
  });

  it('leaves a listing alone when nothing was read', () => {
    const s = listing([vm('a', null)]);
    expect(withTopology(s, null)).toBe(s);
  });
});

const POOL0 = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15];

// `xl list -v` as xl prints it: TABs in the header, a name with a space, an upper-case UUID (as a
// hand-made copy might have it), and a domain that is shutting down with a reason code.
const XL_LIST_V = [
  'Name                                        ID   Mem VCPUs\tState\tTime(s)   UUID                            Reason-Code\tSecurity Label',
  'Domain-0                                     0  2048     4     r-----     123.4 00000000-0000-0000-0000-000000000000        -                -',
  'web frontend                                 3  1024     1     -b----      12.0 6F1C2A9E-3B4D-4E5F-8A7B-0C1D2E3F4A5B        -                -',
  'old-vm                                       4   512     1     ---s--       1.0 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d        0                -',
  '',
].join('\n');
