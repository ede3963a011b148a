import { z } from 'zod';

/**
 * Recorded sessions: everything that happened on the watched hosts, journaled to disk
 * as it arrives, listed, reopened read-only, and exported as reports.
 */
export const SessionIdSchema = z.string().regex(/^[0-9]{8}T[0-9]{6}Z-[a-f0-9]{6}$/, 'a session id');
export type SessionId = z.infer<typeof SessionIdSchema>;

/**
 * What reading a journal found damaged: lines that could not be read (where, why), bytes of a
 * torn last write, and notes (e.g. a segment killed before its header was complete). Known once the
 * session has been read (reopened or exported).
 */
export const JournalDamageSchema = z.object({
  badLines: z.number().int(),
  /** The first bad lines: segment, 1-based line, why. */
  samples: z.array(
    z.object({ segment: z.number().int(), line: z.number().int(), reason: z.string() }),
  ),
  tornBytes: z.number().int(),
  notes: z.array(z.string()),
});
export type JournalDamage = z.infer<typeof JournalDamageSchema>;

export const SessionInfoSchema = z.object({
  id: SessionIdSchema,
  name: z.string(),
  startedAt: z.number(),
  /** null while recording, or when the app died before closing it (see `interrupted`). */
  endedAt: z.number().nullable(),
  recording: z.boolean(),
  /** The process ended without closing the journal (crash, kill -9): recoverable. */
  interrupted: z.boolean(),
  /** Hosts that appear in it, by name. */
  hosts: z.array(z.string()),
  /** Records kept: on disk, or waiting in memory while recording is paused. */
  records: z.number().int(),
  bytes: z.number().int(),
  /**
   * Recording is paused because the journal cannot be written (a full disk, a vanished or
   * read-only directory): since when, why, how many records wait in memory, and how many were
   * dropped so far (written as a gap when writing resumes). null while writes land.
   */
  paused: z
    .object({
      since: z.number(),
      reason: z.string(),
      waitingRecords: z.number().int(),
      droppedRecords: z.number().int(),
    })
    .nullable()
    .default(null),
  /** Damage found the last time the journal was read; null before it was read. */
  damage: JournalDamageSchema.nullable().default(null),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const ReportFormatSchema = z.enum(['html', 'pdf', 'csv', 'json']);
export type ReportFormat = z.infer<typeof ReportFormatSchema>;

export const ExportJobSchema = z.object({
  jobId: z.string(),
  sessionId: SessionIdSchema,
  format: ReportFormatSchema,
  state: z.enum(['running', 'done', 'failed', 'cancelled']),
  /** 0–1. */
  progress: z.number(),
  /** Files written (absolute paths on the machine running the core). */
  files: z.array(z.string()),
  /** In web mode: URLs (same origin, token-protected) to download each file. */
  downloads: z.array(z.string()),
  error: z.string().nullable(),
});
export type ExportJob = z.infer<typeof ExportJobSchema>;
