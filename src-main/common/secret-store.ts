/**
 * Where passwords and passphrases live once the operator typed them. Never plain text on disk:
 * the desktop app encrypts with the OS keychain (Electron safeStorage) and refuses to persist
 * where only the `basic_text` backend exists; web mode keeps them in memory for the session only.
 */
export interface SecretStore {
  /** Whether "remember" can be offered: an OS-encrypted store on disk is available. */
  readonly canPersist: boolean;
  get(key: string): Promise<string | null>;
  /** `persist` asks to keep it across restarts (honoured only when `canPersist`). */
  set(key: string, value: string, persist: boolean): Promise<void>;
  /** Forget every secret whose key starts with `prefix` (a removed host, a failed login). */
  forget(prefix: string): Promise<void>;
}

/** Session-only secrets: gone when the process ends. Web mode's store, and the tests'. */
export class MemorySecretStore implements SecretStore {
  readonly canPersist = false;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string, _persist = false): Promise<void> {
    this.values.set(key, value);
  }

  async forget(prefix: string): Promise<void> {
    for (const key of [...this.values.keys()]) if (key.startsWith(prefix)) this.values.delete(key);
  }
}
