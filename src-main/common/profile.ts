import { z } from 'zod';

/**
 * What the operator and every room of the app need to know about a host profile — the toolstack
 * and scheduler control a host speaks. The profiles themselves (argv and parsers) live in
 * src-main/xen/profiles/, one module each; the core hands these facts out (`listProfiles`,
 * `HostSummary.capabilities`) so the renderer and the session never need the modules.
 */
export const ProfileNameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a profile name: lower-case letters, digits and dashes');

export const CapabilitiesSchema = z.object({
  /** The scheduler family the profile drives, as reports name it. */
  scheduler: z.enum(['vslicer', 'credit', 'credit2']),
  /** LSVM/NLSVM classes can be switched from the console. */
  switchClasses: z.boolean(),
  /** The host reports per-VM scheduling waits (runnable → running). */
  waitStats: z.boolean(),
  /** The pool has a settable time slice (credit2 has none). */
  tslice: z.boolean(),
});
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

export const ProfileInfoSchema = z.object({
  name: ProfileNameSchema,
  /** Short, for lists and the host list. */
  label: z.string(),
  /** One sentence for the Add host dialog: what the host must run, what works. */
  help: z.string(),
  capabilities: CapabilitiesSchema,
  /** Shown wherever switching is disabled; null when it is enabled. */
  readOnlyReason: z.string().nullable(),
});
export type ProfileInfo = z.infer<typeof ProfileInfoSchema>;
