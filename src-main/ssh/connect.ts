/**
 * Opening one authenticated ssh2 connection: TCP (or a jump host's forwarded channel), host-key
 * verification BEFORE any credential is sent, then authentication in the fixed order of auth.ts.
 * Failures come back as typed SshErrors naming what happened.
 */
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { Client as ClientType, ConnectConfig, ServerHostKeyAlgorithm } from 'ssh2';
import { createAuthSession, type SshAuthOptions } from './auth';
import { Deadline } from './deadline';
import { AuthFailedError, HostKeyChangedError, mapConnectError, SshError } from './errors';
import { decideHostKey, preferredHostKeyAlgorithms, type HostKeyDecision } from './host-key-policy';
import { EMPTY_KNOWN_HOSTS, type KnownHostsFile } from './known-hosts';
import type { TrustStore } from './trust-store';

export interface HostKeyConfirmRequest {
  host: string;
  port: number;
  keyType: string;
  /** `SHA256:…`, exactly as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** Other key types already on record for this host (worth a warning in the dialog). */
  otherKnownTypes: string[];
}

export interface HostKeyTrust {
  trustStore: TrustStore;
  /** Parsed `~/.ssh/known_hosts` (read by the caller; absent means none). */
  knownHosts?: KnownHostsFile;
  /** Asks the operator about an unknown key; true accepts and remembers it. */
  confirmHostKey(request: HostKeyConfirmRequest): Promise<boolean>;
}

/** Progress for the connection badge: connecting → verify host key → ready. */
export type SshConnectEvent =
  | { type: 'connecting'; host: string; port: number }
  | { type: 'host-key'; decision: HostKeyDecision }
  | { type: 'auth-attempt'; method: string }
  | { type: 'ready' };

export interface SshConnectOptions {
  host: string;
  /** Default 22. */
  port?: number;
  auth: SshAuthOptions;
  trust: HostKeyTrust;
  /** Network time allowed to reach "logged in"; operator think time is not counted. Default 15 s. */
  connectTimeoutMs?: number;
  /** SSH keepalive interval. Default 10 s; `keepaliveCountMax` (default 3) missed ones = dead. */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  onEvent?(event: SshConnectEvent): void;
}

export interface VerifiedHostKey {
  keyType: string;
  fingerprint: string;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;
/**
 * Connects and logs in. `onReady` runs synchronously on ssh2's 'ready' so the caller attaches its
 * own listeners before any later event can be missed.
 */
export function openClient<T>(
  options: SshConnectOptions,
  onReady: (client: ClientType, hostKey: VerifiedHostKey) => T,
  sock?: Duplex,
): Promise<T> {
  const { host, auth, trust } = options;
  const port = options.port ?? 22;
  const knownHosts = trust.knownHosts ?? EMPTY_KNOWN_HOSTS;
  const emit = (event: SshConnectEvent): void => options.onEvent?.(event);
  const client = new ssh2.Client();

  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let failure: SshError | null = null;
    let hostKey: VerifiedHostKey | null = null;

    const fail = (error: SshError): void => {
      if (settled) return;
      settled = true;
      deadline.cancel();
      reject(error);
      client.destroy();
    };
    const deadline = new Deadline(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, () =>
      fail(
        new SshError('connect-timeout', `${host}:${port} did not complete the SSH login in time`),
      ),
    );
    const session = createAuthSession(auth, {
      askOperator: (ask) => deadline.paused(ask),
      onAttempt: (method) => emit({ type: 'auth-attempt', method }),
    });

    const verifyHostKey = async (keyBlob: Buffer): Promise<boolean> => {
      const decision = decideHostKey({
        host,
        port,
        keyBlob,
        knownHosts,
        trusted: trust.trustStore.lookup(host, port),
      });
      emit({ type: 'host-key', decision });
      switch (decision.kind) {
        case 'trusted':
          hostKey = { keyType: decision.keyType, fingerprint: decision.fingerprint };
          return true;
        case 'changed':
          failure = new HostKeyChangedError(
            host,
            port,
            decision.keyType,
            decision.oldFingerprint,
            decision.newFingerprint,
            decision.source,
          );
          return false;
        case 'revoked':
          failure = new SshError(
            'host-key-revoked',
            `the ${decision.keyType} host key ${decision.fingerprint} of ${host}:${port} is marked @revoked in ${decision.source}; refusing to connect`,
          );
          return false;
        case 'refused':
          failure = new SshError('host-key-refused', decision.reason);
          return false;
        case 'unknown': {
          const request = {
            host,
            port,
            keyType: decision.keyType,
            fingerprint: decision.fingerprint,
            otherKnownTypes: decision.otherKnownTypes,
          };
          const accepted = await deadline
            .paused(() => trust.confirmHostKey(request))
            .catch(() => false);
          if (!accepted) {
            failure = new SshError(
              'host-key-rejected',
              `the ${decision.keyType} host key ${decision.fingerprint} of ${host}:${port} was not accepted`,
            );
            return false;
          }
          await trust.trustStore.accept(request);
          hostKey = { keyType: decision.keyType, fingerprint: decision.fingerprint };
          return true;
        }
      }
    };

    client.on('connect', () => client.setNoDelay(true));
    client.on('ready', () => {
      if (settled) return;
      settled = true;
      deadline.cancel();
      emit({ type: 'ready' });
      try {
        resolve(onReady(client, hostKey!));
      } catch (error) {
        client.destroy();
        reject(error);
      }
    });
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (settled) return;
      // Non-fatal while logging in: an unreachable agent or a key that could not sign; ssh2 moves on.
      if (error.level === 'agent') return;
      if (error.level === 'client-authentication' && !session.exhausted) return;
      fail(
        failure ??
          mapConnectError(
            error,
            host,
            port,
            () => new AuthFailedError(auth.username, session.tried, session.serverMethods),
          ),
      );
    });
    client.on('close', () => {
      fail(
        failure ??
          new SshError(
            'connection-lost',
            `${host}:${port} closed the connection before the login completed`,
          ),
      );
    });

    const config: ConnectConfig = {
      host,
      port,
      sock,
      username: auth.username,
      readyTimeout: 0,
      keepaliveInterval: options.keepaliveIntervalMs ?? 10_000,
      keepaliveCountMax: options.keepaliveCountMax ?? 3,
      algorithms: {
        serverHostKey: preferredHostKeyAlgorithms({
          host,
          port,
          knownHosts,
          trusted: trust.trustStore.lookup(host, port),
        }) as ServerHostKeyAlgorithm[],
      },
      hostVerifier: (keyBlob: Buffer, verify: (valid: boolean) => void) => {
        verifyHostKey(keyBlob).then(verify, (error: unknown) => {
          failure = new SshError(
            'protocol',
            `could not check the host key of ${host}:${port}: ${(error as Error).message}`,
            { cause: error },
          );
          verify(false);
        });
      },
      authHandler: (methodsLeft, partialSuccess, next) => {
        // ssh2 starts user auth only after the key exchange, which needs our verdict; checked
        // again here because sending a credential to an unverified host is the one unforgivable bug.
        if (hostKey === null) {
          failure = new SshError(
            'protocol',
            'refusing to authenticate before the host key is verified',
          );
          return next(false as never);
        }
        return session.handler(methodsLeft, partialSuccess, next);
      },
    };
    emit({ type: 'connecting', host, port });
    try {
      client.connect(config);
    } catch (error) {
      fail(
        new SshError('protocol', `cannot connect to ${host}:${port}: ${(error as Error).message}`, {
          cause: error,
        }),
      );
    }
  });
}
