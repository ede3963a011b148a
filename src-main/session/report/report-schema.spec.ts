import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportToJson } from './export-json';
import { buildReport } from './report-model';
import { ReportSchema, reportJsonSchema } from './report-schema';
import { SESSION_ID, SHA, smallSession, syntheticJournal } from './report.testkit';

const DOC = resolve(__dirname, '../../../docs/report-schema.json');

describe('report schema', () => {
  it('docs/report-schema.json is the generated JSON Schema (UPDATE_REPORT_SCHEMA=1 rewrites it)', async () => {
    const generated = reportJsonSchema();
    if (process.env.UPDATE_REPORT_SCHEMA === '1') await writeFile(DOC, generated);
    expect(await readFile(DOC, 'utf8')).toBe(generated);
  });

  it('the JSON export validates against the schema', async () => {
    const report = await buildReport(syntheticJournal(smallSession()), {
      sessionId: SESSION_ID,
      journalSha256: SHA,
    });
    const parsed: unknown = JSON.parse(reportToJson(report));
    expect(ReportSchema.safeParse(parsed).success).toBe(true);
    expect(parsed).toMatchObject({ format: 'vslicer-report', version: 2, sessionId: SESSION_ID });
  });

  it('refuses to write a report that breaks its schema', async () => {
    const report = await buildReport(syntheticJournal(smallSession()), {
      sessionId: SESSION_ID,
      journalSha256: 'not-a-hash',
    });
    expect(() => reportToJson(report)).toThrow(/integrity\.journalSha256/);
  });
});
