import { z } from 'zod';
import { PredictionCheckSchema } from '../../common/advice';
import { AlertSchema } from '../../common/alerts';
import { HostSampleSchema, HostStatusSchema } from '../../common/model';
import { CapabilitiesSchema } from '../../common/profile';
import {
  ClassSwitchSchema,
  HostSchedSchema,
  LatencySampleSchema,
  SchedWaitsSchema,
} from '../../common/sched';

/**
 * One line of a session journal (NDJSON). The first line of every segment is the header; every
 * other line holds records as they arrived. A record carries its kind, the wall-clock time it was
 * written, and the payload exactly as the API published it — so a journal replays into the same
 * types the dashboard and the reports already know.
 *
 * Version 1 writes every record as one JSON object. Version 2 (because a 24-hour, 100-VM
 * journal must export in seconds) writes the two bulk kinds as compact JSON arrays, laid out as
 * COMPACT_LAYOUT says and the segment header repeats (journal/compact.ts); every other kind is
 * still one object per line. Version 3 adds xentop's network counters to the sample line, so the
 * advisor reads the same network evidence from a journal as from a live host. A reader of
 * version 3 reads versions 1 and 2 as well (their samples have no network counters).
 */
export const JOURNAL_FORMAT = 'vslicer-journal';
export const JOURNAL_VERSION = 3;

/** Version 2's sample line: without the network counters. */
const SAMPLE_FIELDS_V2 = [
  't',
  'hostId',
  'sampleT',
  'gapBefore',
  'rejected',
  'name[]',
  'state[]',
  'cpuTenths[]',
  'share[]',
  'memKiB[]',
  'maxMemKiB[]',
  'vcpus[]',
] as const;
const LATENCY_FIELDS = ['n', 't', 'hostId', 'probeT', 'vm[]', 'address[]', 'rttUs[]'] as const;

/**
 * The field order of compact lines, by journal version, declared in every segment header so that
 * a person with `jq` (or a reader of another version) knows what each position holds. A line is
 * `[kind, ...fields]`; fields ending in `[]` are columns, one entry per domain or per probe result.
 * `netKiB[]` (version 3) is xentop's NETTX(k) + NETRX(k) per domain, or null for a sample without
 * any counter.
 */
export const COMPACT_LAYOUTS = {
  2: { sample: SAMPLE_FIELDS_V2, latency: LATENCY_FIELDS },
  3: { sample: [...SAMPLE_FIELDS_V2, 'netKiB[]'], latency: LATENCY_FIELDS },
} as const;

/** The layout this version writes. */
export const COMPACT_LAYOUT = COMPACT_LAYOUTS[JOURNAL_VERSION];

export const JournalHeaderSchema = z.object({
  kind: z.literal('header'),
  format: z.literal(JOURNAL_FORMAT),
  version: z.number().int(),
  sessionId: z.string(),
  /** Segment number, from 1; a session rotates to a new segment file past a size limit. */
  segment: z.number().int().positive(),
  createdAt: z.number(),
  app: z.string(),
  /** Version 2 on: the layout of compact lines (COMPACT_LAYOUTS). */
  compact: z.record(z.string(), z.array(z.string())).optional(),
});
export type JournalHeader = z.infer<typeof JournalHeaderSchema>;

/** Facts about a host when it connected: name, kind, target, profile, CPU count. */
export const HostFactsSchema = z.object({
  hostId: z.string(),
  name: z.string(),
  kind: z.string(),
  target: z.string().nullable(),
  profile: z.string(),
  guestPcpus: z.number(),
  /** From `xl info` (absent in journals written before they were recorded). */
  xenVersion: z.string().nullable().optional(),
  scheduler: z.string().nullable().optional(),
  /** The profile's capabilities and scheduler family (absent in older journals). */
  capabilities: CapabilitiesSchema.optional(),
});

export const JournalRecordSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sample'), t: z.number(), data: HostSampleSchema }),
  z.object({ kind: z.literal('latency'), t: z.number(), data: LatencySampleSchema }),
  z.object({ kind: z.literal('switch'), t: z.number(), data: ClassSwitchSchema }),
  z.object({ kind: z.literal('status'), t: z.number(), data: HostStatusSchema }),
  z.object({ kind: z.literal('sched'), t: z.number(), data: HostSchedSchema }),
  /** A reading of scheduling waits: each VM's window since the previous one (or why none). */
  z.object({ kind: z.literal('waits'), t: z.number(), data: SchedWaitsSchema }),
  z.object({ kind: z.literal('host'), t: z.number(), data: HostFactsSchema }),
  /** The operator renamed the session, or wrote a note. */
  z.object({ kind: z.literal('note'), t: z.number(), data: z.object({ text: z.string() }) }),
  /** A switch's what-if held against the probe rounds after it (the advisor); the last per switch counts. */
  z.object({ kind: z.literal('prediction'), t: z.number(), data: PredictionCheckSchema }),
  /** An in-app alert raised or cleared (the same id from its raise to its clear). */
  z.object({ kind: z.literal('alert'), t: z.number(), data: AlertSchema }),
  /**
   * Records that never reached the disk: the journal could not be written (a full disk) for longer
   * than its buffer held, and the oldest were dropped — how many, from when to when, and why.
   */
  z.object({
    kind: z.literal('gap'),
    t: z.number(),
    data: z.object({
      from: z.number(),
      to: z.number(),
      records: z.number().int(),
      reason: z.string(),
    }),
  }),
]);
export type JournalRecord = z.infer<typeof JournalRecordSchema>;
