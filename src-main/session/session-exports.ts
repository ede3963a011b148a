import { relative, sep } from 'node:path';
import type { ExportJob, SessionId } from '../common/session';
import { damageOf, emptySummary } from './journal/reader';
import { readOnThread } from './journal/thread';
import { ExportJobs } from './report/export-jobs';
import type { PdfPrinter } from './report/export-pdf';
import type { SessionManager } from './session-manager';

/**
 * Report exports of this manager's journals. The SHA-256 for the integrity
 * section is the one computed while the export streamed the journal, so it covers exactly the
 * bytes the report was made from (a recording session keeps growing).
 */
export function createExportJobs(
  sessions: SessionManager,
  outDir: string,
  publish: (job: ExportJob) => void,
  pdfPrinter?: PdfPrinter,
  /** Web mode: the URL path under which the web server serves `outDir` (files become downloads). */
  downloadBase?: string,
  log: (line: string) => void = () => undefined,
): ExportJobs {
  const withDownloads = (job: ExportJob): ExportJob =>
    downloadBase === undefined
      ? job
      : {
          ...job,
          downloads: job.files.map(
            (f) =>
              `${downloadBase}${relative(outDir, f).split(sep).map(encodeURIComponent).join('/')}`,
          ),
        };
  const info = (id: SessionId) => sessions.list().find((s) => s.id === id) ?? null;
  return new ExportJobs({
    outDir,
    publish: (job) => publish(withDownloads(job)),
    pdfPrinter,
    open: async (id) => {
      const reader = await sessions.reader(id);
      const summary = emptySummary();
      let read = false;
      return {
        records: (async function* () {
          yield* readOnThread(reader.dir, summary, {
            onFallback: (why) =>
              log(
                `report export: reading the journal in the main thread (slower), as its thread could not start: ${why}`,
              ),
          });
          read = true;
        })(),
        sha256: async () => (read ? summary.sha256 : reader.sha256()),
        damage: async () => {
          if (!read) return null;
          const damage = damageOf(summary);
          sessions.noteDamage(id, damage);
          return damage;
        },
      };
    },
    recordCount: async (id) => info(id)?.records ?? null,
    sessionName: async (id) => info(id)?.name ?? null,
  });
}
