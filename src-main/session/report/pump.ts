import { recordsIn, type JournalItem } from '../journal/columns';
import type { ReportMeta } from './report-model';

/**
 * Drives a stream of journal records through an exporter while keeping the app responsive: it
 * yields to the event loop every ~10 ms (so IPC, the dashboard's streams and a Cancel click get
 * through), checks for cancellation there, and reports how many records went by.
 */
export class ExportCancelled extends Error {
  constructor() {
    super('export cancelled');
    this.name = 'ExportCancelled';
  }
}

export interface PumpControl {
  signal?: AbortSignal;
  /**
   * Records processed so far (a compact line's columns count as the records they stand for, so
   * the count compares with SessionInfo.records); called at every yield (about every 10 ms).
   */
  onProgress?(processed: number): void;
}

const SLICE_MS = 10;
const CHECK_EVERY = 256;

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ExportCancelled();
}

/**
 * Records one by one, or in batches as the journal reader yields them: a 24-hour journal is
 * millions of records, and an async iteration step per record costs seconds. From a journal the
 * items are JournalReader.items' — compact lines as their columns (journal/columns.ts).
 */
export type RecordStream =
  AsyncIterable<JournalItem | readonly JournalItem[]> | Iterable<JournalItem>;

/** Returns the number of records that went by. */
export async function pump(
  records: RecordStream,
  visit: (r: JournalItem) => void | Promise<void> | undefined,
  ctl: PumpControl = {},
): Promise<number> {
  let n = 0;
  let seen = 0;
  let sliceStart = performance.now();
  throwIfCancelled(ctl.signal);
  for await (const item of records) {
    for (const r of isBatch(item) ? item : [item]) {
      // Only an `await` that is needed: one per record would cost a microtask tick each.
      const pending = visit(r);
      if (pending) await pending;
      n += recordsIn(r);
      if (++seen % CHECK_EVERY === 0 && performance.now() - sliceStart > SLICE_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        throwIfCancelled(ctl.signal);
        ctl.onProgress?.(n);
        sliceStart = performance.now();
      }
    }
  }
  ctl.onProgress?.(n);
  return n;
}

// An item is never an array: records and column items are objects.
const isBatch = (x: JournalItem | readonly JournalItem[]): x is readonly JournalItem[] =>
  Array.isArray(x);

/** What every exporter takes: the records, the report's identity, its directory, the job's control. */
export interface ExportInput {
  records: RecordStream;
  /** A function when the journal's hash is known only after the records were read. */
  meta: ReportMeta | (() => Promise<ReportMeta>);
  dir: string;
  control?: PumpControl;
}

export async function resolveMeta(meta: ExportInput['meta']): Promise<ReportMeta> {
  return typeof meta === 'function' ? meta() : meta;
}
