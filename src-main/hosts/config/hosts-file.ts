import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { HostConfigSchema, type HostConfig } from '../../common/host-config';
import type { SshAliasResolver } from './ssh-alias';

/** `hosts.json` as the app writes it: `{ "version": 1, "hosts": [ … ] }`. */
const FileSchema = z.object({ version: z.literal(1), hosts: z.array(z.unknown()) });

export interface ParsedHostsFile {
  hosts: HostConfig[];
  /** Entries that did not validate, each with why: reported, never silently dropped. */
  problems: string[];
  /** The file as a whole could not be read as a hosts file (then `hosts` is empty). */
  unreadable: boolean;
}

/**
 * The hosts of one hosts file's text, each entry validated on its own so one bad entry does not
 * hide the others. `name` is how messages call the file. With `aliases`, an entry whose address is
 * a `Host` of ~/.ssh/config gets that block's HostName, and its Port, User, IdentityFile and
 * ProxyJump where the entry does not say them itself (as `ssh ALIAS` would).
 */
export function parseHostsFile(
  text: string,
  name: string,
  aliases?: SshAliasResolver,
): ParsedHostsFile {
  let file: z.infer<typeof FileSchema>;
  try {
    file = FileSchema.parse(JSON.parse(text));
  } catch (error) {
    const why = error instanceof z.ZodError ? z.prettifyError(error) : (error as Error).message;
    return {
      hosts: [],
      problems: [`${name} is not a hosts file (${why.slice(0, 300)}).`],
      unreadable: true,
    };
  }
  const hosts: HostConfig[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  file.hosts.forEach((raw, i) => {
    const resolved = aliases ? aliases(raw) : { entry: raw, alias: null };
    const parsed = HostConfigSchema.safeParse(resolved.entry);
    const label = `${name} entry ${i + 1}${entryName(raw)}`;
    const via = resolved.alias ? ` (address from Host ${resolved.alias} of ~/.ssh/config)` : '';
    if (!parsed.success) {
      problems.push(`${label}${via}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
    } else if (ids.has(parsed.data.id)) {
      problems.push(`${label}: the id "${parsed.data.id}" is used by an earlier entry.`);
    } else {
      ids.add(parsed.data.id);
      hosts.push(parsed.data);
    }
  });
  return { hosts, problems, unreadable: false };
}

function entryName(raw: unknown): string {
  if (typeof raw !== 'object' || raw === null) return '';
  const name = (raw as { name?: unknown }).name;
  return typeof name === 'string' ? ` ("${name.slice(0, 80)}")` : '';
}

export class HostsFileError extends Error {
  override name = 'HostsFileError';
}

/**
 * A hosts file that must be right as a whole (the headless agent: nobody is there to notice a
 * host quietly skipped). A missing file, bad JSON or any bad entry is one error naming the file
 * and every bad entry.
 */
export async function readHostsFile(
  path: string,
  aliases?: SshAliasResolver,
): Promise<HostConfig[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HostsFileError(
      code === 'ENOENT' ? `${path} does not exist.` : `${path} cannot be read (${code ?? error}).`,
    );
  }
  const { hosts, problems } = parseHostsFile(text, path, aliases);
  if (problems.length > 0) throw new HostsFileError(problems.join('\n'));
  return hosts;
}
