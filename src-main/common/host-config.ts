import { z } from 'zod';
import { HostIdSchema } from './model';
import { ProfileNameSchema } from './profile';

/**
 * A host as the operator configured it. This is what persists across restarts (hosts.json in
 * the data directory) and what the add/edit dialog edits. It never holds a secret: passwords and
 * passphrases are asked for when needed and, on the desktop only, kept encrypted by the OS.
 */

export const AuthMethodSchema = z.enum(['agent', 'key', 'password']);

/** A DNS name, IPv4 or IPv6 address: no spaces, no shell or URL punctuation. */
const HostAddressSchema = z
  .string()
  .min(1, 'an address is needed')
  .max(253)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, dots, dashes and colons only');

export const JumpHostSchema = z.object({
  address: HostAddressSchema,
  port: z.number().int().min(1).max(65535).default(22),
  user: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, 'a plain user name'),
});
export type JumpHost = z.infer<typeof JumpHostSchema>;

export const HostConfigInputSchema = z
  .object({
    name: z.string().trim().min(1, 'a name is needed').max(80),
    address: HostAddressSchema,
    port: z.number().int().min(1).max(65535).default(22),
    user: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9._-]+$/, 'a plain user name'),
    auth: AuthMethodSchema.default('agent'),
    /** Private key files to offer, in order (absolute paths, or ~/…). */
    identityFiles: z.array(z.string().min(1).max(4096)).max(16).default([]),
    /** A host profile's name (the core knows the list: `listProfiles`). */
    profile: ProfileNameSchema.default('vslicer'),
    /** ProxyJump hops, nearest first. */
    jump: z.array(JumpHostSchema).max(8).default([]),
    /** Overview grouping, e.g. a rack or a site. */
    group: z.string().trim().max(80).default(''),
    /** Words before every command, e.g. ["sudo", "-n"]. */
    commandPrefix: z
      .array(z.string().regex(/^[A-Za-z0-9_./=-]+$/))
      .max(4)
      .default([]),
  })
  .strict();
export type HostConfigInput = z.input<typeof HostConfigInputSchema>;
export type HostConfigFields = z.output<typeof HostConfigInputSchema>;

export const HostConfigSchema = HostConfigInputSchema.extend({ id: HostIdSchema });
export type HostConfig = z.output<typeof HostConfigSchema>;

/** A `Host` block of ~/.ssh/config, shown to the operator before it is saved as a host. */
export const SshConfigCandidateSchema = z.object({
  alias: z.string(),
  address: z.string(),
  port: z.number(),
  user: z.string(),
  identityFiles: z.array(z.string()),
  jump: z.array(z.object({ address: z.string(), port: z.number(), user: z.string() })),
  warnings: z.array(z.string()),
});
export type SshConfigCandidate = z.infer<typeof SshConfigCandidateSchema>;

/** The operator is asked to trust a host key seen for the first time (before any credential). */
export const HostKeyPromptSchema = z.object({
  promptId: z.string(),
  hostId: HostIdSchema,
  host: z.string(),
  port: z.number(),
  keyType: z.string(),
  /** OpenSSH style: `SHA256:` + base64 without padding. */
  fingerprint: z.string(),
  /** Key types already trusted for this host (a new type deserves a second look). */
  otherKnownTypes: z.array(z.string()),
});
export type HostKeyPrompt = z.infer<typeof HostKeyPromptSchema>;

export const CredentialPromptSchema = z.object({
  promptId: z.string(),
  hostId: HostIdSchema,
  kind: z.enum(['password', 'passphrase', 'keyboard-interactive']),
  /** What to show: the key file for a passphrase, the server's prompt text otherwise. */
  prompt: z.string(),
  /** Whether "remember" is offered: only where the OS can encrypt secrets (desktop). */
  canRemember: z.boolean(),
});
export type CredentialPrompt = z.infer<typeof CredentialPromptSchema>;

/** A prompt was answered or withdrawn (e.g. the connection attempt ended). */
export const PromptClosedSchema = z.object({ promptId: z.string() });
