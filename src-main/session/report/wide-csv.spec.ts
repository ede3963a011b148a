import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WideTable } from './wide-csv';

describe('WideTable', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wide-csv-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const lines = async (name: string) =>
    (await readFile(join(dir, name), 'utf8')).split('\r\n').slice(0, -1);
  const row = (t: WideTable, fixed: string, cells: [string, string][]) => {
    t.begin();
    cells.forEach(([name, cell], i) => t.set(i, name, cell));
    return t.end(fixed);
  };

  it('writes a column per VM in the order they first appear, rows as they come', async () => {
    const t = new WideTable(join(dir, 'plain.csv'), ['t']);
    await row(t, '1', [
      ['a', '0.5'],
      ['b', '0.25'],
    ]);
    await row(t, '2', [
      ['b', '0.2'],
      ['a', '0.4'],
    ]); // another order: cells still go to their columns
    await row(t, '3', [['a', '0.1']]); // b not there: empty
    expect(await t.close()).toBe(join(dir, 'plain.csv'));
    expect(t.rows).toBe(3);
    expect(await lines('plain.csv')).toEqual(['t,a,b', '1,0.5,0.25', '2,0.4,0.2', '3,0.1,']);
  });

  it('rewrites the file with the full header when a VM appears later, padding earlier rows', async () => {
    const t = new WideTable(join(dir, 'grown.csv'), ['time', 't_ms']);
    await row(t, 'x,1', [['a', '1']]);
    await row(t, 'x,2', [
      ['a', '2'],
      ['b', '3'],
    ]);
    await row(t, 'x,3', [
      ['c', '4'],
      ['a', '5'],
    ]);
    await t.close();
    expect(await lines('grown.csv')).toEqual([
      'time,t_ms,a,b,c',
      'x,1,1,,',
      'x,2,2,3,',
      'x,3,5,,4',
    ]);
  });

  it('gives a name that occurs twice in one row a column per occurrence, and quotes names', async () => {
    const t = new WideTable(join(dir, 'dup.csv'), ['t']);
    await row(t, '1', [
      ['(null)', '1'],
      ['(null)', '2'],
      ['=x,"y"', '3'],
    ]);
    await row(t, '2', [
      ['(null)', '4'],
      ['(null)', '5'],
      ['=x,"y"', '6'],
    ]);
    await t.close();
    expect(await lines('dup.csv')).toEqual([
      't,(null),(null) (2),"\'=x,""y"""',
      '1,1,2,3',
      '2,4,5,6',
    ]);
  });

  it('writes no file for a table without rows', async () => {
    const t = new WideTable(join(dir, 'empty.csv'), ['t']);
    expect(await t.close()).toBeNull();
  });
});
