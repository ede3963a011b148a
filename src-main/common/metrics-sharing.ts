import { z } from 'zod';

/**
 * The desktop app's opt-in `/metrics` for Prometheus (Settings). Off until the operator turns it
 * on; web mode and the agent serve `/metrics` themselves and do not use it.
 */
export const MetricsSharingStateSchema = z.object({
  /** False where the switch does not apply (web mode), with why and where /metrics is instead. */
  available: z.boolean(),
  unavailableReason: z.string().nullable(),
  enabled: z.boolean(),
  port: z.number().int().min(1).max(65535),
  /** Listen on every interface (for a Prometheus on another machine) instead of 127.0.0.1. */
  listenAll: z.boolean(),
  /** The file the bearer token is read from; null while off with no file of the operator's. */
  tokenFile: z.string().nullable(),
  /** True when that file is the app's own (made under the data directory when turned on). */
  ownTokenFile: z.boolean(),
  /** Where Prometheus scrapes while it runs. */
  url: z.string().nullable(),
  /** Why it is on but not serving (e.g. the port was taken at start-up). */
  error: z.string().nullable(),
  /** A token the app has just made: in the answer of the call that made it only, never again. */
  newToken: z.string().nullable(),
});
export type MetricsSharingState = z.infer<typeof MetricsSharingStateSchema>;

export const MetricsSharingRequestSchema = z
  .object({
    enabled: z.boolean(),
    port: z.number().int().min(1).max(65535).optional(),
    listenAll: z.boolean().optional(),
    /**
     * The operator's own token file (mode 0600, one token of 16 characters or more), as
     * Prometheus's `credentials_file` reads it; null: the app makes one under its data directory.
     */
    tokenFile: z.string().trim().min(1).max(4096).nullable().optional(),
  })
  .strict();
export type MetricsSharingRequest = z.infer<typeof MetricsSharingRequestSchema>;

/** Where the desktop listens unless told otherwise: the agent's port. */
export const METRICS_SHARING_DEFAULT_PORT = 9842;
