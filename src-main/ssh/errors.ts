/**
 * Typed failures of the SSH transport. Each has a stable `code` the hosts layer and the UI switch
 * on (the connection state shows the failure with its reason) and a message an operator can act on.
 */
export type SshErrorCode =
  | 'connection-refused'
  | 'connect-timeout'
  | 'host-unreachable'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'host-key-refused'
  | 'host-key-rejected'
  | 'auth-failed'
  | 'channel-open-failed'
  | 'command-timeout'
  | 'invalid-command'
  | 'connection-lost'
  | 'closed'
  | 'protocol';

export class SshError extends Error {
  override name = 'SshError';
  constructor(
    readonly code: SshErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The server presented a key other than the one on record: a hard stop, as in OpenSSH. */
export class HostKeyChangedError extends SshError {
  override name = 'HostKeyChangedError';
  constructor(
    readonly host: string,
    readonly port: number,
    readonly keyType: string,
    readonly oldFingerprint: string,
    readonly newFingerprint: string,
    /** `trust-store` or `known_hosts:<line>`: where the old key is recorded. */
    readonly source: string,
  ) {
    super(
      'host-key-changed',
      `REMOTE HOST IDENTIFICATION HAS CHANGED for ${host}:${port}. The ${keyType} key on record ` +
        `(${source}) is ${oldFingerprint}; the server presented ${newFingerprint}. Someone could be ` +
        'intercepting the connection, or the host key was replaced. Nothing was sent; polling stops ' +
        'until the new key is re-pinned explicitly.',
    );
  }
}

export class AuthFailedError extends SshError {
  override name = 'AuthFailedError';
  constructor(
    readonly username: string,
    /** Methods tried in order, e.g. `['agent', 'publickey ~/.ssh/id_ed25519', 'password']`. */
    readonly methodsTried: readonly string[],
    /** What the server said it would still accept, when it said so. */
    readonly serverMethods: readonly string[] | null,
  ) {
    const tried =
      methodsTried.length > 0 ? methodsTried.join(', ') : 'none (no credentials available)';
    const offered = serverMethods ? `; the server accepts: ${serverMethods.join(', ')}` : '';
    super('auth-failed', `authentication as ${username} failed; tried: ${tried}${offered}`);
  }
}

/** Turns what ssh2 emitted before 'ready' into a typed error naming the host. */
export function mapConnectError(
  error: Error & { level?: string; code?: string },
  host: string,
  port: number,
  authFailed: () => SshError,
): SshError {
  const where = `${host}:${port}`;
  if (error.level === 'client-authentication') return authFailed();
  if (error.level === 'client-socket') {
    if (error.code === 'ECONNREFUSED')
      return new SshError(
        'connection-refused',
        `${where} refused the connection (is sshd running on that port?)`,
        { cause: error },
      );
    if (error.code === 'ETIMEDOUT')
      return new SshError('connect-timeout', `${where} did not answer (${error.code})`, {
        cause: error,
      });
    if (['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'].includes(error.code ?? '')) {
      return new SshError('host-unreachable', `${where} cannot be reached (${error.code})`, {
        cause: error,
      });
    }
    return new SshError('connection-lost', `connection to ${where} failed: ${error.message}`, {
      cause: error,
    });
  }
  if (error.level === 'client-timeout')
    return new SshError('connect-timeout', `${where}: ${error.message}`, { cause: error });
  return new SshError('protocol', `SSH with ${where} failed: ${error.message}`, { cause: error });
}
