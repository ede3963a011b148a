import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostConfig } from '../../common/host-config';
import { parseHostsFile } from './hosts-file';

/** The file's name in the data directory. */
export const HOSTS_FILE = 'hosts.json';
const FILE = HOSTS_FILE;

export interface LoadedHosts {
  hosts: HostConfig[];
  /** Entries that did not validate, each with why: reported, never silently dropped. */
  problems: string[];
}

/**
 * The operator's hosts on disk (`hosts.json` in the data directory), versioned, written
 * atomically (temp file + rename) so a crash never leaves half a file. Secrets never go here:
 * the schema has no field for one.
 */
export class HostConfigStore {
  constructor(private readonly dataDir: string) {}

  async load(): Promise<LoadedHosts> {
    let text: string;
    try {
      text = await readFile(join(this.dataDir, FILE), 'utf8');
    } catch {
      return { hosts: [], problems: [] };
    }
    const loaded = parseHostsFile(text, FILE);
    return {
      hosts: loaded.hosts,
      problems: loaded.unreadable
        ? loaded.problems.map((p) => `${p} It was left as it is.`)
        : loaded.problems.map((p) => `${p} (skipped)`),
    };
  }

  async save(hosts: readonly HostConfig[]): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dataDir, `.${FILE}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tmp, `${JSON.stringify({ version: 1, hosts }, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, join(this.dataDir, FILE));
  }
}

/** A new host's id: readable from its name, unique by a random tail. */
export function newHostId(name: string): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${slug || 'host'}-${randomBytes(3).toString('hex')}`;
}
