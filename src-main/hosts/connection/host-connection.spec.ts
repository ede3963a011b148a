import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../common/host-shell';
import type { HostSample, HostStatus } from '../../common/model';
import { sample } from '../../xen/samples.testkit';
import { cutAt, ReplayShell } from './fake-shell.testkit';
import { resolveProfile } from '../../xen/profiles';
import { alwaysConnected } from './connector';
import { HostConnection } from './host-connection';

const profile = resolveProfile('credit');
if (!profile.ok) throw new Error('no credit profile');

// Sample 24: real `xentop -b -i 2 -d 1` from Xen 4.17 (XCP-ng 8.3), two iterations.
const TEXT = sample('24');

const collect = (shell: ReplayShell, guestPcpus = 1) => {
  const samples: HostSample[] = [];
  const states: HostStatus[] = [];
  const conn = new HostConnection(
    {
      id: 'replay',
      name: 'Replay',
      kind: 'ssh',
      target: null,
      group: '',
      guestPcpus,
      profile: profile.value,
      connector: alwaysConnected(shell),
    },
    { onSample: (s) => samples.push(s), onStatus: (s) => states.push(s) },
  );
  return { conn, samples, states };
};

const until = async (check: () => boolean, ms = 3000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('HostConnection over a replayed xentop stream', () => {
  let conn: HostConnection | undefined;
  afterEach(() => conn?.close());

  it('publishes each iteration once, whatever the chunking, with the first frame unmeasured', async () => {
    const shell = new ReplayShell(cutAt(TEXT, [7, 500, 1703, 2000, 2500]), 5);
    const run = collect(shell, 4);
    conn = run.conn;
    conn.start();
    await until(() => run.samples.length >= 2);
    expect(shell.streams[0]).toEqual(['xentop', '-b', '-d', '1', '-f']);
    const [first, second] = run.samples;
    expect(first?.domains).toHaveLength(9);
    expect(first?.domains.every((d) => d.cpuPct === null && d.share === null)).toBe(true);
    const dom0 = second?.domains.find((d) => d.name === 'Domain-0');
    expect(dom0?.cpuPct).toBeCloseTo(10.6);
    expect(dom0?.share).toBeNull();
    const spaced = second?.domains.find((d) => d.name === 's-vm 007');
    expect(spaced?.cpuPct).toBeCloseTo(1.6);
    expect(spaced?.share).toBeCloseTo(1.6 / 400);
    expect(spaced?.memKiB).toBe(8388596);
    expect(run.states[0]?.state).toBe('connecting');
    expect(run.states.some((s) => s.state === 'ready')).toBe(true);
  });

  it('marks the host reconnecting when the stream ends, and stays down after a manual stop', async () => {
    const shell = new ReplayShell([TEXT], 5, 1);
    const run = collect(shell);
    conn = run.conn;
    conn.start();
    await until(() => run.states.some((s) => s.state === 'reconnecting'));
    const last = run.states.at(-1);
    expect(last?.message).toMatch(/xentop exited with status 1/);
    expect(last?.retryAt).toBeGreaterThan(Date.now());
    conn.stop();
    expect(run.states.at(-1)?.state).toBe('disconnected');
    const streamsAfterStop = shell.streams.length;
    await new Promise((r) => setTimeout(r, 1300));
    expect(shell.streams.length).toBe(streamsAfterStop);
  });
});

describe('HostConnection outages', () => {
  let conn: HostConnection | undefined;
  afterEach(() => conn?.close());

  it('marks the first sample after a dropped stream as a gap and keeps every sample', async () => {
    const shell = new ReplayShell([TEXT], 5, 1);
    const run = collect(shell);
    conn = run.conn;
    conn.start();
    await until(() => run.samples.length >= 4, 5000);
    expect(run.samples.map((s) => s.gapBefore)).toEqual([false, false, true, false]);
    expect(shell.streams.length).toBeGreaterThanOrEqual(2);
  });

  it('treats a silent stream as a drop after the stall time', async () => {
    // One frame, then silence without the stream ending: the stall timer has to notice.
    const silent = new ReplayShell([TEXT.split('\n').slice(0, 11).join('\n') + '\n'], 5, 0);
    silent.stream = function (argv, handlers) {
      this.streams.push(argv);
      setTimeout(() => handlers.onStdout(TEXT), 5);
      return { stop: () => handlers.onClose(null) };
    };
    const samples: HostSample[] = [];
    const states: HostStatus[] = [];
    conn = new HostConnection(
      {
        id: 'stall',
        name: 'Stall',
        kind: 'ssh',
        target: null,
        group: '',
        guestPcpus: 1,
        profile: profile.value,
        connector: alwaysConnected(silent),
        stallMs: 300,
      },
      { onSample: (s) => samples.push(s), onStatus: (s) => states.push(s) },
    );
    conn.start();
    await until(() => states.some((s) => s.state === 'reconnecting'), 5000);
    expect(states.find((s) => s.state === 'reconnecting')?.message).toMatch(
      /no xentop frame for 0.3 s/,
    );
  });
});

describe('HostConnection host facts', () => {
  let conn: HostConnection | undefined;
  afterEach(() => conn?.close());

  it('reads Xen version, scheduler and pCPUs from xl info on connect and says the summary changed', async () => {
    // `xl info` as Debian's Xen 4.17 printed it under QEMU (captured by `npm run test:xen`).
    const xlInfo = readFileSync(
      new URL('../../xen/captured/xen-4.17/xl-info.txt', import.meta.url),
      'utf8',
    );
    const shell = new (class extends ReplayShell {
      override async run(argv: readonly string[]): Promise<CommandResult> {
        return argv.join(' ') === 'xl info'
          ? { stdout: xlInfo, stderr: '', exitCode: 0 }
          : super.run();
      }
    })([TEXT], 5);
    const changed: string[] = [];
    conn = new HostConnection(
      {
        id: 'facts',
        name: 'Facts',
        kind: 'ssh',
        target: null,
        group: '',
        guestPcpus: 1,
        profile: profile.value,
        connector: alwaysConnected(shell),
        readGuestPcpus: true,
      },
      { onSample: () => undefined, onStatus: () => undefined, onFacts: (id) => changed.push(id) },
    );
    expect(conn.summary()).toMatchObject({ xenVersion: null, scheduler: null, guestPcpus: 1 });
    conn.start();
    await until(() => changed.length > 0);
    expect(changed).toEqual(['facts']);
    expect(conn.summary()).toMatchObject({
      xenVersion: '4.17.5',
      scheduler: 'credit',
      guestPcpus: 2,
    });
  });

  it('drops a host whose stream is not xentop output, with the reason, and reconnects as for a stall', async () => {
    // A hostile dom0: rows without a header, forever; kept, they reached 1 GB in seconds.
    const hostile = new ReplayShell([], 5, 0);
    hostile.stream = function (argv, handlers) {
      this.streams.push(argv);
      let stopped = false;
      const row =
        '  vm1 --b---  1  0.0  131072  3.1  131072  3.1  1  1  0  0  1  0  0  0  0  0  0\n';
      const block = row.repeat(1000);
      const pump = () => {
        if (stopped) return;
        handlers.onStdout(block);
        setTimeout(pump, 0);
      };
      setTimeout(pump, 0);
      return {
        stop: () => {
          if (stopped) return;
          stopped = true;
          handlers.onClose(null);
        },
      };
    };
    const states: HostStatus[] = [];
    const logs: string[] = [];
    conn = new HostConnection(
      {
        id: 'hostile',
        name: 'Hostile',
        kind: 'ssh',
        target: null,
        group: '',
        guestPcpus: 1,
        profile: profile.value,
        connector: alwaysConnected(hostile),
      },
      {
        onSample: () => undefined,
        onStatus: (s) => states.push(s),
        onLog: (_h, l) => logs.push(l),
      },
    );
    const rss0 = process.memoryUsage().rss;
    conn.start();
    await until(() => states.some((s) => s.state === 'reconnecting'), 10_000);
    expect(states.find((s) => s.state === 'reconnecting')?.message).toMatch(
      /not what xentop prints \(more than 200,000 lines without the end of an iteration/,
    );
    expect(logs.join('\n')).toMatch(
      /connection dropped: the host's xentop output is not what xentop prints/,
    );
    expect(process.memoryUsage().rss - rss0).toBeLessThan(256 * 1024 * 1024);
  });
});
