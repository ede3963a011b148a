import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parsePing } from './ping';
import { parseXentopFrame, splitXentopIterations } from './xentop/index';
import { parseXlInfo } from './xl-info';
import { parseXlList } from './xl-list';
import { parseXlSched } from './xl-sched';

/**
 * Output captured from Debian's real Xen 4.17.5 by `npm run test:xen` (see
 * captured/xen-4.17/README.md). Every captured file must have a check here.
 */
const DIR = new URL('./captured/xen-4.17/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, DIR), 'utf8');
const GUESTS = ['vslicer-busy', 'vslicer-idle'];

const checks: Record<string, () => void> = {
  'xl-info.txt': () => {
    const info = parseXlInfo(text('xl-info.txt'));
    expect(info.errors).toEqual([]);
    expect(info).toMatchObject({
      xenVersion: '4.17.5',
      scheduler: 'credit',
      nrCpus: 2,
      host: 'xen-dom0',
      totalMemoryMiB: 2047,
    });
    // QEMU measures the clock at each boot: `%d.%03d` MHz, a different value every capture.
    expect(info.cpuMhz! % 1).not.toBe(0);
    expect(info.cpuMhz).toBeGreaterThan(1000);
  },
  'xl-list.txt': () => {
    // The header carries TAB characters between VCPUs, State and Time(s); the rows spaces.
    expect(text('xl-list.txt').split('\n')[0]).toContain('\t');
    const list = parseXlList(text('xl-list.txt'));
    expect(list.errors).toEqual([]);
    expect(list.records.map((d) => [d.name, d.domid, d.memMiB, d.vcpus])).toEqual([
      ['Domain-0', 0, 1024, 2],
      ['vslicer-busy', 1, 128, 1],
      ['vslicer-idle', 2, 128, 1],
    ]);
  },
  'xl-sched-credit.txt': () => {
    const sched = parseXlSched(text('xl-sched-credit.txt'));
    expect(sched.errors).toEqual([]);
    expect(sched.pools).toEqual([
      { name: 'Pool-0', tsliceMs: 30, ratelimitUs: 1000, migrationDelayUs: 0, unavailable: false },
    ]);
    expect(sched.records.map((d) => [d.name, d.weight, d.cap])).toEqual([
      ['Domain-0', 256, 0],
      ['vslicer-busy', 256, 0],
      ['vslicer-idle', 256, 0],
    ]);
  },
  'xl-sched-credit-d-after-weight.txt': () => {
    // `-d` prints no pool line: only the header and the domain's row.
    const sched = parseXlSched(text('xl-sched-credit-d-after-weight.txt'));
    expect(sched.errors).toEqual([]);
    expect(sched.pools).toEqual([]);
    expect(sched.records).toMatchObject([{ name: 'vslicer-busy', domid: 1, weight: 512, cap: 0 }]);
  },
  'xentop-b-d1.txt': () => {
    const frames = splitXentopIterations(text('xentop-b-d1.txt')).map(parseXentopFrame);
    expect(frames).toHaveLength(5);
    for (const f of frames) {
      expect(f.errors).toEqual([]);
      expect(f.columns).toBe(19);
      expect(f.domains.map((d) => d.name)).toEqual(['Domain-0', ...GUESTS]);
    }
    // xentop's first iteration has no interval behind it: 0.0 everywhere.
    expect(frames[0]!.domains.every((d) => d.cpuPct === 0)).toBe(true);
    for (const f of frames.slice(1)) {
      const [dom0, busy, idle] = f.domains;
      expect(busy!.cpuPct).toBeGreaterThan(90);
      expect(idle!.cpuPct).toBeLessThan(5);
      expect(dom0!.state.running).toBe(true);
      expect(idle!.state.blocked).toBe(true);
      expect(idle!.nets).toBe(1);
      expect(busy!.nets).toBe(0);
      expect(busy!.maxMemKiB).toBe(132096);
    }
  },
  'xl-sched-vslicer-stock-xen.stderr.txt': () => {
    // What stock xl says to the vSlicer profile's command: the sched reader turns it into advice.
    expect(text('xl-sched-vslicer-stock-xen.stderr.txt')).toBe('command not implemented\n');
  },
  'xl-sched-credit-d-missing.stderr.txt': () => {
    // libxl's complaints about a domain that is not there: chatter, never rows or parse errors.
    const sched = parseXlSched(text('xl-sched-credit-d-missing.stderr.txt'));
    expect(sched.records).toEqual([]);
    expect(sched.errors).toEqual([]);
    expect(sched.chatter.map((c) => c.line)).toEqual([1, 2, 3]);
    expect(sched.chatter[1]!.text).toMatch(/Domain 99:Unknown scheduler/);
  },
  'ping-idle-guest.txt': () => {
    const ping = parsePing(text('ping-idle-guest.txt'));
    expect(ping.errors).toEqual([]);
    expect(ping.flavor).toBe('iputils');
    expect(ping.replies.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(ping.summary).toMatchObject({ transmitted: 5, received: 5, lossPct: 0 });
    const mean = ping.replies.reduce((a, r) => a + r.timeMs, 0) / ping.replies.length;
    expect(ping.rtt?.avgMs).toBeCloseTo(mean, 2);
  },
};

describe('output captured from a real Xen 4.17 host', () => {
  it('has a check for every captured file', () => {
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.txt'))
      .sort();
    expect(files).toEqual(Object.keys(checks).sort());
  });
  for (const [name, check] of Object.entries(checks)) it(name, check);
});
