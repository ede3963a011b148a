import { describe, expect, it } from 'vitest';
import { simCommand } from './sim-command';

async function run(...args: string[]) {
  let out = '';
  let err = '';
  const code = await simCommand.run(args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => '',
  });
  return { code, out, err };
}

describe('vslicer sim', () => {
  it('plan --json prints the plan keys', async () => {
    const r = await run(
      'plan',
      '--lsvm',
      '2',
      '--nlsvm',
      '2',
      '--tslice',
      '30',
      '--microslice',
      '5',
      '--json',
    );
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out);
    for (const k of [
      'tsMs',
      'tnMs',
      'r',
      'bestCaseLatencyMs',
      'worstCaseLatencyMs',
      'meanLatencyMs',
      'contextSwitchRatio',
      'errors',
    ]) {
      expect(p).toHaveProperty(k);
    }
    expect(p).toMatchObject({
      tsMs: 30,
      tnMs: 15,
      r: 3,
      bestCaseLatencyMs: 5,
      worstCaseLatencyMs: 35,
      errors: [],
    });
  });

  it('plan prints a readable summary', async () => {
    const r = await run('plan', '--lsvm', '1', '--nlsvm', '3', '--microslice', '10');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/T_S 10 ms/);
    expect(r.out).toMatch(/worst 30\.0 ms/);
  });

  it('plan with invalid values: errors on stderr, exit 2 (JSON still carries them)', async () => {
    const r = await run('plan', '--lsvm', '2', '--nlsvm', '0', '--microslice', '5', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).errors.length).toBeGreaterThan(0);
    expect(r.err).toMatch(/num_nlsvm/);
  });

  it('experiment --json prints the experiment keys', async () => {
    const r = await run(
      'experiment',
      '--scheduler',
      'vslicer',
      '--vms',
      '4',
      '--lsvm',
      '1',
      '--microslice',
      '10',
      '--workload',
      'lookbusy:40',
      '--ping',
      'vm1',
      '--ping-count',
      '20',
      '--ping-interval-ms',
      '100',
      '--duration',
      '2',
      '--seed',
      '4',
      '--json',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.scheduler).toBe('vslicer');
    expect(j.vms[0]).toMatchObject({ name: 'vm1', class: 'LSVM' });
    expect(Object.keys(j.vms[0])).toEqual(
      expect.arrayContaining(['cpuShare', 'schedLatencyMs', 'contextSwitches']),
    );
    expect(Object.keys(j.ping.rttMs).sort()).toEqual(['max', 'mean', 'min', 'p50', 'p99']);
    expect(j).toHaveProperty('contextSwitchesPerS');
    expect(j).toHaveProperty('jainFairness');
  });

  it('experiment prints a table', async () => {
    const r = await run('experiment', '--scheduler', 'credit', '--vms', '3', '--duration', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^VM\s+CLASS/m);
    expect(r.out).toMatch(/^vm3\s+NLSVM/m);
  });

  it.each([
    [['experiment', '--bogus', '1']],
    [['experiment', '--vms', 'x']],
    [['experiment', '--scheduler', 'sedf']],
    [['experiment', '--workload', 'disk']],
    [['experiment', '--vms']],
    [['experiment', '--ping', 'vm7', '--vms', '3']],
    [['plan', '--lsvm', '2']],
    [['plan', '--lsvm', '2', '--nlsvm', '2', '--microslice', 'abc']],
    [['frobnicate']],
  ])('bad flags %j: stderr and exit 2', async (args) => {
    const r = await run(...args);
    expect(r.code).toBe(2);
    expect(r.err).not.toBe('');
    expect(r.out).toBe('');
  });

  it('prints usage for --help', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/vslicer sim plan/);
  });
});
