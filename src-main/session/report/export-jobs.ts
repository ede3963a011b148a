import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { PRIVATE_DIR } from '../private-files';
import { join } from 'node:path';
import type { ExportJob, JournalDamage, ReportFormat, SessionId } from '../../common/session';
import { exportCsv } from './export-csv';
import { exportHtml } from './export-html';
import { exportJson } from './export-json';
import { NO_PDF_PRINTER, exportPdf, type PdfPrinter } from './export-pdf';
import { ExportCancelled, type ExportInput, type RecordStream } from './pump';

/**
 * Report exports as background jobs, with a progress bar and Cancel for long
 * sessions. A job streams the journal once, publishes its progress at most ~10 times a second,
 * yields to the event loop every ~10 ms (pump.ts) so the app stays responsive, and stops at the
 * next yield when cancelled — removing what it had written, so no half report is left behind.
 */
export interface ExportJobsOptions {
  outDir: string;
  publish(job: ExportJob): void;
  /** What a job reads: the session's records, and the SHA-256 of the journal they came from. */
  open(sessionId: SessionId): Promise<ExportSource>;
  pdfPrinter?: PdfPrinter;
  /** Records in the session (SessionInfo.records), for progress; without it progress creeps towards 1. */
  recordCount?(sessionId: SessionId): Promise<number | null>;
  /** The session's name, for the report's title. */
  sessionName?(sessionId: SessionId): Promise<string | null>;
  now?(): number;
}

export interface ExportSource {
  /** One by one, or in batches as JournalReader.items yields them (faster). */
  records: RecordStream;
  /** Asked after the records were read: the reader may hash the journal as it streams it. */
  sha256(): Promise<string>;
  /** What reading found damaged (asked after the records were read); null when unknown. */
  damage?(): Promise<JournalDamage | null>;
}

const PUBLISH_EVERY_MS = 100;
/** Reading records is the long part; writing the files afterwards gets the rest of the bar. */
const READ_SHARE = 0.95;
const KEEP_FINISHED = 100;

interface Running {
  job: ExportJob;
  abort: AbortController;
  settled: Promise<ExportJob>;
}

export class ExportJobs {
  private readonly jobs = new Map<string, Running>();

  constructor(private readonly opts: ExportJobsOptions) {}

  start(sessionId: SessionId, format: ReportFormat): ExportJob {
    const job: ExportJob = {
      jobId: `exp-${randomUUID()}`,
      sessionId,
      format,
      state: 'running',
      progress: 0,
      files: [],
      downloads: [],
      error: null,
    };
    const abort = new AbortController();
    const entry: Running = { job, abort, settled: Promise.resolve(job) };
    this.jobs.set(job.jobId, entry);
    this.forgetOld();
    this.opts.publish({ ...job });
    entry.settled = this.run(entry);
    return { ...job };
  }

  /** True when the job was running and will stop at its next yield. */
  cancel(jobId: string): boolean {
    const entry = this.jobs.get(jobId);
    if (!entry || entry.job.state !== 'running' || entry.abort.signal.aborted) return false;
    entry.abort.abort();
    return true;
  }

  get(jobId: string): ExportJob | undefined {
    const entry = this.jobs.get(jobId);
    return entry && { ...entry.job };
  }

  /** Resolves with the job once it is done, failed or cancelled. */
  async settled(jobId: string): Promise<ExportJob | undefined> {
    const entry = this.jobs.get(jobId);
    return entry && { ...(await entry.settled) };
  }

  private async run(entry: Running): Promise<ExportJob> {
    const { job, abort } = entry;
    const now = this.opts.now ?? Date.now;
    const dir = join(this.opts.outDir, `${job.sessionId}-${job.format}-${stamp(now())}`);
    let lastPublish = 0;
    const progress = (p: number, force = false) => {
      const next = Math.max(job.progress, Math.min(1, p));
      if (next === job.progress && !force) return;
      job.progress = next;
      const t = performance.now();
      if (force || t - lastPublish >= PUBLISH_EVERY_MS) {
        lastPublish = t;
        this.opts.publish({ ...job });
      }
    };
    let madeDir = false;
    try {
      if (job.format === 'pdf' && !this.opts.pdfPrinter) throw new Error(NO_PDF_PRINTER);
      const total = (await this.opts.recordCount?.(job.sessionId).catch(() => null)) ?? null;
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
      madeDir = true;
      const sessionId = job.sessionId;
      const source = await this.opts.open(sessionId);
      const input: ExportInput = {
        records: source.records,
        meta: async () => ({
          sessionId,
          journalSha256: await source.sha256(),
          damage: (await source.damage?.()) ?? undefined,
          title: (await this.opts.sessionName?.(sessionId).catch(() => null)) ?? undefined,
          generatedAt: now(),
        }),
        dir,
        control: {
          signal: abort.signal,
          onProgress: (n) => progress(READ_SHARE * estimate(n, total)),
        },
      };
      const files = await this.export(job.format, input);
      if (abort.signal.aborted) throw new ExportCancelled();
      job.files = files;
      job.state = 'done';
      progress(1, true);
    } catch (e) {
      job.state = e instanceof ExportCancelled || abort.signal.aborted ? 'cancelled' : 'failed';
      job.error = job.state === 'cancelled' ? null : e instanceof Error ? e.message : String(e);
      job.files = [];
      if (madeDir) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      this.opts.publish({ ...job });
    }
    return job;
  }

  private export(format: ReportFormat, input: ExportInput): Promise<string[]> {
    switch (format) {
      case 'html':
        return exportHtml(input);
      case 'csv':
        return exportCsv(input);
      case 'json':
        return exportJson(input);
      case 'pdf':
        return exportPdf(input, this.opts.pdfPrinter);
    }
  }

  private forgetOld(): void {
    for (const [id, entry] of this.jobs) {
      if (this.jobs.size <= KEEP_FINISHED) break;
      if (entry.job.state !== 'running') this.jobs.delete(id);
    }
  }
}

/** Fraction read; with no count known, a curve that rises steadily but never reaches 1 early. */
function estimate(processed: number, total: number | null): number {
  if (total && total > 0) return Math.min(1, processed / total);
  return processed / (processed + 200_000);
}

/** 2024-05-01T12:00:00.123Z → 20240501T120000123Z: sortable, and safe in any file system. */
function stamp(t: number): string {
  return new Date(t).toISOString().replace(/[-:.]/g, '');
}
