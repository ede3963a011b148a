/**
 * Reading OpenSSH's `~/.ssh/known_hosts` (sshd(8) "SSH_KNOWN_HOSTS FILE FORMAT"): each line is
 * `[@marker] hostpatterns keytype base64key [comment]`. Host patterns are a comma list with `*`/`?`
 * wildcards and `!` negation, `[host]:port` for non-22 ports, or a single hashed `|1|salt|hash`
 * (HMAC-SHA1 of the name keyed by the salt). We only read this file; what the operator accepts in
 * the app goes to the app's own trust store, so ssh's file is never rewritten behind its back.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { parsePublicKey, sha256Fingerprint } from './fingerprint';

export type KnownHostsMarker = 'revoked' | 'cert-authority';

export type HostSelector =
  { kind: 'patterns'; patterns: string[] } | { kind: 'hashed'; salt: Buffer; hash: Buffer };

export interface KnownHostEntry {
  /** Where it came from, for messages: `known_hosts:12`. */
  source: string;
  line: number;
  marker: KnownHostsMarker | null;
  hosts: HostSelector;
  keyType: string;
  keyBlob: Buffer;
  fingerprint: string;
}

export interface SkippedLine {
  line: number;
  reason: string;
}

export interface KnownHostsFile {
  entries: KnownHostEntry[];
  /** Malformed lines, each with why it was ignored (comments and blank lines are not listed). */
  skipped: SkippedLine[];
}

export const EMPTY_KNOWN_HOSTS: KnownHostsFile = { entries: [], skipped: [] };

export function parseKnownHosts(text: string, sourceName = 'known_hosts'): KnownHostsFile {
  const entries: KnownHostEntry[] = [];
  const skipped: SkippedLine[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const parsed = parseLine(trimmed);
    if (typeof parsed === 'string') {
      skipped.push({ line, reason: parsed });
      return;
    }
    entries.push({ ...parsed, source: `${sourceName}:${line}`, line });
  });
  return { entries, skipped };
}

type ParsedLine = Omit<KnownHostEntry, 'source' | 'line'>;

/** Returns the entry, or the reason the line is malformed. */
function parseLine(trimmed: string): ParsedLine | string {
  const fields = trimmed.split(/\s+/);
  let marker: KnownHostsMarker | null = null;
  if (fields[0]?.startsWith('@')) {
    const word = fields.shift();
    if (word === '@revoked') marker = 'revoked';
    else if (word === '@cert-authority') marker = 'cert-authority';
    else return `unknown marker ${word}`;
  }
  const [hostField, keyType, base64] = fields;
  if (hostField === undefined || keyType === undefined || base64 === undefined) {
    return 'expected host patterns, key type and key data';
  }
  const hosts = parseHostField(hostField);
  if (typeof hosts === 'string') return hosts;
  let key;
  try {
    key = parsePublicKey(keyType, base64);
  } catch (error) {
    return (error as Error).message;
  }
  return {
    marker,
    hosts,
    keyType,
    keyBlob: key.keyBlob,
    fingerprint: sha256Fingerprint(key.keyBlob),
  };
}

function parseHostField(field: string): HostSelector | string {
  if (field.startsWith('|')) {
    const parts = field.split('|');
    // ['', '1', salt, hash]
    if (parts.length !== 4 || parts[1] !== '1') return 'unsupported hashed host format';
    const salt = Buffer.from(parts[2] ?? '', 'base64');
    const hash = Buffer.from(parts[3] ?? '', 'base64');
    if (salt.length !== 20 || hash.length !== 20)
      return 'hashed host has a bad salt or hash length';
    return { kind: 'hashed', salt, hash };
  }
  const patterns = field.split(',').filter((p) => p !== '');
  if (patterns.length === 0) return 'empty host pattern list';
  return { kind: 'patterns', patterns };
}

/** The name OpenSSH looks up: the bare host on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

/** Shell-style glob as OpenSSH's match_pattern: `*` any run, `?` one character, case-insensitive. */
export function matchPattern(name: string, pattern: string): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is').test(name);
}

/** OpenSSH's match_pattern_list: a matching negated pattern vetoes the whole list. */
export function matchPatternList(name: string, patterns: readonly string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchPattern(name, pattern.slice(1))) return false;
    } else if (matchPattern(name, pattern)) {
      matched = true;
    }
  }
  return matched;
}

export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  if (entry.hosts.kind === 'patterns') return matchPatternList(name, entry.hosts.patterns);
  const digest = createHmac('sha1', entry.hosts.salt).update(name).digest();
  return timingSafeEqual(digest, entry.hosts.hash);
}

/** Every entry (of any marker) that applies to host:port, in file order. */
export function findKnownHostEntries(
  file: KnownHostsFile,
  host: string,
  port: number,
): KnownHostEntry[] {
  return file.entries.filter((entry) => entryMatchesHost(entry, host, port));
}

/** `|1|salt|hash` for a name, as `ssh-keygen -H` writes it; used by tests and by nobody else. */
export function hashKnownHostsName(name: string, salt: Buffer): string {
  const hash = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${hash}`;
}
