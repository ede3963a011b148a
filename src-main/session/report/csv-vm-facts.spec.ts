import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DomainSample, HostSample } from '../../common/model';
import { sampleColumns } from '../journal/columns';
import { VmFactsTable } from './csv-vm-facts';

const dom = (name: string, state = '-b----', memKiB = 1024): DomainSample => ({
  name,
  state,
  cpuPct: 1,
  share: 0.01,
  memKiB,
  maxMemKiB: null,
  vcpus: 1,
});
const sample = (t: number, domains: DomainSample[]): HostSample => ({
  hostId: 'h',
  t,
  domains,
  rejected: [],
  gapBefore: false,
});

describe('VM facts change log', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'vm-facts-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has a row when a VM appears, changes, goes and comes back — not when it only runs or blocks', async () => {
    const table = new VmFactsTable(join(dir, 'vm-facts.csv'));
    const samples = [
      sample(1000, [dom('a'), dom('b')]),
      sample(2000, [dom('a', '-----r'), dom('b', 'r-----')]), // running/blocked flips: nothing
      sample(3000, [dom('a', '----p-'), dom('b')]), // paused: a row
      sample(4000, [dom('a', '----p-', 2048), dom('b')]), // memory: a row
      sample(5000, [dom('a', '----p-', 2048)]), // b is gone
      sample(6000, [dom('a', '----p-', 2048), dom('b')]), // b is back
    ];
    for (const s of samples) await table.sample(sampleColumns(s.t, s));
    await table.close();
    const rows = (await readFile(join(dir, 'vm-facts.csv'), 'utf8'))
      .split('\r\n')
      .slice(1, -1)
      .map((l) => l.split(','));
    expect(rows.map((r) => [r[1], r[3], r[4], r[5], r[6]])).toEqual([
      ['1000', 'a', 'appeared', "'-b----", '1024'],
      ['1000', 'b', 'appeared', "'-b----", '1024'],
      ['3000', 'a', 'changed', "'----p-", '1024'],
      ['4000', 'a', 'changed', "'----p-", '2048'],
      ['5000', 'b', 'gone', '', ''],
      ['6000', 'b', 'appeared', "'-b----", '1024'],
    ]);
  });
});
