import type { ApiEventEnvelope, ApiHandlers } from '../common/api';
import type { HostSample, HostStatus, HostSummary } from '../common/model';
import type { ClassSwitch, HostSched, LatencySample } from '../common/sched';
import type { ExportJob, ReportFormat, SessionId } from '../common/session';
import { readOnThread } from '../session/journal-thread';
import { emptySummary } from '../session/journal-reader';
import type { JournalRecord } from '../session/journal-record';
import { ExportJobs } from '../session/report/export-jobs';
import { SessionError, type SessionManager } from '../session/session-manager';
import { relative, sep } from 'node:path';
import type { PdfPrinter } from '../session/report/export-pdf';
import { CoreError } from './dispatch';
import type { RecordedSessions } from './open-session';

/**
 * Sessions in the API (issue 7): what gets recorded from the published events, and the
 * list/start/stop/rename/delete/export calls.
 */
type SessionHandlers = Pick<
  ApiHandlers,
  | 'listSessions'
  | 'startRecording'
  | 'stopRecording'
  | 'renameSession'
  | 'deleteSession'
  | 'exportSession'
  | 'cancelExport'
  | 'openSession'
  | 'closeSession'
>;

/** The report engineer's job runner (src-main/session/report/export-jobs.ts), as the handlers use it. */
export interface ExportJobsLike {
  start(sessionId: string, format: ReportFormat): ExportJob;
  cancel(jobId: string): boolean;
}

/**
 * Turns the events the core publishes into journal records. Every sample, probe round, switch
 * state and connection change is kept. Class switches are kept in every state (`running`, then
 * `done`/`failed`), so a crash in mid-switch still leaves its trace; a reader takes the last record
 * per switch id. Scheduler listings are kept only when they differ from the host's previous one
 * (the poller re-reads them every few seconds and they rarely change). A host that becomes ready
 * gets a `host` record with its facts.
 */
export class EventRecorder {
  /** The last listing per host, and its content without the time (what "changed" compares). */
  private readonly scheds = new Map<string, { key: string; sched: HostSched }>();
  sink: Pick<SessionManager, 'record'> | null = null;

  constructor(
    private readonly hosts: () => HostSummary[],
    private readonly now: () => number = Date.now,
  ) {}

  observe(event: ApiEventEnvelope): void {
    if (!this.sink) return;
    const t = this.now();
    const payload = event.payload;
    switch (event.name) {
      case 'hostSample':
        return this.sink.record({ kind: 'sample', t, data: payload as HostSample });
      case 'latencySample':
        return this.sink.record({ kind: 'latency', t, data: payload as LatencySample });
      case 'classSwitch':
        return this.sink.record({ kind: 'switch', t, data: payload as ClassSwitch });
      case 'hostStatus': {
        const status = payload as HostStatus;
        this.sink.record({ kind: 'status', t, data: status });
        const facts = status.state === 'ready' ? this.facts(status.hostId, t) : null;
        if (facts) this.sink.record(facts);
        return;
      }
      case 'hostSched': {
        const sched = payload as HostSched;
        const key = JSON.stringify({ ...sched, t: 0 });
        if (this.scheds.get(sched.hostId)?.key === key) return;
        // Record first: if this starts a session, its prelude still holds the previous listing.
        this.sink.record({ kind: 'sched', t, data: sched });
        this.scheds.set(sched.hostId, { key, sched });
        return;
      }
    }
  }

  /** What a new session starts with, so it stands alone: every host's state, facts and listing. */
  prelude(): JournalRecord[] {
    const t = this.now();
    const out: JournalRecord[] = [];
    // A reopened session's hosts are not part of what is recorded now.
    for (const host of this.hosts().filter((h) => h.kind !== 'recorded')) {
      out.push({ kind: 'status', t, data: host.status });
      const facts = host.status.state === 'ready' ? this.facts(host.id, t) : null;
      if (facts) out.push(facts);
      const sched = this.scheds.get(host.id)?.sched;
      if (sched) out.push({ kind: 'sched', t, data: sched });
    }
    return out;
  }

  private facts(hostId: string, t: number): JournalRecord | null {
    const h = this.hosts().find((x) => x.id === hostId);
    if (!h) return null;
    const data = {
      hostId,
      name: h.name,
      kind: h.kind,
      target: h.target,
      profile: h.profile,
      guestPcpus: h.guestPcpus,
      xenVersion: h.xenVersion,
      scheduler: h.scheduler,
      capabilities: h.capabilities,
    };
    return { kind: 'host', t, data };
  }
}

/**
 * The report engineer's job runner over this manager's journals. The SHA-256 for the integrity
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
      : { ...job, downloads: job.files.map((f) => `${downloadBase}${relative(outDir, f).split(sep).map(encodeURIComponent).join('/')}`) };
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
            onFallback: (why) => log(`report export: reading the journal in the main thread (slower), as its thread could not start: ${why}`),
          });
          read = true;
        })(),
        sha256: async () => (read ? summary.sha256 : reader.sha256()),
      };
    },
    recordCount: async (id) => info(id)?.records ?? null,
    sessionName: async (id) => info(id)?.name ?? null,
  });
}

export function sessionHandlers(
  sessions: SessionManager | null,
  exports: ExportJobsLike | null,
  recorded: RecordedSessions | null = null,
): SessionHandlers {
  const manager = () => {
    if (!sessions) {
      throw new CoreError('no-data-dir', 'Sessions are not recorded: this app runs without a data directory.');
    }
    return sessions;
  };
  const jobs = () => {
    if (!exports) throw new CoreError('no-data-dir', 'Reports need recorded sessions: this app runs without a data directory.');
    return exports;
  };
  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof SessionError) throw new CoreError(error.code, error.message);
      throw error;
    }
  };
  return {
    listSessions: async () => sessions?.list() ?? [],
    startRecording: ({ name }) => wrap(() => manager().start(name)),
    stopRecording: () => wrap(() => manager().stop()),
    renameSession: ({ id, name }) => wrap(() => manager().rename(id, name)),
    deleteSession: ({ id }) => wrap(async () => (await manager().delete(id), {})),
    exportSession: async ({ id, format }) => {
      if (!manager().list().some((s) => s.id === id)) {
        throw new CoreError('unknown-session', `No session with id "${id}".`);
      }
      return jobs().start(id, format);
    },
    cancelExport: async ({ jobId }) => {
      if (!jobs().cancel(jobId)) throw new CoreError('unknown-job', `No running export with id "${jobId}".`);
      return {};
    },
    openSession: ({ id }) =>
      wrap(async () => {
        manager();
        if (!recorded) throw new CoreError('no-data-dir', 'Sessions are not recorded: this app runs without a data directory.');
        if (!sessions?.list().some((s) => s.id === id)) throw new CoreError('unknown-session', `No session with id "${id}".`);
        return recorded.openSession(id);
      }),
    closeSession: async ({ id }) => (recorded?.closeSession(id), {}),
  };
}
