import { describe, expect, it } from 'vitest';
import { parsePing } from '../../xen/ping';
import { parseXlInfo } from '../../xen/xl-info';
import { parseXlList } from '../../xen/xl-list';
import { parseXlCpupoolList } from '../../xen/xl-cpupool';
import { parseXlSched } from '../../xen/xl-sched';
import { parseAffinity, parseXlVcpuList } from '../../xen/xl-vcpu-list';
import { emulateCommand } from './emulate-command';
import { printBitmap } from './emulate-xl-topology';
import { FakeHost } from './fixture.testkit';

describe('xl sched-vslicer (DESIGN.md format)', () => {
  it('lists Pool-0 and every domain byte for byte as DESIGN.md shows', async () => {
    const r = await emulateCommand(['xl', 'sched-vslicer'], new FakeHost());
    expect(r).toEqual({
      exitCode: 0,
      stderr: '',
      stdout: [
        'Cpupool Pool-0: tslice=30ms ratelimit=1000us',
        'Name                                ID Weight  Cap Microslice',
        'Domain-0                             0    256    0          0',
        'web-frontend                         3    256    0          5',
        'batch-worker                         4    256    0          0',
        '',
      ].join('\n'),
    });
  });

  it('round-trips through the parser, and a switch reads back', async () => {
    const host = new FakeHost();
    expect(await emulateCommand(['xl', 'sched-vslicer', '-d', '4', '-m', '3'], host)).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    const p = parseXlSched((await emulateCommand(['xl', 'sched-vslicer'], host)).stdout);
    expect(p.errors).toEqual([]);
    expect(p.pools).toEqual([
      {
        name: 'Pool-0',
        tsliceMs: 30,
        ratelimitUs: 1000,
        migrationDelayUs: null,
        unavailable: false,
      },
    ]);
    expect(
      p.records.map((d) => [d.name, d.domid, d.weight, d.cap, d.microsliceMs, d.pool]),
    ).toEqual([
      ['Domain-0', 0, 256, 0, 0, 'Pool-0'],
      ['web-frontend', 3, 256, 0, 5, 'Pool-0'],
      ['batch-worker', 4, 256, 0, 3, 'Pool-0'],
    ]);
    const one = await emulateCommand(['xl', 'sched-vslicer', '-d', 'batch-worker'], host);
    expect(parseXlSched(one.stdout).records).toEqual([
      { name: 'batch-worker', domid: 4, weight: 256, cap: 0, microsliceMs: 3, pool: null },
    ]);
  });

  it('-s prints and sets the pool line', async () => {
    const host = new FakeHost();
    expect((await emulateCommand(['xl', 'sched-vslicer', '-s'], host)).stdout).toBe(
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us\n',
    );
    await emulateCommand(['xl', 'sched-vslicer', '-s', '-t', '10', '-r', '500'], host);
    expect(
      parseXlSched((await emulateCommand(['xl', 'sched-vslicer', '-s'], host)).stdout).pools[0],
    ).toMatchObject({
      tsliceMs: 10,
      ratelimitUs: 500,
    });
  });

  it('reports errors as xl does: unknown name, option misuse, a rejected value', async () => {
    const host = new FakeHost();
    expect(await emulateCommand(['xl', 'sched-vslicer', '-d', 'nosuch'], host)).toEqual({
      stdout: '',
      stderr: 'nosuch is an invalid domain identifier (rc=-6)\n',
      exitCode: 1,
    });
    expect((await emulateCommand(['xl', 'sched-vslicer', '-d', '99'], host)).stderr).toBe(
      'libxl_domain_sched_params_get failed.\n',
    );
    expect((await emulateCommand(['xl', 'sched-vslicer', '-t', '5'], host)).stderr).toBe(
      'Must specify schedparam to set schedule parameter values.\n',
    );
    const bad = await emulateCommand(['xl', 'sched-vslicer', '-d', '3', '-m', '31'], host);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/libxl_domain_sched_params_set failed\.\n$/);
  });

  it('is not implemented on stock Xen; sched-credit lists on a credit host and prints nothing elsewhere', async () => {
    const host = new FakeHost();
    expect((await emulateCommand(['xl', 'sched-credit'], host)).stdout).toBe('');
    host.snap.scheduler = 'credit';
    expect(await emulateCommand(['xl', 'sched-vslicer'], host)).toEqual({
      stdout: '',
      stderr: 'command not implemented\n',
      exitCode: 1,
    });
    const r = await emulateCommand(['xl', 'sched-credit'], host);
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us migration-delay=0us',
      'Name                                ID Weight  Cap',
    ]);
    const p = parseXlSched(r.stdout);
    expect(p.errors).toEqual([]);
    expect(p.records.map((d) => [d.name, d.weight, d.cap, d.microsliceMs])).toEqual([
      ['Domain-0', 256, 0, null],
      ['web-frontend', 256, 0, null],
      ['batch-worker', 256, 0, null],
    ]);
  });
});

describe('xl list / xl info', () => {
  it('xl list: TABs in the header, domid order, round-trips', async () => {
    const host = new FakeHost();
    const r = await emulateCommand(['xl', 'list'], host);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(
      'Name                                        ID   Mem VCPUs\tState\tTime(s)',
    );
    expect(lines[1]).toBe(
      'Domain-0                                     0  1024     1     r-----  330256.1',
    );
    const p = parseXlList(r.stdout);
    expect(p.errors).toEqual([]);
    const snap = host.snapshot();
    expect(p.records.map((d) => [d.name, d.domid, d.memMiB, d.vcpus])).toEqual(
      snap.domains.map((d) => [d.name, d.domid, Number(d.memKiB / 1024n), d.vcpuNs.length]),
    );
    expect(p.records[2]!.timeSec).toBeCloseTo(76038.9, 1);
  });

  it("xl list -v carries UUIDs; unknown domains fail with xl's messages", async () => {
    const host = new FakeHost();
    const p = parseXlList((await emulateCommand(['xl', 'list', '-v'], host)).stdout);
    expect(p.errors).toEqual([]);
    expect(p.records[1]).toMatchObject({
      name: 'web-frontend',
      uuid: host.snap.domains[1]!.uuid,
      reasonCode: null,
      securityLabel: '-',
    });
    expect(await emulateCommand(['xl', 'list', 'ghost'], host)).toEqual({
      stdout: '',
      stderr: 'ghost is an invalid domain identifier (rc=-6)\n',
      exitCode: 1,
    });
    expect((await emulateCommand(['xl', 'list', '42'], host)).stderr).toBe(
      "Error: Domain '42' does not exist.\n",
    );
  });

  it('xl info round-trips the host facts', async () => {
    const host = new FakeHost();
    const r = await emulateCommand(['xl', 'info'], host);
    expect(r.stdout).toContain('xen_version            : 4.17.5\n');
    expect(r.stdout).toContain('xen_changeset          : \n');
    const i = parseXlInfo(r.stdout);
    expect(i.errors).toEqual([]);
    expect(i).toMatchObject({
      host: 'vslicer-demo',
      nrCpus: 2,
      cpuMhz: 2995.196,
      totalMemoryMiB: 2048,
      freeMemoryMiB: 512,
      xenVersion: '4.17.5',
      scheduler: 'vslicer',
    });
    expect((await emulateCommand(['xl', 'info', 'xen_version'], host)).stdout).toBe('4.17.5\n');
  });
});

describe('network, ping and the shell', () => {
  it('xl network-list and ip neigh show the guest NIC', async () => {
    const host = new FakeHost();
    const nl = await emulateCommand(['xl', 'network-list', 'web-frontend'], host);
    expect(nl.stdout.split('\n')[0]).toBe(
      'Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       ',
    );
    expect(nl.stdout.split('\n')[1]).toMatch(
      /^0   0  00:16:3e:5a:01:03     0     4     20  1280\/1281        \/local\/domain\/0\/backend\/vif\/3\/0 *$/,
    );
    expect((await emulateCommand(['ip', 'neigh'], host)).stdout).toBe(
      '10.0.0.3 dev xenbr0 lladdr 00:16:3e:5a:01:03 REACHABLE\n',
    );
  });

  it('ping prints iputils text that parses back to the same RTTs', async () => {
    const host = new FakeHost();
    host.pings.push([0.345, null, 12.4]);
    const r = await emulateCommand(
      ['ping', '-n', '-c', '3', '-i', '0.2', '-W', '1', '10.0.0.3'],
      host,
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=0.345 ms\n');
    expect(r.stdout).toContain(
      '3 packets transmitted, 2 received, 33.3333% packet loss, time 412ms\n',
    );
    const p = parsePing(r.stdout);
    expect(p.errors).toEqual([]);
    expect(p.replies.map((x) => x.timeMs)).toEqual([0.345, 12.4]);
    expect(p.timeouts).toEqual([2]);
    expect(p.rtt).toMatchObject({ minMs: 0.345, maxMs: 12.4 });
    host.pings.push([null]);
    expect((await emulateCommand(['ping', '-n', '-c', '1', '10.0.0.3'], host)).exitCode).toBe(1);
  });

  it("unknown commands get the shell's answer and status 127", async () => {
    expect(await emulateCommand(['rm', '-rf', '/'], new FakeHost())).toEqual({
      stdout: '',
      stderr: 'sh: 1: rm: command not found\n',
      exitCode: 127,
    });
    expect((await emulateCommand(['xl', 'destroy', '3'], new FakeHost())).stderr).toBe(
      'command not implemented\n',
    );
  });
});

describe('xl vcpu-list and cpupool-list (a dom0 with a core of its own)', () => {
  it('pins Domain-0 to pCPU 0 and each guest to its pCPU; the readers parse it back', async () => {
    const host = new FakeHost();
    const vcpus = parseXlVcpuList((await emulateCommand(['xl', 'vcpu-list'], host)).stdout);
    expect(vcpus.errors).toEqual([]);
    const snap = host.snapshot();
    expect(vcpus.records.map((r) => [r.name, r.vcpu, r.cpu, r.hardAffinity])).toEqual(
      snap.domains
        .slice()
        .sort((a, b) => a.domid - b.domid)
        .flatMap((d) => d.vcpuPcpu.map((cpu, v) => [d.name, v, cpu, String(cpu)])),
    );
    const pools = parseXlCpupoolList(
      (await emulateCommand(['xl', 'cpupool-list', '-c'], host)).stdout,
    );
    expect(pools.records.map((p) => [p.name, p.cpuList])).toEqual([['Pool-0', [0, 1]]]);
    const plain = parseXlCpupoolList((await emulateCommand(['xl', 'cpupool-list'], host)).stdout);
    expect(plain.records).toMatchObject([
      { name: 'Pool-0', cpus: 2, domains: snap.domains.length },
    ]);
  });

  it('prints bitmaps as libxl does: all, none, ranges', () => {
    expect(printBitmap([0, 1, 2, 3], 4)).toBe('all');
    expect(printBitmap([], 4)).toBe('none');
    expect(printBitmap([0, 1, 3, 4, 8], 16)).toBe('0-1,3-4,8');
    expect(parseAffinity(printBitmap([0, 1, 3, 4, 8], 16), 16)).toEqual([0, 1, 3, 4, 8]);
  });
});
