import { afterEach, describe, expect, it } from 'vitest';
import type { HostSample, HostStatus } from '../common/model';
import { sample } from '../xen/samples.testkit';
import { cutAt, ReplayShell } from './fake-shell.testkit';
import { resolveProfile } from '../xen/profiles';
import { HostConnection } from './host-connection';

const profile = resolveProfile('credit');
if (!profile.ok) throw new Error('no credit profile');

// Sample 24: real `xentop -b -i 2 -d 1` from Xen 4.17 (XCP-ng 8.3), two iterations.
const TEXT = sample('24');

const collect = (shell: ReplayShell, guestPcpus = 1) => {
  const samples: HostSample[] = [];
  const states: HostStatus[] = [];
  const conn = new HostConnection(
    { id: 'replay', name: 'Replay', kind: 'ssh', guestPcpus, shell, profile: profile.value },
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
    expect(last?.message).toMatch(/xentop exited with status 1; restarting/);
    conn.stop();
    expect(run.states.at(-1)?.state).toBe('disconnected');
    const streamsAfterStop = shell.streams.length;
    await new Promise((r) => setTimeout(r, 1300));
    expect(shell.streams.length).toBe(streamsAfterStop);
  });
});
