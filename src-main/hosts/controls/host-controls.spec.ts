import { afterEach, describe, expect, it, vi } from 'vitest';
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

/** A dom0 whose listing takes `ms` to answer, counting how many run at once. */
class SlowShell implements HostShell {
  running = 0;
  maxRunning = 0;
  calls = 0;
  constructor(private readonly ms: number) {}
  async run(argv: readonly string[]): Promise<CommandResult> {
    if (argv.join(' ') !== 'xl sched-vslicer') return { stdout: '', stderr: '', exitCode: 0 };
    this.calls++;
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    await new Promise((r) => setTimeout(r, this.ms));
    this.running--;
    const listing =
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us\nName                                ID Weight  Cap Microslice\nweb                                  1    256    0          0\n';
    return { stdout: listing, stderr: '', exitCode: 0 };
  }
  stream(): never {
    throw new Error('no streams here');
  }
  close(): void {}
}

describe('HostControls on a slow host', () => {
  afterEach(() => vi.useRealTimers());

  it('never stacks a second listing on the connection; the skipped turns are counted and said', async () => {
    vi.useFakeTimers();
    const shell = new SlowShell(12_000);
    const logs: string[] = [];
    let skipsSeen = 0;
    const c = new HostControls('slow', vslicer.value, {
      onLog: (_h, line) => logs.push(line),
      onPollSkip: () => skipsSeen++,
    });
    c.prober.stop();
    c.live(shell);
    c.prober.stop(); // the listing alone is under test
    await vi.advanceTimersByTimeAsync(30_000);
    c.down();
    expect(shell.maxRunning).toBe(1);
    expect(shell.calls).toBeGreaterThanOrEqual(2);
    const stats = c.polls.stats();
    expect(stats).toEqual([]); // stopped on down()
    expect(skipsSeen).toBeGreaterThan(0);
    expect(logs.find((l) => l.startsWith('sched-list: 1 tick(s) skipped'))).toBeDefined();
  });
});
