import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { MemorySecretStore, type SecretStore } from '../common/secret-store';

const FILE = 'secrets.enc.json';

/**
 * Desktop secrets: encrypted with the OS keychain through Electron's safeStorage (async API) and
 * stored as ciphertext only. Where Linux offers nothing better than the `basic_text` backend (a
 * hard-coded key: no protection at all), remembering is refused and secrets stay in memory.
 */
export class SafeStorageSecretStore implements SecretStore {
  private readonly session = new MemorySecretStore();
  private cipher: Record<string, string> = {};

  private constructor(
    private readonly dataDir: string,
    readonly canPersist: boolean,
  ) {}

  static async open(dataDir: string): Promise<SafeStorageSecretStore> {
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
    const available = await safeStorage.isAsyncEncryptionAvailable();
    const store = new SafeStorageSecretStore(dataDir, available && backend !== 'basic_text');
    if (store.canPersist) {
      try {
        store.cipher = JSON.parse(await readFile(join(dataDir, FILE), 'utf8')) as Record<
          string,
          string
        >;
      } catch {
        store.cipher = {};
      }
    }
    return store;
  }

  async get(key: string): Promise<string | null> {
    const inSession = await this.session.get(key);
    if (inSession !== null || !this.canPersist) return inSession;
    const stored = this.cipher[key];
    if (!stored) return null;
    const { result } = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
    await this.session.set(key, result);
    return result;
  }

  async set(key: string, value: string, persist: boolean): Promise<void> {
    await this.session.set(key, value);
    if (!persist || !this.canPersist) return;
    this.cipher[key] = (await safeStorage.encryptStringAsync(value)).toString('base64');
    await this.save();
  }

  async forget(prefix: string): Promise<void> {
    await this.session.forget(prefix);
    const before = Object.keys(this.cipher).length;
    for (const key of Object.keys(this.cipher)) if (key.startsWith(prefix)) delete this.cipher[key];
    if (Object.keys(this.cipher).length !== before) await this.save();
  }

  private async save(): Promise<void> {
    await mkdir(this.dataDir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dataDir, `.${FILE}.${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(tmp, JSON.stringify(this.cipher), { mode: 0o600 });
    await rename(tmp, join(this.dataDir, FILE));
  }
}
