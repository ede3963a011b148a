import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { HostConfigSchema, type HostConfig } from '../../common/host-config';

const FILE = 'hosts.json';
const FileSchema = z.object({ version: z.literal(1), hosts: z.array(z.unknown()) });

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
    let file: z.infer<typeof FileSchema>;
    try {
      file = FileSchema.parse(JSON.parse(text));
    } catch (error) {
      return {
        hosts: [],
        problems: [
          `${FILE} is unreadable (${(error as Error).message.slice(0, 200)}); it was left as it is.`,
        ],
      };
    }
    const hosts: HostConfig[] = [];
    const problems: string[] = [];
    file.hosts.forEach((raw, i) => {
      const parsed = HostConfigSchema.safeParse(raw);
      if (parsed.success) hosts.push(parsed.data);
      else problems.push(`${FILE} entry ${i + 1} skipped: ${z.prettifyError(parsed.error)}`);
    });
    return { hosts, problems };
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
