import { describe, expect, it } from 'vitest';
import type { CommandResult, HostShell } from '../../common/host-shell';
import { buildArgv } from '../../xen/argv';
import { PROFILES, profileInfos, resolveProfile, type HostProfile } from '../../xen/profiles';
import { listingOf } from '../../xen/profiles/sched-listing';
import { creditFamilyArgv, toolstackArgv } from '../../xen/profiles/toolstack';
import { parseXlSched } from '../../xen/xl-sched';
import { readSched } from './sched-reader';

/**
 * A new host profile is one module and one list entry. This is the whole module of a toy profile
 * — a vSlicer host whose control is a wrapper `vslicer-xl sched` — and the list with it appended;
 * nothing else of the app changes, and the host's argv, listing and classes all work.
 */
const toy: HostProfile = {
  info: {
    name: 'toy',
    label: 'vSlicer through a wrapper (vslicer-xl sched)',
    help: 'A site wrapper around the vSlicer control.',
    capabilities: { scheduler: 'vslicer', switchClasses: true, waitStats: false, tslice: true },
    readOnlyReason: null,
  },
  commands: { 'vslicer-xl': 'vslicer-xl' },
  argv: (action, c) =>
    toolstackArgv(action, c, { toolstack: 'xl', xentopFullNames: true }) ??
    creditFamilyArgv(action, [c['vslicer-xl']!, 'sched'], {
      classes: true,
      tslice: true,
      readOnlyReason: null,
    }),
  parseSched: (stdout) => listingOf(parseXlSched(stdout), { classes: true, tslice: true }),
  explainSchedFailure: () => null,
};
const list = [...PROFILES, toy];

const LISTING = `Cpupool Pool-0: tslice=30ms ratelimit=1000us
Name                                ID Weight  Cap Microslice
Domain-0                             0    256    0          0
web frontend                         3    256    0          5
batch                                4    512    0          0
`;

class Answering implements HostShell {
  readonly ran: (readonly string[])[] = [];
  async run(argv: readonly string[]): Promise<CommandResult> {
    this.ran.push(argv);
    return { stdout: LISTING, stderr: '', exitCode: 0 };
  }
  stream(): never {
    throw new Error('not used');
  }
  close(): void {}
}

describe('adding a host profile', () => {
  it('is one module plus one list entry: argv, listing and the Add host list follow', async () => {
    const resolved = resolveProfile(
      'toy',
      { commands: { 'vslicer-xl': '/opt/vs/bin/vslicer-xl' } },
      list,
    );
    if (!resolved.ok) throw new Error(resolved.error.message);
    const p = resolved.value;
    expect(buildArgv(p, { kind: 'set-class', domid: 3, microsliceMs: 5, tsliceMs: 30 })).toEqual({
      ok: true,
      value: ['/opt/vs/bin/vslicer-xl', 'sched', '-d', '3', '-m', '5'],
    });
    expect(buildArgv(p, { kind: 'xentop', delaySec: 1 })).toMatchObject({
      ok: true,
      value: ['xentop', '-b', '-d', '1', '-f'],
    });

    const shell = new Answering();
    const sched = await readSched('h1', shell, p);
    expect(shell.ran).toEqual([['/opt/vs/bin/vslicer-xl', 'sched']]);
    expect(sched).toMatchObject({ tsliceMs: 30, ratelimitUs: 1000, switchable: true });
    expect(sched.vms.map((v) => [v.name, v.vmClass, v.microsliceMs, v.weight])).toEqual([
      ['web frontend', 'LSVM', 5, 256],
      ['batch', 'NLSVM', 0, 512],
    ]);
    expect(profileInfos(list).map((i) => i.name)).toEqual([
      'vslicer',
      'vslicer-ctl',
      'vslicer-xm',
      'credit',
      'credit2',
      'toy',
    ]);
    // Not in the app's own list: the list is the one place a profile is added.
    expect(resolveProfile('toy')).toMatchObject({ ok: false, error: { code: 'unknown-profile' } });
  });
});
