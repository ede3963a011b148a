import { PRIVATE_FILE } from '../private-files';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pump, resolveMeta, type ExportInput } from './pump';
import { ReportBuilder } from './report-model';
import { ReportSchema, type Report } from './report-schema';

/**
 * The JSON export: the whole report, checked against the schema before it is written — a report
 * that does not match docs/report-schema.json is a bug here, not something to hand a customer.
 */
export function reportToJson(report: Report): string {
  const checked = ReportSchema.safeParse(report);
  if (!checked.success) {
    const first = checked.error.issues[0];
    throw new Error(
      `report does not match its schema at ${first?.path.join('.') ?? '?'}: ${first?.message ?? ''}`,
    );
  }
  return `${JSON.stringify(checked.data)}\n`;
}

export async function exportJson(input: ExportInput): Promise<string[]> {
  const builder = new ReportBuilder();
  await pump(input.records, (r) => builder.add(r), input.control);
  const path = join(input.dir, 'report.json');
  await writeFile(path, reportToJson(builder.finish(await resolveMeta(input.meta))), {
    mode: PRIVATE_FILE,
  });
  return [path];
}
