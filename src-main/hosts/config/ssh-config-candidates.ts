import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SshConfigCandidate } from '../../common/host-config';
import { importSshConfig } from '../../ssh';
import { HostRegistryError } from '../host-registry';

/** The concrete `Host` blocks of the operator's ~/.ssh/config, for the add-host dialog. */
export async function sshConfigCandidates(
  homeDir: string,
  localUser: string,
): Promise<SshConfigCandidate[]> {
  const path = join(homeDir, '.ssh/config');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new HostRegistryError('no-ssh-config', `There is no readable ${path}.`);
  }
  return importSshConfig(text, { homeDir, localUser }).map((h) => ({
    alias: h.alias,
    address: h.hostName,
    port: h.port,
    user: h.user,
    identityFiles: h.identityFiles,
    jump: h.proxyJump.map((j) => ({ address: j.hostName, port: j.port, user: j.user })),
    warnings: h.warnings,
  }));
}
