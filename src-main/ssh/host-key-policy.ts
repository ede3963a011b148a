/**
 * What to do with the host key a server presents, decided from OpenSSH's known_hosts and the
 * app's trust store before any credential leaves. Pure: no I/O.
 *
 * Order, after OpenSSH's check_host_key():
 *  1. a matching `@revoked` line for this very key → revoked (never connect);
 *  2. the key is pinned (trust store) or listed (known_hosts) for host:port → trusted;
 *  3. a different key of the same type is pinned or listed → changed (hard stop; only an explicit
 *     re-pin in the trust store resumes, so a re-pin outranks a stale known_hosts line);
 *  4. a `@cert-authority` line covers the host → refused: ssh2 cannot check host certificates, and
 *     accepting a bare key there would bypass the CA the operator configured;
 *  5. otherwise unknown: the operator decides, seeing type and fingerprint.
 */
import { hostKeyAlgorithmsFor, keyTypeOf, sha256Fingerprint } from './fingerprint';
import { findKnownHostEntries, type KnownHostsFile } from './known-hosts';
import type { TrustedHostKey } from './trust-store';

export type HostKeyDecision =
  | { kind: 'trusted'; keyType: string; fingerprint: string; source: string }
  | {
      kind: 'unknown';
      keyType: string;
      fingerprint: string;
      /** Key types already known for this host under other types (OpenSSH warns about these). */
      otherKnownTypes: string[];
    }
  | {
      kind: 'changed';
      keyType: string;
      oldFingerprint: string;
      newFingerprint: string;
      source: string;
    }
  | { kind: 'revoked'; keyType: string; fingerprint: string; source: string }
  | { kind: 'refused'; keyType: string; fingerprint: string; reason: string };

export interface HostKeyQuery {
  host: string;
  port: number;
  keyBlob: Buffer;
  knownHosts: KnownHostsFile;
  /** Trust-store records (those of other hosts or ports are ignored). */
  trusted: readonly TrustedHostKey[];
}

export function decideHostKey(query: HostKeyQuery): HostKeyDecision {
  const { host, port } = query;
  const keyType = keyTypeOf(query.keyBlob);
  const fingerprint = sha256Fingerprint(query.keyBlob);
  const entries = findKnownHostEntries(query.knownHosts, host, port);
  // The caller passes the store's records for this host; filtered again so a wider list can never
  // make one host's pin vouch for another.
  const trusted = query.trusted.filter((t) => t.host === host.toLowerCase() && t.port === port);

  const revoked = entries.find((e) => e.marker === 'revoked' && e.fingerprint === fingerprint);
  if (revoked) return { kind: 'revoked', keyType, fingerprint, source: revoked.source };

  const plain = entries.filter((e) => e.marker === null);
  const pinned = trusted.find((t) => t.keyType === keyType && t.fingerprint === fingerprint);
  if (pinned) return { kind: 'trusted', keyType, fingerprint, source: 'trust-store' };
  const listed = plain.find((e) => e.keyType === keyType && e.fingerprint === fingerprint);
  if (listed) return { kind: 'trusted', keyType, fingerprint, source: listed.source };

  const pinnedOther = trusted.find((t) => t.keyType === keyType);
  if (pinnedOther) {
    return {
      kind: 'changed',
      keyType,
      oldFingerprint: pinnedOther.fingerprint,
      newFingerprint: fingerprint,
      source: 'trust-store',
    };
  }
  const listedOther = plain.find((e) => e.keyType === keyType);
  if (listedOther) {
    return {
      kind: 'changed',
      keyType,
      oldFingerprint: listedOther.fingerprint,
      newFingerprint: fingerprint,
      source: listedOther.source,
    };
  }

  const authority = entries.find((e) => e.marker === 'cert-authority');
  if (authority) {
    return {
      kind: 'refused',
      keyType,
      fingerprint,
      reason:
        `${authority.source} says ${host}'s host key must be signed by a certificate authority, ` +
        'and host certificates are not supported; add the host key itself to known_hosts or remove that line',
    };
  }

  const otherKnownTypes = [
    ...new Set([...trusted.map((t) => t.keyType), ...plain.map((e) => e.keyType)]),
  ];
  return { kind: 'unknown', keyType, fingerprint, otherKnownTypes };
}

/** ssh2 1.17's default host key algorithm order (lib/protocol/constants.js). */
const HOST_KEY_ALGORITHMS = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/**
 * Host key algorithms to offer, most preferred first. OpenSSH orders them so a key type already
 * on record for the host is negotiated first (order_hostkeyalgs); otherwise a host with a pinned
 * RSA key would come up as "unknown" because ssh2 prefers ed25519. Types ssh2 lacks are dropped.
 */
export function preferredHostKeyAlgorithms(query: Omit<HostKeyQuery, 'keyBlob'>): string[] {
  const { host, port } = query;
  const pinned = query.trusted
    .filter((t) => t.host === host.toLowerCase() && t.port === port)
    .map((t) => t.keyType);
  const listed = findKnownHostEntries(query.knownHosts, host, port)
    .filter((e) => e.marker === null)
    .map((e) => e.keyType);
  const known = [...pinned, ...listed].flatMap(hostKeyAlgorithmsFor);
  const first = HOST_KEY_ALGORITHMS.filter((a) => known.includes(a));
  return [...first, ...HOST_KEY_ALGORITHMS.filter((a) => !first.includes(a))];
}
