import type { ApiHandlers } from '../common/api';
import type { ExportJob, ReportFormat } from '../common/session';
import type { SessionManager } from '../session/session-manager';
import { CoreError } from './dispatch';
import type { RecordedSessions } from './open-session';

/** Sessions in the API: the list/start/stop/rename/delete/export/open calls. */
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

export function sessionHandlers(
  sessions: SessionManager | null,
  exports: ExportJobsLike | null,
  recorded: RecordedSessions | null = null,
): SessionHandlers {
  const manager = () => {
    if (!sessions) {
      throw new CoreError(
        'no-data-dir',
        'Sessions are not recorded: this app runs without a data directory.',
      );
    }
    return sessions;
  };
  const jobs = () => {
    if (!exports)
      throw new CoreError(
        'no-data-dir',
        'Reports need recorded sessions: this app runs without a data directory.',
      );
    return exports;
  };
  return {
    listSessions: async () => sessions?.list() ?? [],
    startRecording: async ({ name }) => manager().start(name),
    stopRecording: async () => manager().stop(),
    renameSession: async ({ id, name }) => manager().rename(id, name),
    deleteSession: async ({ id }) => (await manager().delete(id), {}),
    exportSession: async ({ id, format }) => {
      if (
        !manager()
          .list()
          .some((s) => s.id === id)
      ) {
        throw new CoreError('unknown-session', `No session with id "${id}".`);
      }
      return jobs().start(id, format);
    },
    cancelExport: async ({ jobId }) => {
      if (!jobs().cancel(jobId))
        throw new CoreError('unknown-job', `No running export with id "${jobId}".`);
      return {};
    },
    openSession: async ({ id }) => {
      manager();
      if (!recorded)
        throw new CoreError(
          'no-data-dir',
          'Sessions are not recorded: this app runs without a data directory.',
        );
      if (!sessions?.list().some((s) => s.id === id))
        throw new CoreError('unknown-session', `No session with id "${id}".`);
      return recorded.openSession(id);
    },
    closeSession: async ({ id }) => (recorded?.closeSession(id), {}),
  };
}
