/**
 * The app's own record of host keys the operator accepted, beside — never inside —
 * OpenSSH's known_hosts. Keyed by host, port and key type; holds only public SHA-256
 * fingerprints, never a secret. One JSON file in the caller's data directory, written atomically
 * (temp file + fsync + rename) with mode 0600 so a crash never leaves half a trust decision.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface TrustedHostKey {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** ISO time of the accept or re-pin. */
  addedAt: string;
}

export interface HostKeyId {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

export const TRUST_STORE_FILE = 'trusted-host-keys.json';

interface FileShape {
  version: 1;
  keys: TrustedHostKey[];
}

export class TrustStoreError extends Error {
  override name = 'TrustStoreError';
}

export class TrustStore {
  private keys: TrustedHostKey[];
  /** Writes are chained so two accepts never interleave their read-modify-write. */
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly filePath: string,
    keys: TrustedHostKey[],
    private readonly now: () => Date,
  ) {
    this.keys = keys;
  }

  /** Loads `<dataDir>/trusted-host-keys.json`; a missing file is an empty store. */
  static async open(dataDir: string, options: { now?: () => Date } = {}): Promise<TrustStore> {
    const filePath = join(dataDir, TRUST_STORE_FILE);
    let text: string | null = null;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // A store we cannot read is an error, not an empty store: silently forgetting every pinned
    // key would turn each known host back into an "unknown" one the operator might click through.
    const keys = text === null ? [] : parseStore(text, filePath);
    return new TrustStore(filePath, keys, options.now ?? (() => new Date()));
  }

  lookup(host: string, port: number): readonly TrustedHostKey[] {
    const h = normalizeHost(host);
    return this.keys.filter((k) => k.host === h && k.port === port);
  }

  /** Remembers a key the operator accepted. Refuses to overwrite a different key of the same type. */
  async accept(id: HostKeyId): Promise<void> {
    const existing = this.find(id);
    if (existing?.fingerprint === id.fingerprint) return;
    if (existing) {
      throw new TrustStoreError(
        `a different ${id.keyType} key is already trusted for ${id.host}:${id.port}; re-pin it explicitly`,
      );
    }
    await this.update((keys) => [...keys, this.record(id)]);
  }

  /** The operator's explicit replacement of a changed key (OpenSSH's "remove the old line"). */
  async repin(id: HostKeyId): Promise<void> {
    await this.update((keys) => [...keys.filter((k) => !sameSlot(k, id)), this.record(id)]);
  }

  /** Drops every key of host:port, or only one key type. */
  async forget(host: string, port: number, keyType?: string): Promise<void> {
    const h = normalizeHost(host);
    await this.update((keys) =>
      keys.filter(
        (k) =>
          !(k.host === h && k.port === port && (keyType === undefined || k.keyType === keyType)),
      ),
    );
  }

  private find(id: Omit<HostKeyId, 'fingerprint'>): TrustedHostKey | undefined {
    return this.keys.find((k) => sameSlot(k, id));
  }

  private record(id: HostKeyId): TrustedHostKey {
    return {
      host: normalizeHost(id.host),
      port: id.port,
      keyType: id.keyType,
      fingerprint: id.fingerprint,
      addedAt: this.now().toISOString(),
    };
  }

  private update(change: (keys: TrustedHostKey[]) => TrustedHostKey[]): Promise<void> {
    const run = this.writing.then(async () => {
      const next = change(this.keys);
      await writeAtomically(
        this.filePath,
        JSON.stringify({ version: 1, keys: next } satisfies FileShape, null, 2),
      );
      this.keys = next;
    });
    // Keep the chain alive after a failed write; the caller still sees the failure.
    this.writing = run.catch(() => undefined);
    return run;
  }
}

function normalizeHost(host: string): string {
  return host.toLowerCase();
}

function sameSlot(k: TrustedHostKey, id: Omit<HostKeyId, 'fingerprint'>): boolean {
  return k.host === normalizeHost(id.host) && k.port === id.port && k.keyType === id.keyType;
}

function parseStore(text: string, filePath: string): TrustedHostKey[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TrustStoreError(`${filePath} is not valid JSON`);
  }
  const shape = data as Partial<FileShape> | null;
  if (!shape || shape.version !== 1 || !Array.isArray(shape.keys)) {
    throw new TrustStoreError(`${filePath} is not a version 1 trust store`);
  }
  return shape.keys.map((k, i) => {
    const ok =
      typeof k?.host === 'string' &&
      Number.isInteger(k.port) &&
      typeof k.keyType === 'string' &&
      typeof k.fingerprint === 'string' &&
      k.fingerprint.startsWith('SHA256:') &&
      typeof k.addedAt === 'string';
    if (!ok) throw new TrustStoreError(`${filePath}: entry ${i} is malformed`);
    return {
      host: normalizeHost(k.host),
      port: k.port,
      keyType: k.keyType,
      fingerprint: k.fingerprint,
      addedAt: k.addedAt,
    };
  });
}

async function writeAtomically(filePath: string, text: string): Promise<void> {
  const dir = join(filePath, '..');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = `${filePath}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, filePath);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
