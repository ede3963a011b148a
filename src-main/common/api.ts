import { z } from 'zod';
import {
  AppInfoSchema,
  HostIdSchema,
  HostSampleSchema,
  HostStatusSchema,
  HostSummarySchema,
} from './model';
import {
  CredentialPromptSchema,
  HostConfigInputSchema,
  HostConfigSchema,
  HostKeyPromptSchema,
  PromptClosedSchema,
  SshConfigCandidateSchema,
} from './host-config';
import { ProfileInfoSchema } from './profile';
import { MetricsSharingRequestSchema, MetricsSharingStateSchema } from './metrics-sharing';
import type { Result } from './result';
import {
  ClassSwitchSchema,
  HostSchedSchema,
  LatencySampleSchema,
  SchedWaitsSchema,
  MicroslicePlanSchema,
  ProbeSettingsSchema,
  ProbeTargetSchema,
} from './sched';
import {
  AlertKindSchema,
  AlertListSchema,
  AlertOverrideSchema,
  AlertSchema,
  AlertSettingsSchema,
} from './alerts';
import { AdviceSchema, PredictionCheckSchema, WhatIfSchema } from './advice';
import { ExportJobSchema, ReportFormatSchema, SessionIdSchema, SessionInfoSchema } from './session';

/**
 * The one contract between the main-process core and the renderer. Requests,
 * responses and pushed events are declared here once; the core implements `requests`
 * (src-main/api), and the renderer's client is derived from the same object, over Electron IPC or
 * WebSocket. Adding a method here is the only way to add a channel.
 */
const empty = z.object({}).strict();
const hostOnly = z.object({ hostId: HostIdSchema }).strict();
const switchReq = z
  .object({
    hostId: HostIdSchema,
    domid: z.number().int().min(0),
    /** 0 = NLSVM; 1…tslice = LSVM with that microslice. */
    microsliceMs: z.number().int().min(0).max(1000),
  })
  .strict();

export const requests = {
  getAppInfo: { req: empty, res: AppInfoSchema },
  listHosts: { req: empty, res: z.array(HostSummarySchema) },
  /** Samples kept in memory for a host, oldest first, optionally only those after `sinceMs`. */
  getHistory: {
    req: z.object({ hostId: HostIdSchema, sinceMs: z.number().optional() }).strict(),
    res: z.array(HostSampleSchema),
  },
  /** Hosts: add, edit, remove. The configuration never carries a secret. */
  addHost: { req: HostConfigInputSchema, res: HostSummarySchema },
  getHostConfig: { req: z.object({ id: HostIdSchema }).strict(), res: HostConfigSchema },
  updateHost: {
    req: z.object({ id: HostIdSchema, config: HostConfigInputSchema }).strict(),
    res: HostSummarySchema,
  },
  removeHost: { req: z.object({ id: HostIdSchema }).strict(), res: z.object({}) },
  connectHost: { req: z.object({ id: HostIdSchema }).strict(), res: z.object({}) },
  /** Manual disconnect: no automatic reconnect until connectHost. */
  disconnectHost: { req: z.object({ id: HostIdSchema }).strict(), res: z.object({}) },
  /** After `host-key-changed`: trust the key the host presents now, then reconnect. */
  repinHostKey: { req: z.object({ id: HostIdSchema }).strict(), res: z.object({}) },
  answerHostKey: {
    req: z.object({ promptId: z.string().max(64), accept: z.boolean() }).strict(),
    res: z.object({}),
  },
  answerCredential: {
    req: z
      .object({
        promptId: z.string().max(64),
        /** null = cancel (skip this method). */
        value: z.string().max(4096).nullable(),
        remember: z.boolean().default(false),
      })
      .strict(),
    res: z.object({}),
  },
  /** Concrete Host blocks of the operator's ~/.ssh/config, to pick from in the add dialog. */
  importSshConfig: { req: empty, res: z.array(SshConfigCandidateSchema) },
  /** The host profiles the core knows, the default first: what Add host offers. */
  listProfiles: { req: empty, res: z.array(ProfileInfoSchema) },

  /** vSlicer classes: the latest `xl sched-vslicer` listing, or null before the first. */
  getSched: { req: hostOnly, res: HostSchedSchema.nullable() },
  planMicroslice: {
    req: z.object({ hostId: HostIdSchema, domid: z.number().int().min(0) }).strict(),
    res: MicroslicePlanSchema,
  },
  /** The exact command a switch would run, for the operator to see first. */
  previewClassSwitch: {
    req: switchReq,
    res: z.object({ argv: z.array(z.string()), command: z.string() }),
  },
  /** Runs the switch and reads it back; resolves with the verified result or the host's error. */
  switchClass: { req: switchReq, res: ClassSwitchSchema },
  undoClassSwitch: {
    req: z.object({ switchId: z.string().max(64) }).strict(),
    res: ClassSwitchSchema,
  },
  listClassSwitches: { req: hostOnly, res: z.array(ClassSwitchSchema) },
  /** Latency probe rounds kept in memory, oldest first. */
  getLatency: {
    req: z.object({ hostId: HostIdSchema, sinceMs: z.number().optional() }).strict(),
    res: z.array(LatencySampleSchema),
  },
  /** Scheduling-wait readings kept in memory, oldest first (empty where the host has none). */
  getSchedWaits: {
    req: z.object({ hostId: HostIdSchema, sinceMs: z.number().optional() }).strict(),
    res: z.array(SchedWaitsSchema),
  },
  getProbeTargets: { req: hostOnly, res: z.array(ProbeTargetSchema) },
  /** An operator-entered address (null: go back to discovery). */
  setProbeTarget: {
    req: z
      .object({
        hostId: HostIdSchema,
        vm: z.string().max(255),
        address: z.string().max(64).nullable(),
      })
      .strict(),
    res: z.array(ProbeTargetSchema),
  },
  getProbeSettings: { req: hostOnly, res: ProbeSettingsSchema },
  setProbeSettings: {
    req: z.object({ hostId: HostIdSchema, settings: ProbeSettingsSchema }).strict(),
    res: ProbeSettingsSchema,
  },
  /**
   * The LSVM advisor: every guest's evidence over the last `windowSec` seconds (default 300) and
   * the ranking, best candidate first. It advises only; switching stays switchClass.
   */
  getAdvice: {
    req: z
      .object({ hostId: HostIdSchema, windowSec: z.number().min(10).max(3600).optional() })
      .strict(),
    res: AdviceSchema,
  },
  /** What-if: the engine runs the host as observed, as it is and with the VM an LSVM (1–4 s). */
  predictSwitch: { req: switchReq, res: WhatIfSchema },
  /** Switches made after a prediction: predicted against observed, oldest first. */
  listPredictionChecks: { req: hostOnly, res: z.array(PredictionCheckSchema) },
  /** Demo host only: make the simulation refuse class switches (to see the failure path). */
  setDemoBehaviour: { req: z.object({ rejectSwitches: z.boolean() }).strict(), res: z.object({}) },

  /** Alerts: raised now and recent raises and clears, of one host or of every host. */
  listAlerts: {
    req: z.object({ hostId: HostIdSchema.optional() }).strict(),
    res: AlertListSchema,
  },
  /** The alert rules' defaults and the operator's overrides per host and VM. */
  getAlertSettings: { req: empty, res: AlertSettingsSchema },
  /**
   * Sets the override of one rule for a host (vm null) or one of its VMs; `override` null puts
   * the defaults back. Saved in the data directory; the next evaluation judges by it.
   */
  setAlertOverride: {
    req: z
      .object({
        hostId: HostIdSchema,
        vm: z.string().min(1).max(255).nullable(),
        kind: AlertKindSchema,
        override: AlertOverrideSchema.nullable(),
      })
      .strict(),
    res: AlertSettingsSchema,
  },
  /** Settings: the desktop's opt-in /metrics for Prometheus (web mode answers `available: false`). */
  getMetricsSharing: { req: empty, res: MetricsSharingStateSchema },
  setMetricsSharing: { req: MetricsSharingRequestSchema, res: MetricsSharingStateSchema },

  /** Sessions: recorded journals on disk, newest first; interrupted ones flagged. */
  listSessions: { req: empty, res: z.array(SessionInfoSchema) },
  /** Starts a new recording (closing the current one); a session also starts with the first connection. */
  startRecording: {
    req: z.object({ name: z.string().trim().max(120).optional() }).strict(),
    res: SessionInfoSchema,
  },
  stopRecording: { req: empty, res: SessionInfoSchema.nullable() },
  renameSession: {
    req: z.object({ id: SessionIdSchema, name: z.string().trim().min(1).max(120) }).strict(),
    res: SessionInfoSchema,
  },
  deleteSession: { req: z.object({ id: SessionIdSchema }).strict(), res: z.object({}) },
  /** Starts an export; progress comes as exportProgress events; resolves with the job as started. */
  exportSession: {
    req: z.object({ id: SessionIdSchema, format: ReportFormatSchema }).strict(),
    res: ExportJobSchema,
  },
  cancelExport: { req: z.object({ jobId: z.string().max(64) }).strict(), res: z.object({}) },
  /**
   * Reopens a past session read-only: its hosts appear in the host list as recorded hosts
   * (kind 'recorded', no switching, no connection) whose history comes from the journal.
   */
  openSession: { req: z.object({ id: SessionIdSchema }).strict(), res: z.array(HostSummarySchema) },
  closeSession: { req: z.object({ id: SessionIdSchema }).strict(), res: z.object({}) },
} as const satisfies Record<string, { req: z.ZodType; res: z.ZodType }>;

export const events = {
  hostSample: HostSampleSchema,
  hostStatus: HostStatusSchema,
  /** The host list changed (added, edited, removed): the whole list. */
  hostsChanged: z.array(HostSummarySchema),
  hostKeyPrompt: HostKeyPromptSchema,
  credentialPrompt: CredentialPromptSchema,
  promptClosed: PromptClosedSchema,
  hostSched: HostSchedSchema,
  classSwitch: ClassSwitchSchema,
  latencySample: LatencySampleSchema,
  schedWaits: SchedWaitsSchema,
  probeTargets: z.object({ hostId: HostIdSchema, targets: z.array(ProbeTargetSchema) }),
  sessionsChanged: z.array(SessionInfoSchema),
  exportProgress: ExportJobSchema,
  /** A switch's prediction, as made and each time probes after the switch add to what is observed. */
  predictionCheck: PredictionCheckSchema,
  /** An alert raised or cleared (the same alert id from its raise to its clear). */
  alert: AlertSchema,
} as const satisfies Record<string, z.ZodType>;

export type ApiMethod = keyof typeof requests;
export type ApiRequest<M extends ApiMethod> = z.input<(typeof requests)[M]['req']>;
export type ApiResponse<M extends ApiMethod> = z.output<(typeof requests)[M]['res']>;
export type ApiEventName = keyof typeof events;
export type ApiEventPayload<E extends ApiEventName> = z.output<(typeof events)[E]>;

/** What the core implements: one async handler per method, given an already validated request. */
export type ApiHandlers = {
  [M in ApiMethod]: (req: z.output<(typeof requests)[M]['req']>) => Promise<ApiResponse<M>>;
};

/** What the renderer calls: the same methods, typed from the contract. */
export type ApiClient = {
  [M in ApiMethod]: (req: ApiRequest<M>) => Promise<ApiResponse<M>>;
};

export const isApiMethod = (name: unknown): name is ApiMethod =>
  typeof name === 'string' && Object.hasOwn(requests, name);
export const isApiEvent = (name: unknown): name is ApiEventName =>
  typeof name === 'string' && Object.hasOwn(events, name);

/** A pushed event, its payload typed by its name: what the core publishes (derived from `events`). */
export type ApiEvent = {
  [E in ApiEventName]: { name: E; payload: ApiEventPayload<E> };
}[ApiEventName];

/** How the core's rooms publish: an event whose payload the compiler checks against its name. */
export type Publish = (event: ApiEvent) => void;

/**
 * A pushed event as it travels (IPC payload or WebSocket message body): untrusted until the
 * client validates it against `events` (api-client.ts).
 */
export interface ApiEventEnvelope {
  name: string;
  payload: unknown;
}

/** How a client reaches the core; Electron IPC and WebSocket each implement it. */
export interface ApiTransport {
  invoke(method: ApiMethod, payload: unknown): Promise<Result<unknown>>;
  onEvent(listener: (event: ApiEventEnvelope) => void): () => void;
}
