import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvCell, csvRow } from './csv';
import { exportCsv } from './export-csv';
import { SESSION_ID, SHA, smallSession, syntheticJournal } from './report.testkit';

/** A strict RFC 4180 reader, to prove what we write reads back cell for cell. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe('CSV cells', () => {
  it('quotes commas, quotes and newlines as RFC 4180 says', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\r')).toBe('"cr\r"');
    expect(csvRow(['a', 1, null, true])).toBe('a,1,,true\r\n');
  });

  it('defuses formula injection in text, not in numbers', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('round-trips hostile names through a strict reader', () => {
    const hostile = ['a,b', 'q"uote', 'new\r\nline', '=1+1', ''];
    const back = parseCsv(csvRow(hostile))[0]!;
    expect(back).toEqual(['a,b', 'q"uote', 'new\r\nline', "'=1+1", '']);
  });
});

describe('CSV export', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'report-csv-'));
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const opts = smallSession();
  const files = await exportCsv({ records: syntheticJournal(opts), meta: { sessionId: SESSION_ID, journalSha256: SHA }, dir });
  const read = async (name: string) => parseCsv(await readFile(join(dir, name), 'utf8'));

  it('writes one file per table', async () => {
    expect((await readdir(dir)).sort()).toEqual(
      ['comparisons', 'events', 'gaps', 'histograms', 'hosts', 'integrity', 'latency-rounds', 'periods', 'samples', 'switches'].map((n) => `${n}.csv`),
    );
    expect(files).toHaveLength(10);
  });

  it('has one samples row per VM per recorded sample', async () => {
    let expected = 0;
    let rounds = 0;
    for (const r of syntheticJournal(opts)) {
      if (r.kind === 'sample') expected += r.data.domains.length;
      if (r.kind === 'latency') rounds++;
    }
    const samples = await read('samples.csv');
    expect(samples.length - 1).toBe(expected);
    expect(samples.every((r) => r.length === 11)).toBe(true);
    expect(samples.some((r) => r[3] === 'web,01 "x"')).toBe(true);
    expect((await read('latency-rounds.csv')).length - 1).toBe(rounds);
  });

  it('writes the switches, events and per-period stats', async () => {
    const sw = await read('switches.csv');
    expect(sw).toHaveLength(2);
    expect(sw[1]![2]).toBe('lab-a'); // the host's name
    expect(sw[1]![sw[0]!.indexOf('command')]).toBe('xl sched-vslicer -d 1 -m 5');
    const events = await read('events.csv');
    expect(events.some((r) => r[4] === 'End of run, "as planned", see =notes')).toBe(true);
    const periods = await read('periods.csv');
    expect(periods.filter((r) => r[1] === 'vm1').map((r) => r[3])).toEqual(['NLSVM', 'LSVM']);
    const cmp = await read('comparisons.csv');
    expect(cmp.length - 1).toBe(6); // 3 VMs on lab-a × before/after
    const hosts = await read('hosts.csv');
    expect(hosts[2]![1]).toBe('lab, "b"');
  });
});
