import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TRUST_STORE_FILE, TrustStore, TrustStoreError } from './trust-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vslicer-trust-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const key = (
  fingerprint: string,
  overrides: Partial<{ host: string; port: number; keyType: string }> = {},
) => ({
  host: 'Xen1.example.com',
  port: 22,
  keyType: 'ssh-ed25519',
  fingerprint,
  ...overrides,
});
const now = () => new Date('2025-03-01T12:00:00.000Z');

describe('TrustStore', () => {
  it('starts empty, remembers accepted keys by host, port and type, and survives a reopen', async () => {
    const store = await TrustStore.open(join(dir, 'nested'), { now });
    expect(store.lookup('xen1.example.com', 22)).toEqual([]);
    await store.accept(key('SHA256:one'));
    await store.accept(key('SHA256:rsa', { keyType: 'ssh-rsa' }));
    await store.accept(key('SHA256:other-port', { port: 2222 }));
    await store.accept(key('SHA256:one')); // idempotent

    const reopened = await TrustStore.open(join(dir, 'nested'));
    expect(reopened.lookup('XEN1.example.com', 22)).toEqual([
      {
        host: 'xen1.example.com',
        port: 22,
        keyType: 'ssh-ed25519',
        fingerprint: 'SHA256:one',
        addedAt: '2025-03-01T12:00:00.000Z',
      },
      {
        host: 'xen1.example.com',
        port: 22,
        keyType: 'ssh-rsa',
        fingerprint: 'SHA256:rsa',
        addedAt: '2025-03-01T12:00:00.000Z',
      },
    ]);
    expect(reopened.lookup('xen1.example.com', 2222)).toHaveLength(1);
  });

  it('writes mode 0600 atomically, leaving no temp files', async () => {
    const store = await TrustStore.open(dir);
    await Promise.all([
      store.accept(key('SHA256:a')),
      store.accept(key('SHA256:b', { host: 'xen2' })),
      store.accept(key('SHA256:c', { host: 'xen3' })),
    ]);
    expect((await stat(join(dir, TRUST_STORE_FILE))).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual([TRUST_STORE_FILE]);
    const saved = JSON.parse(await readFile(join(dir, TRUST_STORE_FILE), 'utf8'));
    expect(saved.version).toBe(1);
    expect(saved.keys).toHaveLength(3);
  });

  it('will not silently replace a key: that takes an explicit re-pin', async () => {
    const store = await TrustStore.open(dir);
    await store.accept(key('SHA256:old'));
    await expect(store.accept(key('SHA256:new'))).rejects.toBeInstanceOf(TrustStoreError);
    await store.repin(key('SHA256:new'));
    expect(store.lookup('xen1.example.com', 22).map((k) => k.fingerprint)).toEqual(['SHA256:new']);
  });

  it('forgets one type or every key of a host', async () => {
    const store = await TrustStore.open(dir);
    await store.accept(key('SHA256:ed'));
    await store.accept(key('SHA256:rsa', { keyType: 'ssh-rsa' }));
    await store.forget('xen1.example.com', 22, 'ssh-rsa');
    expect(store.lookup('xen1.example.com', 22).map((k) => k.keyType)).toEqual(['ssh-ed25519']);
    await store.forget('XEN1.example.com', 22);
    expect(store.lookup('xen1.example.com', 22)).toEqual([]);
  });

  it('refuses to treat a corrupt store as empty', async () => {
    await writeFile(join(dir, TRUST_STORE_FILE), '{ not json');
    await expect(TrustStore.open(dir)).rejects.toThrow(/not valid JSON/);
    await writeFile(
      join(dir, TRUST_STORE_FILE),
      JSON.stringify({ version: 1, keys: [{ host: 'x' }] }),
    );
    await expect(TrustStore.open(dir)).rejects.toThrow(/entry 0 is malformed/);
  });
});
