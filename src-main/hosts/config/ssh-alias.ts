import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importSshConfig, type SshConfigEnv, type SshConfigHost } from '../../ssh';

/** A hosts-file entry, with its address resolved when it names a `Host` of ~/.ssh/config. */
export type SshAliasResolver = (raw: unknown) => { entry: unknown; alias: string | null };

/**
 * Resolves addresses written as ~/.ssh/config names, through the same import the add-host
 * dialog uses (concrete `Host` aliases only; `Match exec` never runs). The entry's own fields win
 * over the config's, as a command-line option wins over ssh_config: only what the entry leaves
 * out (port, user, identity files, jump hosts) is taken from the block. An address that is no
 * alias is left as written.
 */
export function sshAliasResolver(configText: string, env: SshConfigEnv): SshAliasResolver {
  const byAlias = new Map<string, SshConfigHost>();
  for (const h of importSshConfig(configText, env)) byAlias.set(h.alias.toLowerCase(), h);
  return (raw) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      return { entry: raw, alias: null };
    const entry = raw as Record<string, unknown>;
    const block =
      typeof entry.address === 'string' ? byAlias.get(entry.address.toLowerCase()) : undefined;
    if (!block) return { entry: raw, alias: null };
    const filled: Record<string, unknown> = {
      port: block.port,
      user: block.user,
      ...(block.identityFiles.length > 0 ? { identityFiles: block.identityFiles } : {}),
      ...(block.proxyJump.length > 0
        ? {
            jump: block.proxyJump.map((j) => ({ address: j.hostName, port: j.port, user: j.user })),
          }
        : {}),
      ...entry,
      address: block.hostName,
    };
    return { entry: filled, alias: block.alias };
  };
}

/** The resolver for the operator's own ~/.ssh/config; none when there is no readable file. */
export async function userSshAliases(env: SshConfigEnv): Promise<SshAliasResolver | undefined> {
  try {
    return sshAliasResolver(await readFile(join(env.homeDir, '.ssh/config'), 'utf8'), env);
  } catch {
    return undefined;
  }
}
