import { join } from 'node:path';
import { writeCsv } from './csv';
import { summaryTables } from './csv-summary';
import { alertTable } from './alert-report';
import { TimeSeriesTables } from './csv-time-series';
import { pump, resolveMeta, type ExportInput } from './pump';
import { ReportBuilder } from './report-model';

/**
 * The CSV export: one file per table. Each host's time series are wide tables, one row per
 * sample or probe round and one column per VM (csv-host-tables.ts: its `cpu-share-<host>.csv` has
 * a row per recorded sample); what xentop says about VMs besides CPU is a change log
 * (csv-vm-facts.ts); the summary tables come from the session's report (csv-summary.ts).
 *
 * Why wide rather than one row per VM per sample: a 24-hour, 100-VM session was 8.6 M rows and
 * 1.25 GB that no spreadsheet opens (Excel stops at 1,048,576 rows) and took 24 s to write; as
 * columns it is 86,400 rows per host, plots directly, and writes in a fraction of the time.
 *
 * Read from a journal, samples and probe results come as the columns of their compact lines
 * (JournalReader.items), and both the tables and the report read them as such: no record object
 * is made for them.
 */
export async function exportCsv(input: ExportInput): Promise<string[]> {
  // The report's chart series would be thrown away: the tables below are the CSV's time series.
  const builder = new ReportBuilder({ charts: false });
  const files = await timeSeries(input, builder);
  const report = builder.finish(await resolveMeta(input.meta));
  const hostName = new Map(report.hosts.map((h) => [h.hostId, h.name]));
  const tables = [...summaryTables(report), alertTable(report.alerts, (id) => hostName.get(id))];
  for (const [name, header, rows] of tables) {
    const path = join(input.dir, `${name}.csv`);
    await writeCsv(path, header, rows);
    files.push(path);
  }
  return files;
}

/** The time-series tables, and the report for the summary tables, from one pass over the journal. */
async function timeSeries(input: ExportInput, builder: ReportBuilder): Promise<string[]> {
  const tables = new TimeSeriesTables(input.dir);
  try {
    await pump(
      input.records,
      (r) => {
        builder.add(r);
        return tables.add(r);
      },
      input.control,
    );
    return await tables.close();
  } catch (e) {
    await tables.abandon();
    throw e;
  }
}
