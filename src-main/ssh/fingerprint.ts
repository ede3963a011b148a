/**
 * Host key fingerprints as OpenSSH prints them (`ssh-keygen -lf`, the "unknown host" prompt):
 * `SHA256:` followed by the unpadded base64 of the SHA-256 of the public key blob. The blob is the
 * SSH wire encoding of the key, i.e. the base64 field of a known_hosts or `.pub` line.
 */
import { createHash } from 'node:crypto';

/** `SHA256:<base64 without padding>` of a public key blob. */
export function sha256Fingerprint(keyBlob: Buffer): string {
  const digest = createHash('sha256').update(keyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

/**
 * The key type name carried inside a blob (its first SSH string), e.g. `ssh-ed25519`,
 * `ecdsa-sha2-nistp256`, `ssh-rsa`. Throws on a blob too short to hold one.
 */
export function keyTypeOf(keyBlob: Buffer): string {
  if (keyBlob.length < 4) throw new Error('public key blob is truncated');
  const length = keyBlob.readUInt32BE(0);
  if (length === 0 || length > 64 || keyBlob.length < 4 + length) {
    throw new Error('public key blob does not start with a key type name');
  }
  return keyBlob.subarray(4, 4 + length).toString('latin1');
}

/** A public key in the `type base64 [comment]` form of `.pub` files and known_hosts lines. */
export interface PublicKeyLine {
  keyType: string;
  keyBlob: Buffer;
}

/**
 * Parses `<type> <base64>` (rest of the line ignored). Checks that the base64 decodes and that
 * the type written in front agrees with the type inside the blob, as OpenSSH does.
 */
export function parsePublicKey(type: string, base64: string): PublicKeyLine {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) throw new Error('key data is not base64');
  const keyBlob = Buffer.from(base64, 'base64');
  const inner = keyTypeOf(keyBlob);
  if (inner !== type) throw new Error(`key type ${type} does not match the key data (${inner})`);
  return { keyType: type, keyBlob };
}

/**
 * The host key algorithms ssh2 may negotiate for a stored key type: an RSA key is presented as
 * `ssh-rsa` in known_hosts but signs with rsa-sha2-512/256 on the wire.
 */
export function hostKeyAlgorithmsFor(keyType: string): string[] {
  if (keyType === 'ssh-rsa') return ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];
  return [keyType];
}
