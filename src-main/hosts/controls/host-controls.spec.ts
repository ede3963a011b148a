import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult, HostShell } from '../../common/host-shell';
import type { HostSched } from '../../common/sched';
import { resolveProfile } from '../../xen/profiles';
import { HostControls } from './host-controls';

const vslicer = resolveProfile('vslicer');
if (!vslicer.ok) throw new Error('no vslicer profile');

/** A dom0 whose xl answers `sched-vslicer` as stock Xen 4.17 does, until it is "patched". */
class StockXenShell implements HostShell {
  patched = false;
  async run(argv: readonly string[]): Promise<CommandResult> {
    if (argv.join(' ') !== 'xl sched-vslicer')
      return { stdout: '', stderr: 'not scripted', exitCode: 127 };
    if (!this.patched) return { stdout: '', stderr: 'command not implemented\n', exitCode: 1 };
    const listing =
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us\nName                                ID Weight  Cap Microslice\nDomain-0                             0    256    0          0\nweb                                  1    256    0          5\n';
    return { stdout: listing, stderr: '', exitCode: 0 };
  }
  stream(): never {
    throw new Error('no streams here');
  }
  close(): void {}
}

describe('HostControls scheduler listing', () => {
  let controls: HostControls | undefined;
  afterEach(() => controls?.down());

  it('shows a failed listing as the reason switching is off, and recovers when the listing works', async () => {
    const published: HostSched[] = [];
    const shell = new StockXenShell();
    controls = new HostControls('stock', vslicer.value, { onSched: (s) => published.push(s) });
    controls.live(shell);
    await expect.poll(() => published.length).toBe(1);
    const failed = published[0]!;
    expect(failed.switchable).toBe(false);
    expect(failed.readOnlyReason).toMatch(
      /^The scheduler listing failed: This host's xl has no sched-vslicer \("command not implemented"\): it runs stock Xen.*choose the credit or credit2 profile/,
    );
    expect(controls.sched?.switchable).toBe(false);

    shell.patched = true;
    const ok = await controls.refreshSched();
    expect(ok.switchable).toBe(true);
    expect(ok.vms).toMatchObject([{ name: 'web', vmClass: 'LSVM', microsliceMs: 5 }]);
  });
});
