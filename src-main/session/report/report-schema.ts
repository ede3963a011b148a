import { PredictionCheckSchema } from '../../common/advice';
import { z } from 'zod';
import { VmClassSchema } from '../../common/sched';
import { JournalDamageSchema } from '../../common/session';
import { AlertKindSchema } from '../../common/alerts';

/**
 * The report of a recorded session: one schema, from which the TypeScript types,
 * the JSON export's validation and the documented JSON Schema (docs/report-schema.json) all come.
 * Raw per-sample data is not in here (the journal and the CSV export keep it); everything else is.
 */
export const REPORT_FORMAT = 'vslicer-report';
// 2: scheduling waits (per period, per comparison side, per host whether it gives them).
export const REPORT_VERSION = 2;

const ms = z.number().describe('wall-clock milliseconds since the Unix epoch');
const nullableMs = z.number().nullable();

export const LatencyStatsSchema = z.object({
  /** Echo requests sent, replies received (`count`) and lost. */
  sent: z.number().int(),
  count: z.number().int(),
  lost: z.number().int(),
  lossPct: z.number().nullable(),
  minMs: nullableMs,
  meanMs: nullableMs,
  /** Percentiles come from a log histogram with 1 % relative resolution (common/metrics/latency.ts). */
  p50Ms: nullableMs,
  p95Ms: nullableMs,
  p99Ms: nullableMs,
  maxMs: nullableMs,
});
export type LatencyStats = z.infer<typeof LatencyStatsSchema>;

export const HistogramSchema = z.object({
  bucketMs: z.number(),
  maxMs: z.number(),
  /** counts[i] holds RTTs in [i*bucketMs, (i+1)*bucketMs). */
  counts: z.array(z.number().int()),
  /** RTTs of maxMs and above. */
  overflow: z.number().int(),
});
export type Histogram = z.infer<typeof HistogramSchema>;

export const SeriesPointSchema = z.object({
  /** Middle of the bucket. */
  t: ms,
  mean: z.number(),
  min: z.number(),
  max: z.number(),
  /** The recording had a gap before this point: charts break the line here. */
  gapBefore: z.boolean(),
});
export const SeriesSchema = z.object({
  /** Width of one point's bucket; doubles as a long session is folded to at most ~1,000 points. */
  bucketMs: z.number(),
  points: z.array(SeriesPointSchema),
});
export type Series = z.infer<typeof SeriesSchema>;

/**
 * A VM's scheduling waits over a window, as the vSlicer hypervisor counts them (runnable →
 * running, per vCPU, summed over the VM's vCPUs): the sum of the readings wholly inside it.
 */
export const WaitReportSchema = z.object({
  dispatches: z.number().int(),
  waits: z.number().int(),
  meanMs: nullableMs,
  /** The bucket upper bound below which at least half / 99 % of the waits lie. */
  p50MaxMs: nullableMs,
  p99MaxMs: nullableMs,
  maxMs: nullableMs,
  /** Log2 buckets in µs: 0 = [0, 2), k = [2^k, 2^(k+1)), the last open-ended. */
  hist: z.array(z.number().int()),
  /** The time the readings cover; a reading that straddles a class switch counts on neither side. */
  coveredMs: z.number(),
});
export type WaitReport = z.infer<typeof WaitReportSchema>;

export const HostReportSchema = z.object({
  hostId: z.string(),
  name: z.string(),
  kind: z.string().nullable(),
  target: z.string().nullable(),
  profile: z.string().nullable(),
  guestPcpus: z.number().nullable(),
  xenVersion: z.string().nullable(),
  scheduler: z.string().nullable(),
  tsliceMs: z.number().nullable(),
  ratelimitUs: z.number().nullable(),
  switchable: z.boolean().nullable(),
  firstSeen: nullableMs,
  lastSeen: nullableMs,
  samples: z.number().int(),
  /** Jain's fairness index of the guests' CPU shares, per sample: 1 = all equal. */
  fairness: SeriesSchema,
  /** Readings of scheduling waits recorded, and why the host gives none (null: it does, or never said). */
  waits: z.object({ readings: z.number().int(), unavailable: z.string().nullable() }),
});
export type HostReport = z.infer<typeof HostReportSchema>;

export const PeriodSchema = z.object({
  index: z.number().int(),
  /** null until a scheduler listing or a switch told us the class. */
  vmClass: VmClassSchema.nullable(),
  microsliceMs: z.number().nullable(),
  from: ms,
  to: ms,
  cause: z.enum(['start', 'switch', 'listing']),
  switchId: z.string().nullable(),
  latency: LatencyStatsSchema,
  histogram: HistogramSchema,
  cpuShareMean: z.number().nullable(),
  samples: z.number().int(),
  /** null where the host gives no scheduling waits, or no reading lies inside the period. */
  waits: WaitReportSchema.nullable(),
});
export type Period = z.infer<typeof PeriodSchema>;

export const VmReportSchema = z.object({
  hostId: z.string(),
  name: z.string(),
  domid: z.number().int().nullable(),
  cpuShare: SeriesSchema,
  /** Mean RTT of each probe round. */
  rtt: SeriesSchema,
  periods: z.array(PeriodSchema),
  switchIds: z.array(z.string()),
});
export type VmReport = z.infer<typeof VmReportSchema>;

const ClassStateSchema = z.object({ vmClass: VmClassSchema, microsliceMs: z.number() });
export const SwitchReportSchema = z.object({
  id: z.string(),
  hostId: z.string(),
  vm: z.string(),
  domid: z.number().int(),
  from: ClassStateSchema,
  to: ClassStateSchema,
  argv: z.array(z.string()),
  command: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  startedAt: ms,
  finishedAt: nullableMs,
  hostReply: z.string(),
  exitCode: z.number().nullable(),
  readBackMs: z.number().nullable(),
  error: z.string().nullable(),
  undoOf: z.string().nullable(),
  /** Done, and the read-back microslice matches the requested one. */
  ok: z.boolean(),
});
export type SwitchReport = z.infer<typeof SwitchReportSchema>;

export const MetricsSchema = z.object({
  rttMeanMs: nullableMs,
  p50Ms: nullableMs,
  p99Ms: nullableMs,
  cpuShare: z.number().nullable(),
  replies: z.number().int(),
  lossPct: z.number().nullable(),
  /** Scheduling waits in the window (null where the host gives none). */
  waitMeanMs: nullableMs,
  waitP99MaxMs: nullableMs,
  waitMaxMs: nullableMs,
  waits: z.number().int(),
});
export type Metrics = z.infer<typeof MetricsSchema>;

/** One VM's row pair in a before/after table (the paper's Tables 1–3: configuration × metric). */
export const ComparisonRowSchema = z.object({
  vm: z.string(),
  switched: z.boolean(),
  classBefore: VmClassSchema.nullable(),
  classAfter: VmClassSchema.nullable(),
  before: MetricsSchema,
  after: MetricsSchema,
  /** (after − before) / before × 100; null when there is nothing to compare. */
  changePct: z.object({
    rttMeanMs: z.number().nullable(),
    p50Ms: z.number().nullable(),
    p99Ms: z.number().nullable(),
    cpuShare: z.number().nullable(),
    waitMeanMs: z.number().nullable(),
    waitP99MaxMs: z.number().nullable(),
  }),
});
export type ComparisonRow = z.infer<typeof ComparisonRowSchema>;

export const ComparisonSchema = z.object({
  switchId: z.string(),
  hostId: z.string(),
  vm: z.string(),
  t: ms,
  /** The windows compared: from the previous switch on the host to this one, and on to the next. */
  before: z.object({ from: ms, to: ms }),
  after: z.object({ from: ms, to: ms }),
  rows: z.array(ComparisonRowSchema),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const EventSchema = z.object({
  t: ms,
  kind: z.enum(['status', 'switch', 'note', 'listing']),
  hostId: z.string().nullable(),
  text: z.string(),
});
export type ReportEvent = z.infer<typeof EventSchema>;

export const GapSchema = z.object({
  /** Empty for a gap of the whole recording (records dropped while the journal could not be written). */
  hostId: z.string(),
  kind: z.enum(['sample-gap', 'outage', 'recording-paused']),
  from: ms,
  to: ms,
  durationMs: z.number(),
  detail: z.string(),
});
export type Gap = z.infer<typeof GapSchema>;

export const IntegritySchema = z.object({
  journalSha256: z.string().regex(/^[a-f0-9]{64}$/),
  records: z.number().int(),
  recordsByKind: z.record(z.string(), z.number().int()),
  firstT: nullableMs,
  lastT: nullableMs,
  samplesPerHost: z.array(z.object({ hostId: z.string(), samples: z.number().int() })),
  gaps: z.array(GapSchema),
  gapsTotalMs: z.number(),
  /** What reading the journal found damaged; null when the report was made without that pass. */
  damage: JournalDamageSchema.nullable(),
});
export type Integrity = z.infer<typeof IntegritySchema>;

/** One in-app alert from its raise to its clear (report/alert-report.ts collects them). */
export const AlertReportSchema = z.object({
  id: z.string(),
  hostId: z.string(),
  /** null for a host rule (host down, stream stalled, fairness). */
  vm: z.string().nullable(),
  kind: AlertKindSchema,
  raisedAt: ms,
  /** null: still raised when the session ended. */
  clearedAt: z.number().nullable(),
  durationMs: z.number().nullable(),
  /** The bound judged against, in the rule's unit (RTTs in ms; for an LSVM the planner's worst case). */
  bound: z.number().nullable(),
  valueAtRaise: z.number().nullable(),
  valueAtClear: z.number().nullable(),
  raiseMessage: z.string(),
  clearMessage: z.string().nullable(),
});
export type AlertReport = z.infer<typeof AlertReportSchema>;

export const ReportSchema = z.object({
  format: z.literal(REPORT_FORMAT),
  version: z.literal(REPORT_VERSION),
  sessionId: z.string(),
  title: z.string(),
  generatedAt: ms,
  from: nullableMs,
  to: nullableMs,
  hosts: z.array(HostReportSchema),
  vms: z.array(VmReportSchema),
  switches: z.array(SwitchReportSchema),
  comparisons: z.array(ComparisonSchema),
  /** The advisor's predictions held against the probe rounds after each switch they preceded. */
  predictions: z.array(PredictionCheckSchema),
  /** The in-app alerts, each from its raise to its clear (absent in reports made before them). */
  alerts: z.array(AlertReportSchema).default([]),
  events: z.array(EventSchema),
  /** Events beyond the log's cap (a flapping connection), counted but not listed. */
  eventsDropped: z.number().int(),
  integrity: IntegritySchema,
});
export type Report = z.infer<typeof ReportSchema>;

/** The JSON Schema committed as docs/report-schema.json (a spec checks they agree). */
export function reportJsonSchema(): string {
  const schema = z.toJSONSchema(ReportSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ title: 'vSlicer Console session report', ...schema }, null, 2)}\n`;
}
