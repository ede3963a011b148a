import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../common/alerts';
import { EventRecorder } from '../event-recorder';
import { JournalReader } from '../journal/reader';
import type { JournalRecord } from '../journal/record';
import { sampleRecord } from '../journal/journal.testkit';
import { JournalWriter } from '../journal/writer';
import { exportCsv } from './export-csv';
import { renderHtml } from './export-html';
import { reportToJson } from './export-json';
import { buildReport } from './report-model';
import { ReportSchema } from './report-schema';

const HOSTILE = 'x"y,=1\n<b>red</b>';
const SHA = 'a'.repeat(64);

const alert = (over: Partial<Alert>): Alert => ({
  id: 'a1',
  hostId: 'demo',
  vm: HOSTILE,
  kind: 'rttP99High',
  state: 'raised',
  raisedAt: 2000,
  clearedAt: null,
  value: 143,
  bound: 100,
  message: `${HOSTILE} on Demo host: p99 RTT above a bound — p99 RTT 143 ms over 5 min (bound 100 ms)`,
  detail: 'p99 RTT 143 ms over 5 min (bound 100 ms)',
  ...over,
});

/** A short session: samples, an RTT alert on a hostile VM raised and cleared, a host alert left raised. */
const records = (): JournalRecord[] => [
  sampleRecord(1000),
  { kind: 'alert', t: 2000, data: alert({}) },
  sampleRecord(3000),
  {
    kind: 'alert',
    t: 4000,
    data: alert({ state: 'cleared', clearedAt: 4000, value: 12, message: 'cleared — 12 ms' }),
  },
  {
    kind: 'alert',
    t: 4500,
    data: alert({
      id: 'a2',
      vm: null,
      kind: 'streamStalled',
      raisedAt: 4500,
      value: 31,
      bound: 30,
      message: 'Demo host: xentop stream stalled — last xentop frame 31 s ago',
    }),
  },
  sampleRecord(5000),
];

describe('alerts in the journal and the reports', () => {
  let dir: string;
  beforeEach(async () => void (dir = await mkdtemp(join(tmpdir(), 'alert-report-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('the recorder keeps every raise and clear the core publishes', () => {
    const kept: JournalRecord[] = [];
    const recorder = new EventRecorder(
      () => [],
      () => 7,
    );
    recorder.sink = { record: (r) => kept.push(r) };
    recorder.observe({ name: 'alert', payload: alert({}) });
    recorder.observe({ name: 'alert', payload: alert({ state: 'cleared', clearedAt: 7 }) });
    expect(kept.map((r) => [r.kind, r.t, r.kind === 'alert' && r.data.state])).toEqual([
      ['alert', 7, 'raised'],
      ['alert', 7, 'cleared'],
    ]);
  });

  it('alert records come back from the journal as written, hostile names included', async () => {
    const w = new JournalWriter({ dir, sessionId: 's', app: 'test' });
    for (const r of records()) w.append(r);
    await w.close();
    const back: JournalRecord[] = [];
    for await (const r of (await JournalReader.open(dir)).records()) back.push(r);
    expect(back.filter((r) => r.kind === 'alert')).toEqual(
      records().filter((r) => r.kind === 'alert'),
    );
  });

  it('the JSON report has one row per alert, raise and clear met by id', async () => {
    const report = await buildReport(records(), { sessionId: 's', journalSha256: SHA });
    expect(report.alerts).toEqual([
      {
        id: 'a1',
        hostId: 'demo',
        vm: HOSTILE,
        kind: 'rttP99High',
        raisedAt: 2000,
        clearedAt: 4000,
        durationMs: 2000,
        bound: 100,
        valueAtRaise: 143,
        valueAtClear: 12,
        raiseMessage: alert({}).message,
        clearMessage: 'cleared — 12 ms',
      },
      expect.objectContaining({ id: 'a2', vm: null, clearedAt: null, durationMs: null }),
    ]);
    const json = ReportSchema.parse(JSON.parse(reportToJson(report)));
    expect(json.alerts).toHaveLength(2);
    // a report of a journal without alerts (older sessions) has none
    const none = await buildReport([sampleRecord(1)], { sessionId: 's', journalSha256: SHA });
    expect(none.alerts).toEqual([]);
  });

  it('the CSV export writes alerts.csv, the HTML an escaped table', async () => {
    const files = await exportCsv({
      records: records(),
      meta: { sessionId: 's', journalSha256: SHA },
      dir,
    });
    expect(files).toContain(join(dir, 'alerts.csv'));
    const csv = await readFile(join(dir, 'alerts.csv'), 'utf8');
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'id,host_id,host,vm,rule,raised,cleared,duration_ms,bound,value_at_raise,value_at_clear,raise_message,clear_message',
    );
    // the hostile name is one quoted cell, its formula start defused only where a cell begins
    expect(csv).toContain(
      `"x""y,=1\n<b>red</b>",rttP99High,1970-01-01T00:00:02.000Z,1970-01-01T00:00:04.000Z,2000,100,143,12,`,
    );
    expect(lines.filter((l) => l.startsWith('a2,'))[0]).toContain(',streamStalled,');

    const report = await buildReport(records(), { sessionId: 's', journalSha256: SHA });
    const html = renderHtml(report);
    expect(html).toContain('<h2>Alerts</h2>');
    expect(html).toContain('x&#34;y,=1\n&#60;b&#62;red&#60;/b&#62;');
    expect(html).not.toContain('<b>red</b>');
    expect(html).toContain('still raised');
  });
});
