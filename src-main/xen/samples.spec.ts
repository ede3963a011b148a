import { describe, expect, it } from 'vitest';
import { lineNos, part, sample, sampleNames } from './samples.testkit';
import { parseXlCpupoolList } from './xl-cpupool';
import { parseXlInfo } from './xl-info';
import { parseXlList, parseXmList } from './xl-list';
import { parseXlSchedRtds } from './xl-rtds';
import { parseXmSchedCredit } from './xl-sched';
import { parseXlVcpuList } from './xl-vcpu-list';

/**
 * Every xl and xm sample in ../shared/xen-formats/samples goes through its parser: real captures and
 * documentation examples of Xen's CLI output, collected beside the repository, each file's
 * `# source:` line naming where it was published and whether it was edited. Values are checked
 * where the sample is the output as printed (captures, replays, manual examples, test fixtures);
 * where the publisher edited it, the damaged lines must come back as typed errors with their line
 * numbers while the intact rows still parse. Line numbers are those of the sample without its
 * `# source:` line.
 */
const checks: Record<string, () => void> = {
  '02': () => {
    const r = parseXlList(sample('02'));
    expect(r.errors).toEqual([]);
    expect(r.records.map((d) => d.stateText)).toEqual([
      'r-----',
      '-b----',
      'r-----',
      '-bp---',
      'r-----',
      '-b----',
    ]);
    expect(r.records[3]).toMatchObject({
      name: 'guest-01',
      domid: 4,
      memMiB: 1024,
      vcpus: 2,
      timeSec: 7.8,
    });
    expect(r.records[3]!.state.paused).toBe(true);
  },
  '04': () => {
    const r = parseXlList(sample('04'));
    expect(r.errors).toEqual([]);
    expect(r.records.map((d) => [d.name, d.domid, d.timeSec])).toEqual([
      ['Domain-0', 0, 154706.1],
      ['server01.example.com', 1, 167643.2],
      ['web3106215069.example.com', 3, 466690.9],
      ['testinstance.example.com', 2, 244443.0],
    ]);
  },
  '05': () => {
    const r = parseXlList(sample('05'));
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(1);
    expect(r.records[0]).toMatchObject({
      name: 'Domain-0',
      memMiB: 1023,
      vcpus: 1,
      timeSec: 121152.6,
    });
  },
  '06': () => {
    const i = parseXlInfo(sample('06'));
    expect(i.errors).toEqual([]);
    expect(i).toMatchObject({
      host: 'host.example.com',
      nrCpus: 4,
      cpuMhz: 2800,
      totalMemoryMiB: 16378,
      freeMemoryMiB: 8004,
    });
    expect(i.xenVersion).toBe('4.0.1');
    expect(i.values.virt_caps).toBe('');
    expect(i.values.xen_caps).toBe('xen-3.0-x86_64 xen-3.0-x86_32p ');
    expect(i.values.version).toBe('#1 SMP Tue Jan  1 00:00:00 UTC 2013');
    expect(i.values.node_to_cpu).toBe('node0:0-3');
  },
  '07': () => {
    // `xm list -l` (SXP): no profile reads it, so there is no parser for it; given to the
    // xl list parser it is refused line by line, never half-read as domains.
    const r = parseXlList(sample('07'));
    expect(r.records).toEqual([]);
    expect(r.errors.length).toBeGreaterThan(10);
  },
  '08': () => {
    // EDITED: the prompt line the reporter pasted is not output.
    const r = parseXlList(sample('08'));
    expect(lineNos(r.errors)).toEqual([1]);
    expect(r.records.map((d) => d.name)).toEqual([
      'Domain-0',
      '(null)',
      '(null)',
      '(null)',
      'badger',
    ]);
    expect(r.records[1]).toMatchObject({ domid: 1, memMiB: 0, vcpus: 0, stateText: '--p---' });
  },
  '09': () => {
    const r = parseXlVcpuList(sample('09'));
    expect(r.records.map((v) => [v.vcpu, v.cpu, v.stateText, v.timeSec, v.hardAffinity])).toEqual([
      [0, 0, '-b-', 12171.0, 'all'],
      [1, 1, '-b-', 11779.6, 'all'],
      [2, 2, '-b-', 11599.0, 'all'],
      [3, 3, 'r--', 11007.0, 'all'],
    ]);
    expect(r.records[0]!.softAffinity).toBeNull();
    expect(lineNos(r.chatter)).toEqual([7, 9]);
    // The prompt and the continuation of libxl's message are not rows.
    expect(lineNos(r.errors)).toEqual([1, 8]);
  },
  '10': () => {
    // EDITED (columns compressed): the rows still parse; the prompt is rejected.
    const r = parseXlVcpuList(sample('10'));
    expect(lineNos(r.errors)).toEqual([1]);
    expect(r.records).toHaveLength(6);
    expect(r.records[2]).toMatchObject({
      name: 'Domain-0',
      vcpu: 14,
      cpu: 13,
      hardAffinity: '8-15',
      softAffinity: 'all',
    });
    expect(r.records[5]).toMatchObject({
      name: 'vm-test',
      domid: 3,
      vcpu: 1,
      cpu: 0,
      softAffinity: '0-7',
    });
  },
  '11': () => {
    const r = parseXlVcpuList(sample('11'));
    expect(r.records).toHaveLength(2);
    expect(r.records[0]).toMatchObject({
      name: 'Domain-0',
      timeSec: 193.1,
      hardAffinity: 'any cpu',
      softAffinity: null,
    });
    expect(lineNos(r.chatter)).toEqual([2, 9]);
    expect(lineNos(r.errors)).toEqual([1, 6, 8]);
  },
  '12': () => {
    const r = parseXlVcpuList(sample('12'));
    expect(r.records).toEqual([
      expect.objectContaining({
        name: 'Squeeze_pv',
        domid: 1,
        vcpu: 1,
        cpu: 3,
        hardAffinity: '0-1,3-4',
      }),
    ]);
    expect(lineNos(r.errors)).toEqual([1, 3, 5]);
  },
  '13': () => {
    const r = parseXlList(sample('13'));
    expect(r.errors).toEqual([]);
    expect(r.records.map((d) => [d.name, d.claimedMiB])).toEqual([
      ['Domain-0', 0],
      ['OL5', 847],
      ['OL6', 0],
      ['Windows_XP', 1989],
    ]);
  },
  '16': () => {
    const r = parseXmSchedCredit(sample('16'));
    expect(lineNos(r.errors)).toEqual([1, 4]);
    expect(r.records.map((d) => [d.name, d.domid, d.weight, d.cap])).toEqual([
      ['vm1', 1, 512, 100],
      ['Domain-0', 0, 256, 0],
      ['vm1', 1, 512, 100],
      ['vm2', 2, 512, 50],
    ]);
  },
  '17': () => {
    const r = parseXmList(sample('17'));
    expect(lineNos(r.errors)).toEqual([1]);
    expect(r.records.map((d) => [d.name, d.domid, d.stateText])).toEqual([
      ['Domain-0', 0, 'r-----'],
      ['Domain-e64b12a0-0493-44d7-afde-55c776513426', 21, '---c-'],
      ['Domain-e64b12a0-0493-44d7-afde-55c776513426', 22, 'r-----'],
    ]);
    expect(r.records[1]!.state.shutdownReason).toBe('c');
  },
  '18': () => {
    const text = sample('18');
    const list = parseXlList(part(text, 2, 3));
    expect(list.errors).toEqual([]);
    expect(list.records).toEqual([
      expect.objectContaining({ name: 'Domain-0', memMiB: 16072, vcpus: 8, timeSec: 366.8 }),
    ]);
  },
  '19': () => {
    const r = parseXlSchedRtds(sample('19'));
    expect(r.records).toHaveLength(17);
    expect(r.records[1]).toMatchObject({
      name: 'vm1',
      domid: 2,
      vcpu: 0,
      periodUs: 300,
      budgetUs: 150,
      extratime: true,
      pool: 'Pool-0',
    });
    expect(r.records[7]).toMatchObject({
      name: 'Domain-0',
      vcpu: null,
      periodUs: 10000,
      budgetUs: 4000,
    });
    // DOC: the commands and prose between the examples are typed errors.
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.every((e) => e.line > 0 && e.column > 0 && e.expected.length > 0)).toBe(true);
  },
  '20': () => {
    const r = parseXlList(sample('20'));
    expect(r.errors).toEqual([]);
    expect(r.records.map((d) => [d.name, d.domid, d.memMiB, d.vcpus, d.timeSec])).toEqual([
      ['Domain-0', 0, 750, 4, 11794.3],
      ['win', 1, 1019, 1, 0.3],
      ['linux', 2, 2048, 2, 5624.2],
    ]);
  },
  '28': () => {
    const text = sample('28');
    const pools = parseXlCpupoolList(part(text, 1, 7));
    // The `xl cpupool-list:` labels were typed by the mail's author.
    expect(lineNos(pools.errors)).toEqual([1, 5]);
    expect(pools.records[0]).toEqual({
      name: 'Pool-0',
      cpus: 24,
      sched: 'credit',
      active: true,
      domains: 5,
    });
    expect(pools.records[1]!.cpuList).toHaveLength(24);
    const info = parseXlInfo(part(text, 9, 47));
    expect(lineNos(info.errors)).toEqual([1]);
    expect(info).toMatchObject({
      host: 'dom0',
      nrCpus: 24,
      cpuMhz: 2995.196,
      totalMemoryMiB: 65373,
      xenVersion: '4.17.2',
      scheduler: 'credit',
    });
    expect(info.values.max_cpu_id).toBe('31');
    expect(info.values.xen_caps).toBe(
      'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ',
    );
    expect(info.values.xen_changeset).toBe('');
  },
  '29': () => {
    const r = parseXlCpupoolList(sample('29'));
    expect(r.records.map((p) => [p.name, p.cpuList?.length ?? p.cpus])).toEqual([
      ['Pool-0', 24],
      ['Pool-node0', 12],
      ['Pool-node1', 12],
      ['Pool-node1', 12],
    ]);
    expect(r.records[3]).toMatchObject({ sched: 'credit', domains: 2 });
    expect(r.errors.length).toBeGreaterThan(0);
  },
  '30': () => {
    const r = parseXlVcpuList(sample('30'));
    expect(r.errors).toEqual([]);
    expect(r.records).toHaveLength(15);
    expect(r.records[0]).toMatchObject({
      name: 'Domain-0',
      hardAffinity: '0',
      softAffinity: 'all',
      timeSec: 44.0,
    });
    expect(r.records[14]).toMatchObject({
      name: 'sys-vpn-secure',
      domid: 7,
      cpu: 19,
      softAffinity: '0-15',
    });
  },
  '31': () => {
    const r = parseXlVcpuList(sample('31'));
    expect(lineNos(r.errors)).toEqual([1]);
    expect(r.records).toHaveLength(19);
    expect(r.records[13]).toMatchObject({ vcpu: 13, cpu: 3, timeSec: 475.6 });
  },
  '37': () => {
    const r = parseXlCpupoolList(sample('37'));
    expect(lineNos(r.errors)).toEqual([1]);
    expect(r.records).toEqual([
      { name: 'Pool-0', cpuList: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15] },
      { name: 'Pool-1', cpuList: [12] },
    ]);
  },
  '38': () => {
    const r = parseXlCpupoolList(sample('38'));
    expect(r.records).toEqual([
      { name: 'Pool-0', cpuList: Array.from({ length: 16 }, (_, i) => i) },
    ]);
    expect(r.errors.length).toBeGreaterThan(0);
  },
};

describe('every xl and xm sample in ../shared/xen-formats/samples', () => {
  it('has a check here', () => {
    const names = sampleNames().filter((n) => !/-(xentop|xm-top)-/.test(n));
    expect(names.map((n) => n.slice(0, 2))).toEqual(Object.keys(checks).sort());
  });
  for (const [id, check] of Object.entries(checks)) it(`sample ${id}`, check);
});
