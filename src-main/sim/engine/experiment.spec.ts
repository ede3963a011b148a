import { describe, expect, it } from 'vitest';
import { EXPERIMENT_DEFAULTS, runExperiment } from './experiment';

describe('runExperiment', () => {
  it('returns the JSON of issue 3, item 8', () => {
    const r = runExperiment({
      ...EXPERIMENT_DEFAULTS,
      vms: 4,
      lsvm: 1,
      ping: 'vm1',
      pingCount: 10,
      pingIntervalMs: 100,
      durationS: 2,
    });
    if (!r.ok) throw new Error(r.error.message);
    const v = r.value;
    expect(v.scheduler).toBe('vslicer');
    expect(v.vms.map((x) => [x.name, x.class])).toEqual([
      ['vm1', 'LSVM'],
      ['vm2', 'NLSVM'],
      ['vm3', 'NLSVM'],
      ['vm4', 'NLSVM'],
    ]);
    for (const x of v.vms) {
      expect(x.cpuShare).toBeGreaterThan(0);
      expect(x.cpuShare).toBeLessThanOrEqual(1);
      expect(Object.keys(x.schedLatencyMs).sort()).toEqual(['max', 'mean', 'min', 'p50', 'p99']);
      expect(x.contextSwitches).toBeGreaterThan(0);
    }
    expect(v.ping).toMatchObject({ target: 'vm1', count: 10, lost: 0 });
    expect(v.ping!.rttMs.max).toBeGreaterThanOrEqual(v.ping!.rttMs.min);
    expect(v.contextSwitchesPerS).toBeGreaterThan(0);
    expect(v.jainFairness).toBeGreaterThan(0.99);
    expect(JSON.parse(JSON.stringify(v))).toEqual(v);
  });

  it('extends the run until the pings are done', () => {
    const r = runExperiment({
      ...EXPERIMENT_DEFAULTS,
      ping: 'vm2',
      pingCount: 5,
      pingIntervalMs: 1000,
      durationS: 1,
    });
    expect(r.ok && r.value.durationS).toBeGreaterThan(5);
  });

  it.each([
    [{ vms: 0 }, /--vms/],
    [{ lsvm: 5 }, /--lsvm/],
    [{ lsvm: 1, microsliceMs: 0 }, /--microslice/],
    [{ workload: 'disk' }, /Workload/],
    [{ ping: 'vm9' }, /--ping/],
    [{ durationS: 0 }, /--duration/],
  ])('rejects %j', (patch, why) => {
    const r = runExperiment({ ...EXPERIMENT_DEFAULTS, ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(why);
  });
});

describe('scheduling waits', () => {
  it('do not count a vCPU’s first dispatch: two LSVMs at T_m 5 ms never wait less than 5 ms', () => {
    const r = runExperiment({
      ...EXPERIMENT_DEFAULTS,
      vms: 4,
      lsvm: 2,
      microsliceMs: 5,
      workload: 'cpu',
      durationS: 5,
    });
    if (!r.ok) throw new Error(r.error.message);
    for (const v of r.value.vms.filter((x) => x.class === 'LSVM')) {
      expect(v.schedLatencyMs.min).toBeGreaterThanOrEqual(5);
    }
  });
});
