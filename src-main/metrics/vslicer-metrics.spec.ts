import { describe, expect, it } from 'vitest';
import { sampleFairness, shareVsEntitlement } from '../common/metrics/fairness';
import { planMicroslice } from '../common/vslicer/microslice-options';
import { VM_SERIES_TTL_MS } from './event-counters';
import {
  HOSTILE,
  sample,
  sched,
  setup,
  switchEvent,
  WEB_FRONTEND_UUID,
} from './metrics-fixture.testkit';
import { find, parse } from './openmetrics-parse.testkit';

describe('the OpenMetrics exposition', () => {
  it('names every family vslicer_…, counters …_total, ratios and seconds in base units', async () => {
    const { metrics, feed } = setup();
    feed({ name: 'hostSample', payload: sample(1) });
    feed({
      name: 'latencySample',
      payload: { hostId: 'demo', vm: 'web-frontend', address: 'a', t: 1, rttMs: [1] },
    });
    const { lines, types } = parse(await metrics.scrape());
    expect([...types.keys()].every((n) => n.startsWith('vslicer_'))).toBe(true);
    for (const [name, type] of types) {
      if (type === 'counter') expect(name).not.toMatch(/_total$/);
      if (name.endsWith('_info')) expect(type).toBe('gauge');
    }
    for (const l of lines) {
      const family = [...types.keys()].find(
        (n) =>
          l.name === n ||
          (l.name.startsWith(n) && /^(_total|_bucket|_sum|_count)$/.test(l.name.slice(n.length))),
      );
      expect(family, l.name).toBeDefined();
      if (types.get(family!) === 'counter') expect(l.name).toMatch(/_total$/);
      expect(
        Object.keys(l.labels).every((k) =>
          [
            'host',
            'vm',
            'le',
            'class',
            'state',
            'result',
            'reason',
            'uuid',
            'version',
            'name',
            'kind',
            'profile',
            'xen_version',
            'scheduler',
          ].includes(k),
        ),
      ).toBe(true);
    }
    expect(metrics.contentType).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
  });

  it('keeps hostile VM names intact inside label values, never as lines of their own', async () => {
    const { metrics, feed } = setup();
    feed({ name: 'hostSample', payload: sample(1) });
    const text = await metrics.scrape();
    const { lines } = parse(text);
    expect(lines.some((l) => l.name === 'fake_metric')).toBe(false);
    for (const vm of HOSTILE) {
      expect(find(lines, 'vslicer_vm_cpu_share_ratio', { vm })).toHaveLength(1);
      expect(find(lines, 'vslicer_vm_info', { vm, class: 'NLSVM' })).toHaveLength(1);
      expect(find(lines, 'vslicer_vm_cpu_seconds_total', { vm })).toHaveLength(1);
    }
  });

  it('shows the dashboard’s figures: shares, fair shares and Jain’s index of the latest frame', async () => {
    const { metrics } = setup();
    const { lines } = parse(await metrics.scrape());
    const latest = sample(1_000_000);
    for (const e of shareVsEntitlement(latest, sched, 1)) {
      expect(find(lines, 'vslicer_vm_cpu_share_ratio', { vm: e.name })[0]!.value).toBe(e.share);
      expect(find(lines, 'vslicer_vm_fair_share_ratio', { vm: e.name })[0]!.value).toBe(
        e.fairShare,
      );
    }
    const jain = find(lines, 'vslicer_host_fairness_jain_ratio', { host: 'demo' })[0]!.value;
    expect(jain).toBe(sampleFairness(latest, sched, 1));
    expect(jain).toBeLessThan(1);
    expect(find(lines, 'vslicer_vm_info', { vm: 'web-frontend', class: 'LSVM' })).toHaveLength(1);
    expect(find(lines, 'vslicer_vm_microslice_seconds', { vm: 'web-frontend' })[0]!.value).toBe(
      0.002,
    );
    const worst = planMicroslice(sched, 1).options.find((o) => o.microsliceMs === 2)!;
    expect(
      find(lines, 'vslicer_vm_planned_worst_latency_seconds', { vm: 'web-frontend' })[0]!.value,
    ).toBe(worst.worstCaseLatencyMs / 1000);
    expect(find(lines, 'vslicer_host_up', { host: 'demo' })[0]!.value).toBe(1);
    expect(find(lines, 'vslicer_host_connection_state', { state: 'ready' })[0]!.value).toBe(1);
    expect(find(lines, 'vslicer_host_connection_state', { state: 'failed' })[0]!.value).toBe(0);
    expect(
      find(lines, 'vslicer_host_info', { xen_version: '4.17.0', scheduler: 'vslicer' }),
    ).toHaveLength(1);
  });

  it('puts the domain UUID on vslicer_vm_info only, where the host said it', async () => {
    const { metrics, feed } = setup();
    feed({ name: 'hostSample', payload: sample(1) });
    const { lines } = parse(await metrics.scrape());
    expect(find(lines, 'vslicer_vm_info', { vm: 'web-frontend' })).toEqual([
      {
        name: 'vslicer_vm_info',
        labels: { host: 'demo', vm: 'web-frontend', class: 'LSVM', uuid: WEB_FRONTEND_UUID },
        value: 1,
      },
    ]);
    expect(find(lines, 'vslicer_vm_info', { vm: 'batch-worker' })[0]!.labels).not.toHaveProperty(
      'uuid',
    );
    const carriers = new Set(lines.filter((l) => 'uuid' in l.labels).map((l) => l.name));
    expect([...carriers]).toEqual(['vslicer_vm_info']);
  });

  it('reports no current share for a host that is not streaming', async () => {
    const { metrics } = setup('reconnecting');
    const { lines } = parse(await metrics.scrape());
    expect(find(lines, 'vslicer_host_up', {})[0]!.value).toBe(0);
    expect(find(lines, 'vslicer_vm_cpu_share_ratio', {})).toHaveLength(0);
    expect(find(lines, 'vslicer_host_fairness_jain_ratio', {})).toHaveLength(0);
  });

  it('starts a watched host’s counters at 0, so the first switch or gap shows as an increase', async () => {
    const { metrics } = setup();
    const { lines } = parse(await metrics.scrape());
    for (const result of ['done', 'failed']) {
      expect(
        find(lines, 'vslicer_host_class_switches_total', { host: 'demo', result })[0]!.value,
      ).toBe(0);
    }
    expect(find(lines, 'vslicer_host_stream_gaps_total', { host: 'demo' })[0]!.value).toBe(0);
    for (const reason of ['unknown', 'changed', 'revoked', 'refused']) {
      expect(
        find(lines, 'vslicer_host_key_refusals_total', { host: 'demo', reason })[0]!.value,
      ).toBe(0);
    }
  });

  it('counts refused host keys by reason, once per failure, and no other failure', async () => {
    const { metrics, feed } = setup();
    const failed = (errorCode: string, since: number) =>
      feed({
        name: 'hostStatus',
        payload: {
          hostId: 'demo',
          state: 'failed',
          message: 'refused',
          since,
          retryAt: null,
          errorCode,
          keyChange: null,
        },
      });
    failed('host-key-rejected', 1);
    failed('host-key-changed', 2);
    failed('host-key-changed', 2); // the same state published again
    failed('host-key-changed', 3);
    failed('auth-failed', 4);
    failed('host-key-revoked', 5);
    failed('host-key-refused', 6);
    failed('host-key-refused', 7);
    const { lines } = parse(await metrics.scrape());
    const refusals = (reason: string) =>
      find(lines, 'vslicer_host_key_refusals_total', { host: 'demo', reason })[0]!.value;
    expect(['unknown', 'changed', 'revoked', 'refused'].map(refusals)).toEqual([1, 2, 1, 2]);
  });

  it('counts CPU seconds, frames, gaps, ping requests, losses, RTTs and finished switches', async () => {
    const { metrics, feed } = setup();
    feed({ name: 'hostSample', payload: sample(1) });
    feed({ name: 'hostSample', payload: sample(2) });
    feed({ name: 'hostSample', payload: sample(9, true) });
    feed({
      name: 'latencySample',
      payload: {
        hostId: 'demo',
        vm: 'web-frontend',
        address: 'a',
        t: 1,
        rttMs: [0.2, 12, null, 40],
      },
    });
    feed(switchEvent('running'));
    feed(switchEvent('done'));
    feed(switchEvent('done'));
    const { lines } = parse(await metrics.scrape());
    expect(find(lines, 'vslicer_host_xentop_frames_total', {})[0]!.value).toBe(3);
    expect(find(lines, 'vslicer_host_stream_gaps_total', {})[0]!.value).toBe(1);
    expect(
      find(lines, 'vslicer_vm_cpu_seconds_total', { vm: 'web-frontend' })[0]!.value,
    ).toBeCloseTo(0.15);
    expect(find(lines, 'vslicer_vm_ping_requests_total', { vm: 'web-frontend' })[0]!.value).toBe(4);
    expect(find(lines, 'vslicer_vm_ping_lost_total', { vm: 'web-frontend' })[0]!.value).toBe(1);
    const bucket = (le: string) =>
      find(lines, 'vslicer_vm_ping_rtt_seconds_bucket', { vm: 'web-frontend', le })[0]!.value;
    // Sub-millisecond RTTs get buckets of their own.
    expect([
      bucket('0.0001'),
      bucket('0.00025'),
      bucket('0.01'),
      bucket('0.025'),
      bucket('0.05'),
      bucket('+Inf'),
    ]).toEqual([0, 1, 1, 2, 3, 3]);
    expect(
      find(lines, 'vslicer_vm_ping_rtt_seconds_sum', { vm: 'web-frontend' })[0]!.value,
    ).toBeCloseTo(0.0522);
    expect(find(lines, 'vslicer_host_class_switches_total', { result: 'done' })[0]!.value).toBe(1);
  });

  it('adds the host’s scheduling-wait buckets exactly into coarser ones', async () => {
    const { metrics, feed } = setup();
    const hist = new Array<number>(24).fill(0);
    hist[0] = 1; // [0, 2) µs
    hist[3] = 5; // [8, 16) µs
    hist[10] = 2; // [1024, 2048) µs
    hist[23] = 1; // beyond 2^23 µs
    const window = { dispatches: 12, waits: 9, sumUs: 9_000_000, maxUs: 8_500_000, hist };
    const reading = {
      hostId: 'demo',
      t: 5,
      sinceT: 0,
      unavailable: null,
      vms: [{ vm: 'db-report', domid: 3, window }],
    };
    feed({ name: 'schedWaits', payload: reading });
    feed({ name: 'schedWaits', payload: reading });
    const { lines } = parse(await metrics.scrape());
    const b = (le: string) =>
      find(lines, 'vslicer_vm_sched_wait_seconds_bucket', { vm: 'db-report', le })[0]!.value;
    expect([
      b('0.000004'),
      b('0.000016'),
      b('0.001024'),
      b('0.004096'),
      b('4.194304'),
      b('+Inf'),
    ]).toEqual([2, 12, 12, 16, 16, 18]);
    expect(find(lines, 'vslicer_vm_sched_wait_seconds_count', { vm: 'db-report' })[0]!.value).toBe(
      18,
    );
    expect(find(lines, 'vslicer_vm_sched_wait_seconds_sum', { vm: 'db-report' })[0]!.value).toBe(
      18,
    );
  });

  it('drops the series of VMs gone for long and of hosts no longer watched', async () => {
    const { metrics, feed, tick, dropHosts } = setup();
    feed({
      name: 'latencySample',
      payload: { hostId: 'demo', vm: 'gone-vm', address: 'a', t: 1, rttMs: [1] },
    });
    expect(
      find(parse(await metrics.scrape()).lines, 'vslicer_vm_ping_requests_total', {
        vm: 'gone-vm',
      }),
    ).toHaveLength(1);
    tick(VM_SERIES_TTL_MS + 1);
    feed({ name: 'hostSample', payload: sample(2) });
    const after = parse(await metrics.scrape()).lines;
    expect(find(after, 'vslicer_vm_ping_requests_total', { vm: 'gone-vm' })).toHaveLength(0);
    expect(find(after, 'vslicer_vm_cpu_seconds_total', { vm: 'web-frontend' })).toHaveLength(1);
    dropHosts();
    const none = parse(await metrics.scrape()).lines;
    expect(none.filter((l) => l.labels.host === 'demo')).toHaveLength(0);
  });
});
