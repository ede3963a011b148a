import { Refusal } from '../common/refusal';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  SessionIdSchema,
  type JournalDamage,
  type SessionId,
  type SessionInfo,
} from '../common/session';
import { JournalReader } from './journal/reader';
import type { JournalRecord } from './journal/record';
import { JournalWriter } from './journal/writer';
import { PRIVATE_DIR } from './private-files';
import { loadSessionDir, writeMeta, writeMetaSync, type Meta } from './session-meta';

/**
 * Recorded sessions on disk: `<dataDir>/sessions/<id>/` holds `meta.json`
 * (session-meta.ts) and the journal segments. At most one session
 * records at a time. A session left without `endedAt` and not recording now was cut short by a
 * crash or kill: it is listed as interrupted and reads back up to its last flushed second.
 *
 * Auto-start: the first record starts a session when none is recording (the issue: "a session
 * also starts with the first connection"), until the operator stops recording by hand; after
 * that only an explicit start records again, or stopping would be undone by the next sample.
 */
export type SessionErrorCode = 'unknown-session' | 'recording';
export class SessionError extends Refusal {
  override name = 'SessionError';
  declare readonly code: SessionErrorCode;

  constructor(code: SessionErrorCode, message: string) {
    super(code, message);
  }
}

export interface SessionManagerOptions {
  app?: string;
  segmentBytes?: number;
  flushIntervalMs?: number;
  now?: () => number;
  /** The list changed (start, stop, rename, delete, a new host in the recording). */
  onChange?: (sessions: SessionInfo[]) => void;
  /** Records every new session begins with (the hosts and listings already known), so it stands alone. */
  prelude?: () => JournalRecord[];
  onError?: (error: Error) => void;
}

interface Entry {
  id: SessionId;
  dir: string;
  meta: Meta;
  records: number;
  bytes: number;
  /** Meta writes run one after another, each writing the latest meta. */
  metaQueue: Promise<void>;
  /** Bumped by every meta write; a write commits only if none came after it. */
  metaVersion: number;
  /** What the last full read of the journal found damaged. */
  damage?: JournalDamage;
}

interface Recording {
  entry: Entry;
  writer: JournalWriter;
  hostNames: Map<string, string>;
}

export class SessionManager {
  private current: Recording | null = null;
  private autoStart = true;
  private readonly now: () => number;

  private constructor(
    private readonly root: string,
    private readonly entries: Map<SessionId, Entry>,
    private readonly opts: SessionManagerOptions,
  ) {
    this.now = opts.now ?? Date.now;
  }

  static async open(dataDir: string, opts: SessionManagerOptions = {}): Promise<SessionManager> {
    const root = join(dataDir, 'sessions');
    await mkdir(root, { recursive: true, mode: PRIVATE_DIR });
    const entries = new Map<SessionId, Entry>();
    for (const id of await readdir(root)) {
      if (!SessionIdSchema.safeParse(id).success) continue;
      const dir = join(root, id);
      entries.set(id, {
        id,
        dir,
        ...(await loadSessionDir(id, dir)),
        metaQueue: Promise.resolve(),
        metaVersion: 0,
      });
    }
    return new SessionManager(root, entries, opts);
  }

  /** What a full read of a session's journal found damaged (a reopen, an export), for the list. */
  noteDamage(id: SessionId, damage: JournalDamage): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.damage = damage;
    this.changed();
  }

  /** Newest first. */
  list(): SessionInfo[] {
    return [...this.entries.values()]
      .sort((a, b) => b.meta.startedAt - a.meta.startedAt || b.id.localeCompare(a.id))
      .map((e) => this.info(e));
  }

  get recordingId(): SessionId | null {
    return this.current?.entry.id ?? null;
  }

  /** Starts a new session, closing the one recording (if any). */
  async start(name?: string): Promise<SessionInfo> {
    this.autoStart = true;
    const previous = this.current;
    const entry = this.begin(name);
    if (previous) await this.finish(previous);
    await entry.metaQueue;
    this.changed();
    return this.info(entry);
  }

  /** Closes the recording session; null when none was recording. */
  async stop(): Promise<SessionInfo | null> {
    this.autoStart = false;
    const cur = this.current;
    if (!cur) return null;
    this.current = null;
    await this.finish(cur);
    this.changed();
    return this.info(cur.entry);
  }

  /** Appends to the recording session (starting one if auto-start is on); returns at once. */
  record(rec: JournalRecord): void {
    if (!this.current) {
      if (!this.autoStart) return;
      this.begin(undefined);
      this.changed();
    }
    const cur = this.current!;
    cur.writer.append(rec);
    const hostId = 'hostId' in rec.data ? rec.data.hostId : null;
    if (hostId === null) return;
    const name = rec.kind === 'host' ? rec.data.name : (cur.hostNames.get(hostId) ?? hostId);
    if (cur.hostNames.get(hostId) === name) return;
    cur.hostNames.set(hostId, name);
    cur.entry.meta.hosts = [...new Set(cur.hostNames.values())];
    // Not awaited: a failed write (disk full, the directory removed) is reported, never left unhandled.
    void this.saveMeta(cur.entry).catch((error: Error) => this.opts.onError?.(error));
    this.changed();
  }

  async rename(id: SessionId, name: string): Promise<SessionInfo> {
    const entry = this.entry(id);
    entry.meta.name = name;
    if (this.current?.entry === entry) {
      this.current.writer.append({
        kind: 'note',
        t: this.now(),
        data: { text: `Renamed to "${name}".` },
      });
    }
    await this.saveMeta(entry);
    this.changed();
    return this.info(entry);
  }

  async delete(id: SessionId): Promise<void> {
    const entry = this.entry(id);
    if (this.current?.entry === entry) {
      throw new SessionError('recording', 'This session is recording: stop it before deleting it.');
    }
    await entry.metaQueue;
    this.entries.delete(id);
    // A recursive rm fails with ENOTEMPTY if a file lands in the directory meanwhile (seen once in
    // CI-like load); retrying is the documented remedy and deleting twice is harmless.
    await rm(entry.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    this.changed();
  }

  /** A reader over the session's journal; for the recording one, after flushing what is buffered. */
  async reader(id: SessionId): Promise<JournalReader> {
    const entry = this.entry(id);
    if (this.current?.entry === entry) await this.current.writer.flush();
    return JournalReader.open(entry.dir);
  }

  /** Closes the recording session cleanly (endedAt set), keeping auto-start as it was. */
  async close(): Promise<void> {
    const cur = this.current;
    this.current = null;
    if (cur) await this.finish(cur);
  }

  /** The same, synchronously, for shutdown paths that cannot wait (see JournalWriter.closeSync). */
  closeSync(): void {
    const cur = this.current;
    this.current = null;
    if (!cur) return;
    cur.writer.closeSync();
    Object.assign(cur.entry.meta, {
      endedAt: this.now(),
      records: cur.writer.records,
      bytes: cur.writer.bytes,
    });
    // An asynchronous write still in flight holds older content: it must not land after this one.
    cur.entry.metaVersion++;
    try {
      writeMetaSync(cur.entry.dir, cur.entry.meta);
    } catch (error) {
      // Shutdown goes on: the journal says what it holds even without its meta.json.
      this.opts.onError?.(
        new Error(
          `the session's meta.json could not be written at shutdown: ${(error as Error).message}`,
        ),
      );
    }
  }

  private begin(name: string | undefined): Entry {
    const startedAt = this.now();
    const id = newSessionId(startedAt);
    const dir = join(this.root, id);
    const meta: Meta = {
      name: name || defaultName(startedAt),
      startedAt,
      endedAt: null,
      hosts: [],
    };
    const entry: Entry = {
      id,
      dir,
      meta,
      records: 0,
      bytes: 0,
      metaQueue: mkdir(dir, { recursive: true, mode: PRIVATE_DIR }).then(() => {}),
      metaVersion: 0,
    };
    const writer = new JournalWriter({
      dir,
      sessionId: id,
      app: this.opts.app ?? 'vslicer-console',
      segmentBytes: this.opts.segmentBytes,
      flushIntervalMs: this.opts.flushIntervalMs,
      now: this.now,
      onError: this.opts.onError,
      onPause: (p) => {
        this.opts.onError?.(
          new Error(
            `recording paused: ${pauseWords(p.reason)}; what arrives is kept in memory and written when the disk takes it again`,
          ),
        );
        this.changed();
      },
      onResume: (r) => {
        const lost =
          r.droppedRecords > 0
            ? `, ${r.droppedRecords} records were dropped (the journal marks the gap)`
            : ', nothing was lost';
        this.opts.onError?.(
          new Error(`recording resumed after ${Math.round(r.pausedMs / 1000)} s${lost}`),
        );
        this.changed();
      },
    });
    this.entries.set(id, entry);
    this.current = { entry, writer, hostNames: new Map() };
    void this.saveMeta(entry).catch((error: Error) => this.opts.onError?.(error));
    for (const rec of this.opts.prelude?.() ?? []) this.record(rec);
    return entry;
  }

  private async finish(cur: Recording): Promise<void> {
    // Closing is not a crash: the session ends now, even while its last bytes are being written,
    // so a list taken meanwhile never shows it as interrupted.
    cur.entry.meta.endedAt ??= this.now();
    try {
      await cur.writer.close();
    } finally {
      Object.assign(cur.entry.meta, { records: cur.writer.records, bytes: cur.writer.bytes });
      Object.assign(cur.entry, { records: cur.writer.records, bytes: cur.writer.bytes });
      await this.saveMeta(cur.entry);
    }
  }

  private saveMeta(entry: Entry): Promise<void> {
    const version = ++entry.metaVersion;
    entry.metaQueue = entry.metaQueue
      .catch(() => {})
      .then(() => writeMeta(entry.dir, entry.meta, () => entry.metaVersion === version));
    return entry.metaQueue;
  }

  private entry(id: SessionId): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new SessionError('unknown-session', `No session with id "${id}".`);
    return entry;
  }

  private info(e: Entry): SessionInfo {
    const recording = this.current?.entry === e;
    const writer = recording ? this.current!.writer : null;
    return {
      id: e.id,
      name: e.meta.name,
      startedAt: e.meta.startedAt,
      endedAt: e.meta.endedAt,
      recording,
      interrupted: e.meta.endedAt === null && !recording,
      hosts: [...e.meta.hosts],
      records: writer?.records ?? e.records,
      bytes: writer?.bytes ?? e.bytes,
      damage: e.damage ?? null,
      paused:
        writer?.paused != null
          ? {
              since: writer.paused.since,
              reason: pauseWords(writer.paused.reason),
              waitingRecords: writer.records - writer.recordsOnDisk,
              droppedRecords: writer.droppedRecords,
            }
          : null,
    };
  }

  private changed(): void {
    this.opts.onChange?.(this.list());
  }
}

/** A write error as an operator reads it: what it means first, the system's words after. */
export function pauseWords(reason: string): string {
  if (/ENOSPC|no space/i.test(reason)) return `disk full (${reason})`;
  if (/EROFS|read-only/i.test(reason)) return `the data directory is read-only (${reason})`;
  if (/ENOENT/i.test(reason)) return `the session directory is gone (${reason})`;
  if (/EACCES|EPERM/i.test(reason)) return `no permission to write the journal (${reason})`;
  if (/EDQUOT/i.test(reason)) return `disk quota exceeded (${reason})`;
  return reason;
}

/** `20240501T140312Z-3fa9c1`: sorts by start time, unique without coordination. */
export function newSessionId(t: number): SessionId {
  const iso = new Date(t).toISOString(); // 2024-05-01T14:03:12.345Z
  return `${iso.slice(0, 10).replaceAll('-', '')}T${iso.slice(11, 19).replaceAll(':', '')}Z-${randomBytes(3).toString('hex')}`;
}

const defaultName = (t: number) =>
  `Session ${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
