import { join } from 'node:path';
import { writeCsv } from './csv';
import { HostTables } from './csv-host-tables';
import { summaryTables } from './csv-summary';
import { VmFactsTable } from './csv-vm-facts';
import { pump, resolveMeta, type ExportInput } from './pump';
import { ReportBuilder } from './report-model';

/**
 * The CSV export: one file per table, from one pass over the journal. Each host's time series
 * are wide tables, one row per sample or probe round and one column per VM (csv-host-tables.ts:
 * its `cpu-share-<host>.csv` has a row per recorded sample); what xentop says about VMs besides
 * CPU is a change log (csv-vm-facts.ts); the summary tables come from the report built in the
 * same pass (csv-summary.ts).
 *
 * Why wide rather than one row per VM per sample: a 24-hour, 100-VM session was 8.6 M rows and
 * 1.25 GB that no spreadsheet opens (Excel stops at 1,048,576 rows) and took 24 s to write; as
 * columns it is 86,400 rows per host, plots directly, and writes in a fraction of the time.
 */
export async function exportCsv(input: ExportInput): Promise<string[]> {
  // The report's chart series would be thrown away: the tables below are the CSV's time series.
  const builder = new ReportBuilder({ charts: false });
  const hosts = new Map<string, HostTables>();
  let last: [string, HostTables] | null = null;
  const tables = (hostId: string) => {
    // Records of one host come in runs (a sample, a probe round): the last one is the likeliest.
    if (last?.[0] === hostId) return last[1];
    let t = hosts.get(hostId);
    if (!t) hosts.set(hostId, (t = new HostTables(input.dir, hostId)));
    last = [hostId, t];
    return t;
  };
  const facts = new VmFactsTable(join(input.dir, 'vm-facts.csv'));
  const files: string[] = [];
  try {
    await pump(
      input.records,
      (r) => {
        builder.add(r);
        if (r.kind === 'sample') {
          const a = tables(r.data.hostId).sample(r.data);
          const b = facts.sample(r.data);
          return a && b ? Promise.all([a, b]).then(() => undefined) : (a ?? b);
        }
        if (r.kind === 'latency') return tables(r.data.hostId).probe(r.data);
        return undefined;
      },
      input.control,
    );
    for (const t of hosts.values()) files.push(...(await t.close()));
    files.push(await facts.close());
  } catch (e) {
    await Promise.all([...hosts.values()].map((t) => t.abandon()));
    await facts.abandon();
    throw e;
  }
  const report = builder.finish(await resolveMeta(input.meta));
  for (const [name, header, rows] of summaryTables(report)) {
    const path = join(input.dir, `${name}.csv`);
    await writeCsv(path, header, rows);
    files.push(path);
  }
  return files;
}
