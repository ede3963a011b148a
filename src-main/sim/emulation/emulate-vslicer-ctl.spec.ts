import { describe, expect, it } from 'vitest';
import { summarizeWaits, waitsBetween } from '../../common/metrics/sched-waits';
import { parseVslicerWaits } from '../../xen/vslicer-waits';
import { parseXlSched } from '../../xen/xl-sched';
import { createDemoHost } from '../engine';
import { PacedSimHost } from '../paced-host';
import { emulateCommand } from './emulate-command';
import { formatMs } from './emulate-vslicer-ctl';
import { domain, FakeHost } from './fixture.testkit';

const run = (host: FakeHost | PacedSimHost, ...args: string[]) =>
  emulateCommand(['vslicer-ctl', ...args], host);

describe('vslicer-ctl on the simulated host', () => {
  it('lists in the xl sched-vslicer format; a µs microslice reads back as decimals', async () => {
    const host = new FakeHost();
    expect(await run(host, '-d', 'batch-worker', '-m', '2.5')).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    const listing = await run(host);
    expect(listing.stdout.split('\n').slice(0, 2)).toEqual([
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us',
      'Name                                ID Weight  Cap Microslice',
    ]);
    const p = parseXlSched(listing.stdout);
    expect(p.errors).toEqual([]);
    expect(p.records.find((d) => d.name === 'batch-worker')).toMatchObject({ microsliceMs: 2.5 });
    const one = await run(host, '-d', '4');
    expect(one.stdout).toBe(
      'Name                                ID Weight  Cap Microslice\nbatch-worker                         4    256    0        2.5\n',
    );
    expect(['1', '2.5', '1.25', '1.125', '0'].map((x) => formatMs(Number(x) * 1000))).toEqual([
      '1',
      '2.5',
      '1.25',
      '1.125',
      '0',
    ]);
  });

  it('refuses bad input in one line on stderr with the tool’s status, changing nothing', async () => {
    const host = new FakeHost();
    const cases: [string[], number, RegExp][] = [
      [['-d', 'nope', '-m', '5'], 1, /^vslicer-ctl: no domain "nope"\n$/],
      [['-d', '99', '-m', '5'], 1, /^vslicer-ctl: no domain with id 99\n$/],
      [
        ['-d', '4', '-m', '0.5'],
        1,
        /microslice 0\.5 ms is out of range: 0 \(NLSVM\) or from 1000 us to 30 ms/,
      ],
      [['-d', '4', '-m', '31'], 1, /out of range/],
      [['-d', '4', '-m', '5ms'], 2, /microslice "5ms" is not a number of milliseconds/],
      [['-m', '5'], 2, /-m needs -d DOM/],
      [['-s', '-w'], 2, /-s and -w cannot be combined/],
      [['-p', 'Pool-9'], 1, /no cpupool "Pool-9"/],
      [['-x'], 2, /unknown option "-x"/],
      [['extra'], 2, /too many arguments \("extra"\)/],
    ];
    for (const [args, status, message] of cases) {
      const r = await run(host, ...args);
      expect(r.exitCode, args.join(' ')).toBe(status);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n')).toHaveLength(2);
    }
    expect(parseXlSched((await run(host)).stdout).records.map((d) => d.microsliceMs)).toEqual([
      0, 5, 0,
    ]);
    host.snap.scheduler = 'credit';
    const stock = await run(host, '-w');
    expect(stock.exitCode).toBe(3);
    expect(stock.stderr).toMatch(/this hypervisor has no vSlicer/);
  });

  it('-w gives the engine’s scheduling waits in the hypervisor’s format; -s its parameters', async () => {
    let now = 0;
    const host = new PacedSimHost(createDemoHost(1), () => now);
    const web = host.snapshot().domains.find((d) => d.name === 'web-frontend')!;
    expect(host.setSchedParams(web.domid, { microsliceMs: 5 })).toBeNull();
    const read = async (name: string) => {
      const w = parseVslicerWaits((await run(host, '-w')).stdout);
      expect(w.errors).toEqual([]);
      return w.records.find((r) => r.name === name)!;
    };
    // Before the switch acts, the first round queued web-frontend behind the other four.
    now += 1000;
    const [lsvm0, nlsvm0] = [await read('web-frontend'), await read('batch-worker')];
    now += 10_000;
    const [lsvm1, nlsvm1] = [await read('web-frontend'), await read('batch-worker')];
    expect(lsvm1.hist.reduce((a, b) => a + b, 0)).toBe(lsvm1.waits);
    expect(lsvm1.dispatches).toBeGreaterThanOrEqual(lsvm1.waits);
    const lsvm = summarizeWaits(waitsBetween(lsvm0, lsvm1)!);
    const nlsvm = summarizeWaits(waitsBetween(nlsvm0, nlsvm1)!);
    // An LSVM waits at most T_NLSVM + (m−1)·T_m = 30 ms (bucket [16.4, 32.8) ms), about four
    // times per NLSVM wait; an NLSVM waits for the other four: 120 ms.
    expect(lsvm.waits).toBeGreaterThan(250);
    expect(lsvm.maxMs).toBeLessThanOrEqual(32.768);
    expect(nlsvm.p50MaxMs).toBe(120);
    expect(lsvm.waits / nlsvm.waits).toBeGreaterThan(3.5);
    expect((await run(host, '-w', '-d', 'web-frontend')).stdout.split('\n')).toHaveLength(3);

    const s = (await run(host, '-s')).stdout.split('\n');
    expect(s[0]).toBe(
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us pcpus=1 m=1 n=4 tn=7500us ts=7500us mode=algorithm1',
    );
    expect(s[2]).toMatch(/^web-frontend\s+1\s+5000\s+3750\s+2\s+7500$/);
  });
  it('-s over two guest pCPUs: T_n counts them, and each LSVM row is split from that T_n', async () => {
    // web-frontend (an LSVM at 5 ms) and batch-worker on pCPU 1, two more NLSVMs on pCPU 2:
    // n = 3 over 2 pCPUs, so T_n = min(30, 2·30/3) = 20 ms and 5 ms runs r = 4 times.
    const host = new FakeHost();
    host.snap.domains.push(
      domain({ domid: 5, name: 'etl-a', vcpuPcpu: [2] }),
      domain({ domid: 6, name: 'etl-b', vcpuPcpu: [2] }),
    );
    const s = (await run(host, '-s')).stdout.split('\n');
    expect(s[0]).toBe(
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us pcpus=2 m=1 n=3 tn=20000us ts=10000us mode=algorithm1',
    );
    expect(s[2]).toMatch(/^web-frontend\s+3\s+5000\s+5000\s+4\s+20000$/);
    // A microslice that does not divide T_n: the largest equal split not above it (7 ms → 3 × 6.666).
    expect(await run(host, '-d', 'web-frontend', '-m', '7')).toMatchObject({ exitCode: 0 });
    expect((await run(host, '-s')).stdout.split('\n')[2]).toMatch(
      /^web-frontend\s+3\s+7000\s+6666\s+3\s+19998$/,
    );
  });

  it('dom0 cannot be made an LSVM on the simulated host, and says why', async () => {
    const host = new FakeHost();
    expect(await run(host, '-d', '0', '-m', '5')).toEqual({
      stdout: '',
      stderr:
        "vslicer-ctl: cannot set the microslice of domain Domain-0: the simulated host does not schedule dom0 (only its guests' pCPUs are simulated)\n",
      exitCode: 1,
    });
    expect((await run(host, '-d', '0')).stdout).toMatch(/^Domain-0\s+0\s+256\s+0\s+0$/m);
  });
});
