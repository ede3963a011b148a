import {
  HostConfigInputSchema,
  type HostConfig,
  type HostConfigInput,
  type JumpHost,
  type SshConfigCandidate,
} from '@common/host-config';

/**
 * The add/edit host form as the operator types it (strings), and its conversion to the API's
 * HostConfigInput. Validation is the contract's own zod schema, so the dialog refuses exactly
 * what the core would refuse; only the wording of zod's generic messages is ours.
 */
export interface HostForm {
  name: string;
  address: string;
  /** `<input type="number">` hands Vue a number, or '' when empty. */
  port: number | string;
  user: string;
  auth: 'agent' | 'key' | 'password';
  /** One path per line. */
  identityFiles: string;
  /** A profile's name, from the core's list (`listProfiles`). */
  profile: string;
  /** ProxyJump syntax: `user@host:port` hops, nearest first, separated by commas. */
  jump: string;
  group: string;
  /** Words before every command, e.g. `sudo -n`. */
  commandPrefix: string;
}

export type HostFormField = keyof HostForm;
export type HostFormErrors = Partial<Record<HostFormField, string>>;

export const emptyForm = (): HostForm => ({
  name: '',
  address: '',
  port: 22,
  user: '',
  auth: 'agent',
  identityFiles: '',
  profile: 'vslicer',
  jump: '',
  group: '',
  commandPrefix: '',
});

const formatHop = (h: { user: string; address: string; port: number }): string =>
  `${h.user ? `${h.user}@` : ''}${h.address.includes(':') ? `[${h.address}]` : h.address}${h.port === 22 ? '' : `:${h.port}`}`;

export const formatJumpChain = (
  hops: ReadonlyArray<{ user: string; address: string; port: number }>,
): string => hops.map(formatHop).join(', ');

export function formFromConfig(c: HostConfig): HostForm {
  return {
    name: c.name,
    address: c.address,
    port: c.port,
    user: c.user,
    auth: c.auth,
    identityFiles: c.identityFiles.join('\n'),
    profile: c.profile,
    jump: formatJumpChain(c.jump),
    group: c.group,
    commandPrefix: c.commandPrefix.join(' '),
  };
}

/** Fills the connection fields from a ~/.ssh/config block; profile, group and prefix stay. */
export function formFromCandidate(c: SshConfigCandidate, current: HostForm): HostForm {
  return {
    ...current,
    name: current.name.trim() || c.alias,
    address: c.address,
    port: c.port,
    user: c.user,
    auth: c.identityFiles.length > 0 ? 'key' : 'agent',
    identityFiles: c.identityFiles.join('\n'),
    jump: formatJumpChain(c.jump),
  };
}

/** `user@host:port`, `host`, `[v6::addr]:port`; a hop without a user takes the host's user. */
export function parseJumpChain(text: string, defaultUser: string): JumpHost[] | string {
  const hops: JumpHost[] = [];
  for (const [i, raw] of text
    .split(',')
    .map((s) => s.trim())
    .entries()) {
    if (raw === '') continue;
    const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d+))?$/.exec(raw);
    if (!m) return `hop ${i + 1}: write it as user@host:port`;
    const address = m[2]!.replace(/^\[|\]$/g, '');
    hops.push({ user: m[1] ?? defaultUser, address, port: m[3] ? Number(m[3]) : 22 });
  }
  return hops;
}

const toPort = (v: number | string): number =>
  typeof v === 'number' ? v : /^\s*\d+\s*$/.test(v) ? Number(v) : Number.NaN;

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** Our wording where the schema gives none of its own (zod 4: a schema's message wins). */
const FALLBACK: Record<string, string> = {
  name: 'a name is needed (up to 80 characters)',
  address: 'up to 253 letters, digits, dots, dashes and colons',
  port: 'a port from 1 to 65535',
  user: 'a user name is needed (up to 64 characters)',
  identityFiles: 'at most 16 key files, one per line',
  jump: 'at most 8 hops',
  group: 'up to 80 characters',
  commandPrefix: 'at most 4 words of letters, digits and _ . / = -',
};

/** The same for one field of a ProxyJump hop (`jump.<n>.<field>`). */
const HOP_FALLBACK: Record<string, string> = {
  address: FALLBACK.address!,
  port: FALLBACK.port!,
  user: 'a user name of letters, digits, dots, dashes and underscores',
};

export type FormResult =
  { ok: true; config: HostConfigInput } | { ok: false; errors: HostFormErrors };

export function validateHostForm(form: HostForm): FormResult {
  const jump = parseJumpChain(form.jump, form.user.trim());
  if (typeof jump === 'string') return { ok: false, errors: { jump } };
  const config = {
    name: form.name,
    address: form.address.trim(),
    port: toPort(form.port),
    user: form.user.trim(),
    auth: form.auth,
    // Key files matter only for key authentication; the form keeps them if the operator switches back.
    identityFiles: form.auth === 'key' ? lines(form.identityFiles) : [],
    profile: form.profile,
    jump,
    group: form.group,
    commandPrefix: form.commandPrefix.split(/\s+/).filter(Boolean),
  };
  const parsed = HostConfigInputSchema.safeParse(config, {
    error: (issue) => {
      const [field, , hopField] = issue.path ?? [];
      return field === 'jump' && hopField !== undefined
        ? HOP_FALLBACK[String(hopField)]
        : FALLBACK[String(field)];
    },
  });
  if (parsed.success) return { ok: true, config: parsed.data };
  const errors: HostFormErrors = {};
  for (const issue of parsed.error.issues) {
    const [field, index] = issue.path;
    const key = String(field) as HostFormField;
    const where = key === 'jump' && typeof index === 'number' ? `hop ${index + 1}: ` : '';
    errors[key] ??= where + issue.message;
  }
  return { ok: false, errors };
}
