import { existsSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { HostConfig } from '../common/host-config';
import { HOSTS_FILE } from '../hosts/config/host-config-store';
import { readHostsFile } from '../hosts/config/hosts-file';
import { userSshAliases } from '../hosts/config/ssh-alias';
import type { ParsedArgs } from './args';

export interface AgentHosts {
  hosts: HostConfig[];
  /** Where they came from, for the log. */
  file: string;
}

/**
 * The agent's hosts: `--hosts FILE`, else the data directory's `hosts.json` (absent: none), in
 * the format the app writes. Addresses may be ~/.ssh/config names. Any bad entry stops the agent
 * with the file and the entry named: under systemd a host quietly skipped would go unnoticed.
 * Returns an error sentence instead of hosts when the file is wrong.
 */
export async function readAgentHosts(
  flags: ParsedArgs['flags'],
  dataDir: string,
  env: { homeDir?: string; localUser?: string } = {},
): Promise<AgentHosts | string> {
  const given = flags.get('hosts');
  if (given === true) return '--hosts needs a file name.';
  const file = given ?? join(dataDir, HOSTS_FILE);
  if (given === undefined && !existsSync(file)) return { hosts: [], file };
  const homeDir = env.homeDir ?? homedir();
  const localUser = env.localUser ?? process.env.USER ?? userInfo().username;
  try {
    return { hosts: await readHostsFile(file, await userSshAliases({ homeDir, localUser })), file };
  } catch (error) {
    return `--hosts: ${(error as Error).message}`;
  }
}
