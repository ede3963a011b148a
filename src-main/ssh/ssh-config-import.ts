/**
 * `~/.ssh/config` import: one record per concrete `Host` alias with what the add-host
 * dialog shows before saving — HostName, User, Port, IdentityFile, ProxyJump. Resolution is the
 * ssh-config package's `compute`, which applies later `Host *` blocks the way OpenSSH does.
 * `Match exec` is never evaluated: importing a config file must not run commands from it.
 */
import SSHConfig from 'ssh-config';

export interface SshConfigEnv {
  homeDir: string;
  /** Local user name, for `%u` and as OpenSSH's default remote user. */
  localUser: string;
}

export interface JumpHop {
  /** The name as written in ProxyJump (may be an alias of another Host block). */
  name: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: string[];
}

export interface SshConfigHost {
  alias: string;
  hostName: string;
  user: string;
  port: number;
  identityFiles: string[];
  /** Jump hosts in connection order, already resolved through the config. */
  proxyJump: JumpHop[];
  /** Things the operator should know (an ignored Include, a bad Port, …). */
  warnings: string[];
}

const MAX_JUMP_DEPTH = 8;

export function importSshConfig(text: string, env: SshConfigEnv): SshConfigHost[] {
  const config = SSHConfig.parse(text);
  const globalWarnings = config.some(
    (line) => isDirective(line) && line.param.toLowerCase() === 'include',
  )
    ? ['Include directives are not followed; import the included files separately']
    : [];
  const hosts: SshConfigHost[] = [];
  const seen = new Set<string>();
  for (const alias of concreteAliases(config)) {
    if (seen.has(alias)) continue;
    seen.add(alias);
    const warnings = [...globalWarnings];
    const resolved = resolveHost(config, alias, env, warnings);
    const proxyJump = resolveJumps(config, resolved.proxyJump, env, warnings, 0);
    hosts.push({ alias, ...resolved.hop, proxyJump, warnings });
  }
  return hosts;
}

/** `Host` patterns that name one host: no `*`/`?` wildcards and no `!` negation. */
function concreteAliases(config: SSHConfig): string[] {
  const aliases: string[] = [];
  for (const line of config) {
    if (!isDirective(line) || line.param.toLowerCase() !== 'host') continue;
    const values =
      typeof line.value === 'string' ? line.value.split(/\s+/) : line.value.map((v) => v.val);
    for (const value of values) if (value && !/[*?!]/.test(value)) aliases.push(value);
  }
  return aliases;
}

function isDirective(line: unknown): line is { param: string; value: string | { val: string }[] } {
  return typeof line === 'object' && line !== null && 'param' in line && 'value' in line;
}

interface Resolved {
  hop: Omit<JumpHop, 'name'>;
  proxyJump: string | null;
}

function resolveHost(
  config: SSHConfig,
  name: string,
  env: SshConfigEnv,
  warnings: string[],
  override: { user?: string; port?: number } = {},
): Resolved {
  const computed = config.compute(name, { matchExec: false, ignoreCase: true });
  const single = (key: string): string | undefined => {
    const value = computed[key];
    return Array.isArray(value) ? value[0] : value;
  };
  const hostName = expandTokens(single('hostname') ?? name, {
    h: name,
    d: env.homeDir,
    u: env.localUser,
  });
  const user = override.user ?? single('user') ?? env.localUser;
  let port = override.port ?? 22;
  const rawPort = single('port');
  if (override.port === undefined && rawPort !== undefined) {
    const parsed = Number(rawPort);
    if (Number.isInteger(parsed) && parsed > 0 && parsed < 65536) port = parsed;
    else warnings.push(`${name}: Port ${rawPort} is not a port number; using 22`);
  }
  const rawFiles = computed['identityfile'];
  const files = rawFiles === undefined ? [] : Array.isArray(rawFiles) ? rawFiles : [rawFiles];
  const tokens = { h: hostName, d: env.homeDir, u: env.localUser, r: user, p: String(port) };
  const identityFiles = files
    .filter((f) => f.toLowerCase() !== 'none')
    .map((f) => expandTokens(expandTilde(f, env.homeDir), tokens));
  const jump = single('proxyjump');
  return {
    hop: { hostName, user, port, identityFiles },
    proxyJump: jump && jump.toLowerCase() !== 'none' ? jump : null,
  };
}

/** ProxyJump `[user@]host[:port],…` (also `ssh://user@host:port`), each hop resolved in turn. */
function resolveJumps(
  config: SSHConfig,
  spec: string | null,
  env: SshConfigEnv,
  warnings: string[],
  depth: number,
): JumpHop[] {
  if (spec === null) return [];
  if (depth >= MAX_JUMP_DEPTH) {
    warnings.push(`ProxyJump chain deeper than ${MAX_JUMP_DEPTH} hops (a loop?); truncated`);
    return [];
  }
  const hops: JumpHop[] = [];
  for (const item of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const parsed = parseJumpSpec(item);
    if (!parsed) {
      warnings.push(`ProxyJump entry ${item} is not [user@]host[:port]; skipped`);
      continue;
    }
    const resolved = resolveHost(config, parsed.host, env, warnings, parsed);
    // A jump host may itself sit behind another jump host (OpenSSH recurses the same way).
    hops.push(...resolveJumps(config, resolved.proxyJump, env, warnings, depth + 1));
    hops.push({ name: parsed.host, ...resolved.hop });
  }
  return hops;
}

export function parseJumpSpec(item: string): { host: string; user?: string; port?: number } | null {
  const match = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s[\]]+)(?::(\d+))?$/.exec(item);
  if (!match) return null;
  const [, user, rawHost, rawPort] = match;
  const host = rawHost!.startsWith('[') ? rawHost!.slice(1, -1) : rawHost!;
  const port = rawPort === undefined ? undefined : Number(rawPort);
  if (port !== undefined && (port < 1 || port > 65535)) return null;
  return { host, ...(user ? { user } : {}), ...(port ? { port } : {}) };
}

function expandTilde(path: string, homeDir: string): string {
  if (path === '~') return homeDir;
  return path.startsWith('~/') ? `${homeDir}/${path.slice(2)}` : path;
}

/** The ssh_config(5) TOKENS we can know here; others are left as written. */
function expandTokens(value: string, tokens: Record<string, string>): string {
  return value.replace(/%([%a-zA-Z])/g, (whole, key: string) =>
    key === '%' ? '%' : (tokens[key] ?? whole),
  );
}

/** OpenSSH's default identities, for a host whose config names none. */
export function defaultIdentityFiles(homeDir: string): string[] {
  return [
    'id_rsa',
    'id_ecdsa',
    'id_ecdsa_sk',
    'id_ed25519',
    'id_ed25519_sk',
    'id_xmss',
    'id_dsa',
  ].map((n) => `${homeDir}/.ssh/${n}`);
}
