import { describe, expect, it } from 'vitest';
import { decideHostKey, preferredHostKeyAlgorithms, type HostKeyQuery } from './host-key-policy';
import { EMPTY_KNOWN_HOSTS, parseKnownHosts } from './known-hosts';
import type { TrustedHostKey } from './trust-store';

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const FP = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';
const OTHER_FP = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const blob = Buffer.from(KEY, 'base64');
const ECDSA =
  'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBKWjl9HZ1o1Qzosy58AcWoTZwTYLLTBXWLo9sUhLf2wOgSPncdpCwo+cQCQL9uDA9/yP9EIvy1wSpnsgcnCRCFs=';

const pinned = (fingerprint: string, keyType = 'ssh-ed25519'): TrustedHostKey => ({
  host: 'xen1',
  port: 22,
  keyType,
  fingerprint,
  addedAt: '2025-01-01T00:00:00.000Z',
});

function decide(
  knownHosts: string,
  trusted: TrustedHostKey[] = [],
  overrides: Partial<HostKeyQuery> = {},
) {
  return decideHostKey({
    host: 'xen1',
    port: 22,
    keyBlob: blob,
    knownHosts: knownHosts ? parseKnownHosts(knownHosts) : EMPTY_KNOWN_HOSTS,
    trusted,
    ...overrides,
  });
}

// A different, valid ed25519 key to play the "old" key in known_hosts.
const OLD_KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIBL9Ss3A0MPXfrG9VXbN5b1F0HxULMVLXG8D7pP5zHnB';

describe('decideHostKey', () => {
  it('asks about a key it has never seen, naming other known types', () => {
    expect(decide('')).toEqual({
      kind: 'unknown',
      keyType: 'ssh-ed25519',
      fingerprint: FP,
      otherKnownTypes: [],
    });
    expect(decide('', [pinned(OTHER_FP, 'ssh-rsa')])).toMatchObject({
      kind: 'unknown',
      otherKnownTypes: ['ssh-rsa'],
    });
  });

  it('trusts a pinned key or a known_hosts key', () => {
    expect(decide('', [pinned(FP)])).toEqual({
      kind: 'trusted',
      keyType: 'ssh-ed25519',
      fingerprint: FP,
      source: 'trust-store',
    });
    expect(decide(`xen1 ssh-ed25519 ${KEY}`)).toMatchObject({
      kind: 'trusted',
      source: 'known_hosts:1',
    });
  });

  it('refuses a changed key of the same type, naming old and new', () => {
    expect(decide('', [pinned(OTHER_FP)])).toEqual({
      kind: 'changed',
      keyType: 'ssh-ed25519',
      oldFingerprint: OTHER_FP,
      newFingerprint: FP,
      source: 'trust-store',
    });
    const fromFile = decide(`xen1 ssh-ed25519 ${OLD_KEY}`);
    expect(fromFile).toMatchObject({
      kind: 'changed',
      newFingerprint: FP,
      source: 'known_hosts:1',
    });
  });

  it('lets an explicit re-pin outrank a stale known_hosts line', () => {
    expect(decide(`xen1 ssh-ed25519 ${OLD_KEY}`, [pinned(FP)])).toMatchObject({
      kind: 'trusted',
      source: 'trust-store',
    });
  });

  it('refuses a revoked key even if it is also pinned', () => {
    expect(decide(`@revoked * ssh-ed25519 ${KEY}`, [pinned(FP)])).toEqual({
      kind: 'revoked',
      keyType: 'ssh-ed25519',
      fingerprint: FP,
      source: 'known_hosts:1',
    });
    // A revoked line for another key changes nothing.
    expect(decide(`@revoked * ssh-ed25519 ${OLD_KEY}`, [pinned(FP)])).toMatchObject({
      kind: 'trusted',
    });
  });

  it('refuses a host that known_hosts puts under a certificate authority', () => {
    const decision = decide(`@cert-authority xen* ssh-ed25519 ${OLD_KEY}`);
    expect(decision.kind).toBe('refused');
    expect(decision.kind === 'refused' && decision.reason).toMatch(
      /certificate authority.*not supported/,
    );
  });

  it('keys trust by port', () => {
    expect(decide('', [pinned(FP)], { port: 2222 })).toMatchObject({ kind: 'unknown' });
  });
});

describe('preferredHostKeyAlgorithms', () => {
  it('offers the key types on record first, as OpenSSH does', () => {
    const base = { host: 'xen1', port: 22, knownHosts: EMPTY_KNOWN_HOSTS };
    expect(preferredHostKeyAlgorithms({ ...base, trusted: [] })[0]).toBe('ssh-ed25519');
    expect(
      preferredHostKeyAlgorithms({ ...base, trusted: [pinned(OTHER_FP, 'ssh-rsa')] }).slice(0, 4),
    ).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-ed25519']);
    const listed = parseKnownHosts(`xen1 ecdsa-sha2-nistp256 ${ECDSA}`);
    expect(preferredHostKeyAlgorithms({ ...base, knownHosts: listed, trusted: [] })[0]).toBe(
      'ecdsa-sha2-nistp256',
    );
  });
});
