import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hostKeyAlgorithmsFor, keyTypeOf, parsePublicKey, sha256Fingerprint } from './fingerprint';

// A real ed25519 public key line and the fingerprint `ssh-keygen -lf` prints for it.
const ED25519 = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';

describe('fingerprints', () => {
  it('formats SHA256:<unpadded base64> of the key blob', () => {
    const blob = Buffer.from(ED25519, 'base64');
    const expected = createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
    expect(sha256Fingerprint(blob)).toBe(`SHA256:${expected}`);
    expect(sha256Fingerprint(blob)).not.toContain('=');
    // What `ssh-keygen -lf` prints for this key.
    expect(sha256Fingerprint(blob)).toBe('SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU');
  });

  it('reads the key type from the blob and checks it against the written type', () => {
    expect(keyTypeOf(Buffer.from(ED25519, 'base64'))).toBe('ssh-ed25519');
    expect(parsePublicKey('ssh-ed25519', ED25519).keyType).toBe('ssh-ed25519');
    expect(() => parsePublicKey('ssh-rsa', ED25519)).toThrow(/does not match/);
    expect(() => parsePublicKey('ssh-ed25519', 'not base64!')).toThrow(/base64/);
    expect(() => keyTypeOf(Buffer.from([0, 0]))).toThrow(/truncated/);
    expect(() => keyTypeOf(Buffer.from([0, 0, 0, 200, 1]))).toThrow();
  });

  it('maps a stored RSA key to the algorithms that negotiate it', () => {
    expect(hostKeyAlgorithmsFor('ssh-rsa')).toEqual(['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa']);
    expect(hostKeyAlgorithmsFor('ssh-ed25519')).toEqual(['ssh-ed25519']);
  });
});
