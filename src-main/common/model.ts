import { z } from 'zod';
import { CapabilitiesSchema } from './profile';
import { SessionIdSchema } from './session';

/**
 * The domain model the renderer sees: what the dashboard shows, in plain numbers with their units
 * in the field names.
 */

/** A host the app watches: the built-in demo host or a Xen dom0 reached over SSH. */
export const HostIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'host id: lowercase letters, digits and dashes');
export type HostId = z.infer<typeof HostIdSchema>;

export const ConnectionStateSchema = z.enum([
  'connecting',
  /** Waiting for the operator to trust the host key (first connection). */
  'verifying',
  'ready',
  'reconnecting',
  'failed',
  'disconnected',
]);
export type ConnectionState = z.infer<typeof ConnectionStateSchema>;

export const HostStatusSchema = z.object({
  hostId: HostIdSchema,
  state: ConnectionStateSchema,
  /** What the operator should know about this state, e.g. the reason a host failed. */
  message: z.string().nullable(),
  /** Wall-clock ms of the last state change. */
  since: z.number(),
  /** `reconnecting`: wall-clock ms of the next attempt, so the UI can count down. */
  retryAt: z.number().nullable().default(null),
  /** `failed`: a stable code, e.g. `host-key-changed`, `auth-failed`, `connection-refused`. */
  errorCode: z.string().nullable().default(null),
  /** `host-key-changed`: what was pinned and what the host presented now. */
  keyChange: z
    .object({ keyType: z.string(), oldFingerprint: z.string(), newFingerprint: z.string() })
    .nullable()
    .default(null),
});
export type HostStatus = z.infer<typeof HostStatusSchema>;

export const HostSummarySchema = z.object({
  id: HostIdSchema,
  name: z.string(),
  /** `recorded`: a host of a reopened session, read-only, answered from its journal. */
  kind: z.enum(['demo', 'ssh', 'recorded']),
  /** `user@address:port` for SSH hosts; null for the demo host. */
  target: z.string().nullable().default(null),
  profile: z.string().default('vslicer'),
  /** What the host's profile can do (switch classes, wait statistics) and its scheduler family. */
  capabilities: CapabilitiesSchema,
  group: z.string().default(''),
  /** pCPUs the guests share; the denominator of a VM's CPU share. */
  guestPcpus: z.number().int().positive(),
  /** From `xl info` once connected (`xen_version`, `xen_scheduler`); null before or if unreadable. */
  xenVersion: z.string().nullable().default(null),
  scheduler: z.string().nullable().default(null),
  status: HostStatusSchema,
  /** A recorded host (kind `recorded`): the session it was reopened from, to close or export it by. */
  sessionId: SessionIdSchema.optional(),
  /**
   * The host's periodic commands (scheduler listing, probe rounds): runs, and ticks skipped
   * because the previous run had not finished — a host too slow for its cadence shows here.
   */
  polls: z
    .array(
      z.object({
        action: z.string(),
        intervalMs: z.number(),
        runs: z.number().int(),
        skips: z.number().int(),
        lastMs: z.number().nullable(),
      }),
    )
    .default([]),
});
export type HostSummary = z.infer<typeof HostSummarySchema>;

export const DomainSampleSchema = z.object({
  /** As xentop prints it (up to 10 bytes without -f); the only key xentop has. */
  name: z.string(),
  /** xentop's STATE column, e.g. `--b---`. */
  state: z.string(),
  /** CPU % of one pCPU over the last interval; null on the first frame (xentop prints 0.0 there). */
  cpuPct: z.number().nullable(),
  /** Share of the guests' pCPUs, 0–1; null for Domain-0, which runs on its own core. */
  share: z.number().nullable(),
  memKiB: z.number(),
  /** null when xentop prints `no limit`. */
  maxMemKiB: z.number().nullable(),
  vcpus: z.number().int(),
  /**
   * xentop's NETTX(k) + NETRX(k): KiB the domain's interfaces moved since it started (a counter);
   * absent where the host printed none, and in journals written before version 3, which did not
   * keep it.
   */
  netKiB: z.number().optional(),
});
export type DomainSample = z.infer<typeof DomainSampleSchema>;

export const HostSampleSchema = z.object({
  hostId: HostIdSchema,
  /** Wall-clock ms when the frame arrived. */
  t: z.number(),
  domains: z.array(DomainSampleSchema),
  /** Rows of the frame the parser rejected, with why; the good rows are still in `domains`. */
  rejected: z.array(z.string()),
  /** First sample after an outage: charts break the line here, never interpolate across. */
  gapBefore: z.boolean().default(false),
});
export type HostSample = z.infer<typeof HostSampleSchema>;

export const AppInfoSchema = z.object({
  version: z.string(),
  mode: z.enum(['electron', 'web', 'agent']),
  defaultHostId: HostIdSchema,
  /** Why nothing is recorded (the data directory cannot be written), or null. */
  dataProblem: z.string().nullable().default(null),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** The domain every Xen host has; it runs on its own core in the paper's setup. */
export const DOM0_NAME = 'Domain-0';
