import { describe, expect, it } from 'vitest';
import type { CommandResult, HostShell } from '../../common/host-shell';
import type { SchedWaits } from '../../common/sched';
import { resolveProfile } from '../../xen/profiles';
import { WaitReader } from './wait-reader';

const HEADER =
  'Name                                ID   Dispatches        Waits        Sum(us)    Max(us) Histogram\n';
const hist = (at: number, n: number) =>
  Array.from({ length: 24 }, (_, k) => (k === at ? n : 0)).join(',');
const row = (name: string, domid: number, waits: number, sumUs: number, maxUs: number) =>
  `${name.padEnd(33)} ${String(domid).padStart(4)} ${String(waits + 1).padStart(12)} ${String(waits).padStart(12)} ${String(sumUs).padStart(14)} ${String(maxUs).padStart(10)} ${hist(14, waits)}\n`;

/** A dom0 answering `vslicer-ctl -w` with the next scripted reply. */
class Replies implements HostShell {
  ran: string[][] = [];
  constructor(private readonly replies: CommandResult[]) {}
  async run(argv: readonly string[]): Promise<CommandResult> {
    this.ran.push([...argv]);
    return this.replies.shift() ?? { stdout: '', stderr: 'no more', exitCode: 1 };
  }
  stream(): never {
    throw new Error('no streams');
  }
  close(): void {}
}

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const profile = (() => {
  const p = resolveProfile('vslicer-ctl');
  if (!p.ok) throw new Error('no profile');
  return p.value;
})();

function reader() {
  const published: SchedWaits[] = [];
  const logs: string[] = [];
  let t = 1000;
  const r = new WaitReader(
    'h',
    profile,
    (w) => published.push(w),
    (l) => logs.push(l),
    () => (t += 5000),
  );
  return { r, published, logs };
}

describe('WaitReader', () => {
  it('publishes each VM’s window since the previous reading; a re-created VM starts again', async () => {
    const { r, published } = reader();
    const shell = new Replies([
      ok(HEADER + row('vs1', 4, 100, 2_000_000, 30_000) + row('vs2', 5, 10, 900_000, 120_000)),
      ok(HEADER + row('vs1', 4, 150, 3_000_000, 30_000) + row('vs2', 5, 12, 1_140_000, 120_000)),
      // vs2 destroyed and re-created with the same id: its counters went down.
      ok(HEADER + row('vs1', 4, 160, 3_200_000, 30_000) + row('vs2', 5, 1, 20_000, 20_000)),
    ]);
    await r.read(shell);
    await r.read(shell);
    await r.read(shell);
    expect(shell.ran[0]).toEqual(['vslicer-ctl', '-w']);
    expect(published.map((p) => [p.sinceT, p.t, p.vms.map((v) => [v.vm, v.window.waits])])).toEqual(
      [
        [6000, 6000, []],
        [
          6000,
          11000,
          [
            ['vs1', 50],
            ['vs2', 2],
          ],
        ],
        [11000, 16000, [['vs1', 10]]],
      ],
    );
    expect(published[1]!.vms[0]!.window).toMatchObject({ dispatches: 50, sumUs: 1_000_000 });
  });

  it('says once why a host has none, asks again, and recovers', async () => {
    const { r, published, logs } = reader();
    const shell = new Replies([
      { stdout: '', stderr: 'sh: 1: vslicer-ctl: not found\n', exitCode: 127 },
      { stdout: '', stderr: 'sh: 1: vslicer-ctl: not found\n', exitCode: 127 },
      {
        stdout: '',
        stderr:
          'vslicer-ctl: this hypervisor has no vSlicer (the credit scheduler refused XEN_SYSCTL_SCHEDOP_getvslicer with EINVAL: it is a Xen without hypervisor/patches)\n',
        exitCode: 3,
      },
      ok(HEADER + row('vs1', 4, 1, 5000, 5000)),
    ]);
    for (let i = 0; i < 4; i++) await r.read(shell);
    expect(published.map((p) => p.unavailable)).toEqual([
      expect.stringMatching(/^This host has no vslicer-ctl: scheduling waits come from/),
      expect.stringMatching(/^This host's Xen has no vSlicer patches/),
      null,
    ]);
    expect(r.unavailable).toBeNull();
    expect(logs.at(-1)).toBe('scheduling waits: readable again');
  });
});
