import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { predictionCheck } from '../../common/advice.testkit';
import type { JournalRecord } from '../journal/record';
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
  // The advisor's check of the session's switch, as the journal keeps it: updated as probe
  // rounds come in, the last one counting.
  const switched = [...syntheticJournal(opts)].find((r) => r.kind === 'switch')!;
  const check = (observedCount: number, p50ErrorPct: number): JournalRecord => ({
    kind: 'prediction',
    t: switched.t + observedCount * 1000,
    data: predictionCheck({
      hostId: 'lab-a',
      switchId: switched.kind === 'switch' ? switched.data.id : '',
      vm: 'vm1',
      t: switched.t,
      observedCount,
      p50ErrorPct,
    }),
  });
  function* withChecks(): Generator<JournalRecord> {
    yield* syntheticJournal(opts);
    yield check(10, 12.5);
    yield check(120, -9.1);
  }
  const files = await exportCsv({
    records: withChecks(),
    meta: { sessionId: SESSION_ID, journalSha256: SHA },
    dir,
  });
  const read = async (name: string) => parseCsv(await readFile(join(dir, name), 'utf8'));
  const recorded = [...syntheticJournal(opts)];
  const samplesOf = (hostId: string) =>
    recorded.flatMap((r) => (r.kind === 'sample' && r.data.hostId === hostId ? [r.data] : []));
  const roundsOf = (hostId: string) =>
    recorded.flatMap((r) => (r.kind === 'latency' && r.data.hostId === hostId ? [r.data] : []));

  it('writes one file per table', async () => {
    const perHost = ['cpu-share', 'loss', 'rtt'].flatMap((t) =>
      ['lab-a', 'lab-b'].map((h) => `${t}-${h}`),
    );
    const summary = [
      'alerts',
      'comparisons',
      'events',
      'gaps',
      'histograms',
      'hosts',
      'integrity',
      'periods',
      'predictions',
      'switches',
      'wait_histograms',
    ];
    expect((await readdir(dir)).sort()).toEqual(
      [...perHost, ...summary, 'vm-facts'].map((n) => `${n}.csv`).sort(),
    );
    expect(files).toHaveLength(18);
  });

  it('has a CPU share row per recorded sample of each host, a column per guest', async () => {
    for (const host of opts.hosts) {
      const table = await read(`cpu-share-${host.hostId}.csv`);
      const samples = samplesOf(host.hostId);
      expect(table[0]).toEqual(['time', 't_ms', 'gap_before', 'dom0_cpu_pct', ...host.vms]);
      expect(table.length - 1).toBe(samples.length);
      expect(table.every((row) => row.length === table[0]!.length)).toBe(true);
      for (const [i, s] of samples.entries()) {
        const row = table[i + 1]!;
        expect(row.slice(0, 4)).toEqual([
          new Date(s.t).toISOString(),
          String(s.t),
          String(s.gapBefore),
          '3',
        ]);
        expect(row.slice(4).map(Number)).toEqual(s.domains.slice(1).map((d) => d.share));
      }
    }
    // lab-b was out for 20 s: 580 samples, the first after the outage marked.
    const b = await read('cpu-share-lab-b.csv');
    expect(b.filter((r) => r[2] === 'true')).toHaveLength(1);
  });

  it("has a row per probe round with each VM's mean RTT and loss", async () => {
    const rtt = await read('rtt-lab-a.csv');
    const loss = await read('loss-lab-a.csv');
    const rounds = roundsOf('lab-a');
    expect(rtt[0]).toEqual(['time', 't_ms', 'vm1', 'vm2', 'vm3']);
    expect(loss[0]).toEqual(rtt[0]);
    expect(rtt.length - 1).toBe(rounds.length / 3);
    expect(loss.length).toBe(rtt.length);
    for (const [i, l] of rounds.entries()) {
      const row = Math.floor(i / 3) + 1;
      const col = 2 + (i % 3);
      const replies = l.rttMs.filter((v): v is number => v !== null);
      expect(rtt[row]![1]).toBe(String(l.t));
      // The mean to the microsecond, half up, from whole microseconds (ping's resolution): exact, no float sum of milliseconds.
      const sumUs = replies.reduce((a, b) => a + Math.round(b * 1000), 0);
      expect(rtt[row]![col]).toBe(
        replies.length ? String(Math.round(sumUs / replies.length) / 1000) : '',
      );
      expect(Number(loss[row]![col])).toBeCloseTo(
        ((l.rttMs.length - replies.length) / l.rttMs.length) * 100,
        1,
      );
    }
    expect(loss.slice(1).some((r) => r.slice(2).some((c) => Number(c) > 0))).toBe(true);
  });

  it('keeps hostile VM names intact (quoted, formula-safe) in the header', async () => {
    const header = (await read('cpu-share-lab-b.csv'))[0]!;
    expect(header.slice(4)).toEqual(['vm4', 'web,01 "x"']);
    expect((await read('rtt-lab-b.csv'))[0]).toEqual(['time', 't_ms', 'vm4', 'web,01 "x"']);
  });

  it('lists VM facts once, when each VM appears, while nothing changes', async () => {
    const facts = await read('vm-facts.csv');
    expect(facts[0]).toEqual([
      'time',
      't_ms',
      'host_id',
      'vm',
      'change',
      'state',
      'mem_kib',
      'max_mem_kib',
      'vcpus',
    ]);
    expect(facts.slice(1).map((r) => [r[2], r[3], r[4]])).toEqual([
      ['lab-a', 'Domain-0', 'appeared'],
      ...['vm1', 'vm2', 'vm3'].map((vm) => ['lab-a', vm, 'appeared']),
      ['lab-b', 'Domain-0', 'appeared'],
      ...['vm4', 'web,01 "x"'].map((vm) => ['lab-b', vm, 'appeared']),
    ]);
    // A state starts with "-": written as text a spreadsheet cannot take for a formula.
    expect(facts[2]!.slice(5)).toEqual(["'-b----", '524288', '524288', '1']);
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

  it("writes the advisor's predictions against observations, the last check of each switch", async () => {
    const [header, ...rows] = await read('predictions.csv');
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header!.map((h, i) => [h, rows[0]![i]]));
    expect(row).toEqual({
      switch_id: switched.kind === 'switch' ? switched.data.id : '',
      host_id: 'lab-a',
      host: 'lab-a',
      vm: 'vm1',
      switched: new Date(switched.t).toISOString(),
      microslice_ms: '5',
      predicted_p50_ms: '10',
      observed_p50_ms: '11',
      p50_error_pct: '-9.1', // a number: never defused as a formula
      predicted_p99_ms: '30',
      observed_p99_ms: '29',
      observed_rtts: '120',
    });
  });
});
