import { describe, expect, it } from 'vitest';
import type { HostSample, HostSummary } from '../common/model';
import { hostStatus } from '../common/model.testkit';
import type { HostSched } from '../common/sched';
import { GUESTS, HOSTILE, sample, sched, summary } from './metrics-fixture.testkit';
import { find, parse } from './openmetrics-parse.testkit';
import { KeptLines } from './kept-lines';
import { ByteWriter, num, utf8 } from './text-writer';
import { VslicerMetrics } from './vslicer-metrics';

/**
 * The exposition keeps each VM's lines as bytes between scrapes and rewrites only what changed
 * (kept-lines.ts, vm-series.ts): every change must still show in the very next scrape, and
 * nothing kept may outlive its VM or lose its escaping.
 */

/** The fixture's host with a frame and a listing the test may replace between scrapes. */
function live() {
  let frame: HostSample = sample(1);
  let listing: HostSched | null = sched;
  let hosts = [summary()];
  const metrics = new VslicerMetrics(
    { hosts: () => hosts, latestSample: () => frame, sched: () => listing },
    '9.9.9',
    () => 1_000_000,
  );
  const scrape = async () => parse(await metrics.scrape()).lines;
  return {
    metrics,
    scrape,
    setFrame: (f: HostSample) => (frame = f),
    setListing: (l: HostSched | null) => (listing = l),
    setHosts: (h: HostSummary[]) => (hosts = h),
    dropHosts: () => (hosts = []),
  };
}

/** The fixture's frame with one guest's share (and CPU %) replaced. */
const withShare = (vm: string, share: number): HostSample => {
  const f = sample(1);
  return {
    ...f,
    domains: f.domains.map((d) => (d.name === vm ? { ...d, share, cpuPct: share * 100 } : d)),
  };
};

const value = (lines: ReturnType<typeof parse>['lines'], name: string, vm: string) =>
  find(lines, name, { vm }).map((l) => l.value);

describe('lines kept between scrapes', () => {
  it('shows a changed value in the next scrape, and a value changed back as it was', async () => {
    const { scrape, setFrame, metrics } = live();
    const share = (lines: Awaited<ReturnType<typeof scrape>>) =>
      value(lines, 'vslicer_vm_cpu_share_ratio', 'batch-worker');
    setFrame(withShare('batch-worker', 0.25));
    expect(share(await scrape())).toEqual([0.25]);
    setFrame(withShare('batch-worker', 0.125));
    expect(share(await scrape())).toEqual([0.125]);
    setFrame(withShare('batch-worker', 0.25));
    expect(share(await scrape())).toEqual([0.25]);

    metrics.observe({ name: 'hostSample', payload: withShare('batch-worker', 0.5) });
    const first = value(await scrape(), 'vslicer_vm_cpu_seconds_total', 'batch-worker');
    metrics.observe({ name: 'hostSample', payload: withShare('batch-worker', 0.5) });
    const second = value(await scrape(), 'vslicer_vm_cpu_seconds_total', 'batch-worker');
    expect(second[0]! - first[0]!).toBeCloseTo(0.5, 9);
  });

  it('rewrites a histogram series when a count changes, and only then', async () => {
    const { scrape, metrics } = live();
    const round = (rttMs: (number | null)[]) =>
      metrics.observe({
        name: 'latencySample',
        payload: { hostId: 'demo', vm: 'db-report', address: 'a', t: 1, rttMs },
      });
    const rtt = (lines: Awaited<ReturnType<typeof scrape>>) =>
      lines.filter(
        (l) => l.name.startsWith('vslicer_vm_ping_rtt_seconds') && l.labels.vm === 'db-report',
      );
    round([0.3, 40]);
    const a = rtt(await scrape());
    expect(a.find((l) => l.name.endsWith('_count'))!.value).toBe(2);
    expect(rtt(await scrape())).toEqual(a);
    round([0.3, null]);
    const b = rtt(await scrape());
    expect(b.find((l) => l.name.endsWith('_count'))!.value).toBe(3);
    expect(b.find((l) => l.labels.le === '0.0005')!.value).toBe(2);
    expect(b.find((l) => l.name.endsWith('_sum'))!.value).toBeCloseTo(0.0406, 9);
    expect(value(await scrape(), 'vslicer_vm_ping_lost_total', 'db-report')).toEqual([1]);
  });

  it('follows a class or UUID change, and drops what a VM gone from the listing no longer has', async () => {
    const { scrape, setListing, dropHosts } = live();
    const info = async (vm: string) =>
      find(await scrape(), 'vslicer_vm_info', { vm }).map((l) => l.labels);
    expect(await info('web-frontend')).toEqual([
      expect.objectContaining({ class: 'LSVM', uuid: sched.vms[1]!.uuid }),
    ]);
    const relabelled = sched.vms.map((v) =>
      v.name === 'web-frontend'
        ? { ...v, vmClass: 'NLSVM' as const, microsliceMs: 0, uuid: null }
        : v,
    );
    setListing({ ...sched, vms: relabelled.filter((v) => v.name !== 'video-encode') });
    expect(await info('web-frontend')).toEqual([
      { host: 'demo', vm: 'web-frontend', class: 'NLSVM' },
    ]);
    const lines = await scrape();
    expect(value(lines, 'vslicer_vm_microslice_seconds', 'web-frontend')).toEqual([0]);
    expect(find(lines, 'vslicer_vm_planned_worst_latency_seconds', {})).toHaveLength(0);
    expect(find(lines, 'vslicer_vm_info', { vm: 'video-encode' })).toHaveLength(0);
    expect(find(lines, 'vslicer_vm_microslice_seconds', { vm: 'video-encode' })).toHaveLength(0);
    dropHosts();
    expect((await scrape()).filter((l) => l.labels.vm !== undefined)).toEqual([]);
  });

  it('follows a host’s state, facts and counters, escapes a hostile id, and drops a host gone', async () => {
    const { scrape, metrics, setHosts } = live();
    const odd = 'lab"1\\\n} 1';
    const other: HostSummary = {
      ...summary(),
      id: odd,
      name: 'Lab "one"',
      status: hostStatus({ hostId: odd, state: 'reconnecting' }),
    };
    setHosts([summary(), other]);
    const host = (lines: Awaited<ReturnType<typeof scrape>>, name: string, labels = {}) =>
      find(lines, name, { host: odd, ...labels }).map((l) => l.value);
    let lines = await scrape();
    expect(host(lines, 'vslicer_host_up')).toEqual([0]);
    expect(host(lines, 'vslicer_host_connection_state', { state: 'reconnecting' })).toEqual([1]);
    expect(host(lines, 'vslicer_host_connection_state', { state: 'ready' })).toEqual([0]);
    expect(find(lines, 'vslicer_host_info', { host: odd })[0]!.labels.name).toBe('Lab "one"');
    expect(host(lines, 'vslicer_host_xentop_frames_total')).toEqual([0]);
    expect(host(lines, 'vslicer_host_last_frame_timestamp_seconds')).toEqual([]);

    metrics.observe({ name: 'hostSample', payload: { ...sample(4000, true), hostId: odd } });
    setHosts([
      summary(),
      {
        ...other,
        name: 'Lab two',
        xenVersion: '4.18.1',
        status: hostStatus({ hostId: odd, state: 'ready' }),
      },
    ]);
    lines = await scrape();
    expect(host(lines, 'vslicer_host_up')).toEqual([1]);
    expect(host(lines, 'vslicer_host_connection_state', { state: 'reconnecting' })).toEqual([0]);
    expect(host(lines, 'vslicer_host_connection_state', { state: 'ready' })).toEqual([1]);
    expect(find(lines, 'vslicer_host_info', { host: odd })[0]!.labels).toMatchObject({
      name: 'Lab two',
      xen_version: '4.18.1',
    });
    expect(host(lines, 'vslicer_host_xentop_frames_total')).toEqual([1]);
    expect(host(lines, 'vslicer_host_stream_gaps_total')).toEqual([1]);
    expect(host(lines, 'vslicer_host_last_frame_timestamp_seconds')).toEqual([4]);
    expect(find(lines, 'vslicer_host_up', { host: 'demo' }).map((l) => l.value)).toEqual([1]);

    setHosts([summary()]);
    lines = await scrape();
    expect(lines.filter((l) => l.labels.host === odd)).toEqual([]);
    expect(find(lines, 'vslicer_host_up', { host: 'demo' }).map((l) => l.value)).toEqual([1]);
  });

  it('keeps hostile VM names escaped in lines rewritten after a change', async () => {
    const { scrape, setFrame } = live();
    for (const share of [0.01, 0.02]) {
      setFrame({
        ...sample(1),
        domains: sample(1).domains.map((d) => (HOSTILE.includes(d.name) ? { ...d, share } : d)),
      });
      const lines = await scrape();
      expect(lines.some((l) => l.name === 'fake_metric')).toBe(false);
      for (const vm of HOSTILE) {
        expect(value(lines, 'vslicer_vm_cpu_share_ratio', vm)).toEqual([share]);
        expect(find(lines, 'vslicer_vm_info', { vm })).toHaveLength(1);
      }
    }
  });

  it('leaves an earlier scrape’s buffers as they were while the next one is written', async () => {
    const { metrics, setFrame } = live();
    const parts = await metrics.scrapeParts();
    const before = Buffer.concat(parts).toString('utf8');
    setFrame(withShare(GUESTS[1]!, 0.75));
    metrics.observe({ name: 'hostSample', payload: sample(2) });
    const next = Buffer.concat(await metrics.scrapeParts()).toString('utf8');
    expect(next).not.toBe(before);
    expect(Buffer.concat(parts).toString('utf8')).toBe(before);
  });
});

describe('buffers handed back', () => {
  it('are written over by the next scrape, which is whole and current', async () => {
    const { metrics, setFrame } = live();
    const first = await metrics.scrapeParts();
    const firstText = Buffer.concat(first).toString('utf8');
    metrics.release(first);
    setFrame(withShare('db-report', 0.375));
    const second = await metrics.scrapeParts();
    const reused = new Set(first.map((p) => p.buffer));
    expect(second.some((p) => reused.has(p.buffer))).toBe(true);
    const lines = parse(Buffer.concat(second).toString('utf8')).lines;
    expect(lines).toHaveLength(parse(firstText).lines.length);
    expect(value(lines, 'vslicer_vm_cpu_share_ratio', 'db-report')).toEqual([0.375]);
  });
});

describe('pieces told as they are written', () => {
  it('tells the tap each piece the scrape returns, in order, before it returns', async () => {
    const { metrics } = live();
    const told: Uint8Array[] = [];
    const parts = await metrics.scrapeParts((p) => told.push(p));
    expect(told).toEqual(parts);
    expect(told.every((p, i) => p === parts[i])).toBe(true);
    // The tap is this scrape's only: the next one without a tap tells nobody.
    await metrics.scrapeParts();
    expect(told).toHaveLength(parts.length);
  });

  it('tells a piece as soon as it is full, while the rest is still being written', () => {
    const out = new ByteWriter();
    const told: number[] = [];
    out.tap((p) => told.push(p.length));
    const line = utf8(`${'x'.repeat(999)}\n`);
    for (let i = 0; i < 300; i++) out.bytes(line);
    // 300 kB written: the first buffer is full and was told before done().
    expect(told.length).toBeGreaterThanOrEqual(1);
    const parts = out.done();
    expect(told).toEqual(parts.map((p) => p.length));
  });
});

describe('the byte writer', () => {
  const VALUES = [
    0,
    -0,
    1,
    7,
    10,
    99,
    100,
    123_456_789,
    2 ** 53 - 1,
    2 ** 53,
    1e21,
    1.5e300,
    0.1,
    0.25,
    1 / 3,
    -1,
    -0.5,
    5e-324,
    -1.2345678901234567e-123,
    0.0001,
    1e-7,
    NaN,
    Infinity,
    -Infinity,
  ];

  it('writes every value as num() does, across its buffers', () => {
    const out = new ByteWriter();
    const prefix = utf8('x{vm="é 🖥"} ');
    let expected = '';
    // Enough lines to fill several of its buffers, so lines straddle where one ends.
    for (let i = 0; i < 4000; i++) {
      for (const v of VALUES) {
        out.bytes(prefix);
        out.value(v);
        out.newline();
        expected += `x{vm="é 🖥"} ${num(v)}\n`;
      }
    }
    const parts = out.done();
    expect(parts.length).toBeGreaterThan(1);
    expect(Buffer.concat(parts).toString('utf8')).toBe(expected);
    expect(out.done()).toEqual([]);
  });

  it('rewrites a kept line when its value changes, NaN and -0 included', () => {
    const kept = new KeptLines(2);
    const line = (v: number) => kept.line(1, utf8('g{'), utf8('vm="a\\"b"'), v);
    for (const v of [0.5, 0.5, 12, NaN, NaN, -0, 0, -1.5, 1e21, 0.5])
      expect(line(v).toString('utf8')).toBe(`g{vm="a\\"b"} ${num(v)}\n`);
    expect(line(0.5)).toBe(line(0.5));
    expect(line(NaN)).toBe(line(NaN));
    // -0 and 0 print alike: a change all the same, rewritten where the line is.
    line(-0);
    expect(line(0).toString('utf8')).toBe('g{vm="a\\"b"} 0\n');
  });

  it('writes a changed value of the same length over the old one, and a longer one anew', () => {
    const kept = new KeptLines(1);
    const line = (v: number) => kept.line(0, utf8('g{'), utf8('vm="a"'), v);
    const first = line(30);
    expect(line(31)).toBe(first);
    expect(first.toString('utf8')).toBe('g{vm="a"} 31\n');
    expect(line(0.25)).not.toBe(first);
    expect(line(0.75).toString('utf8')).toBe('g{vm="a"} 0.75\n');
    expect(line(100).toString('utf8')).toBe('g{vm="a"} 100\n');
    expect(line(-Infinity).toString('utf8')).toBe('g{vm="a"} -Inf\n');
    expect(line(1e21).toString('utf8')).toBe('g{vm="a"} 1e+21\n');
    expect(line(2e21).toString('utf8')).toBe('g{vm="a"} 2e+21\n');
  });
});
