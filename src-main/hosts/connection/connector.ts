import type { HostShell } from '../../common/host-shell';

/** What a connection attempt tells the connection state while it runs. */
export interface ConnectContext {
  /** The operator is being asked to trust a host key: the badge says "Verify host key". */
  onVerifying(): void;
}

/** A live transport, and how to let go of it when the connection is torn down. */
export interface Connected {
  shell: HostShell;
  release(): void;
}

/**
 * How a host is reached: over SSH (connects anew after every drop) or the built-in demo host
 * (always there). HostConnection drives either the same way.
 */
export interface HostConnector {
  connect(ctx: ConnectContext): Promise<Connected>;
  /** The app is quitting or the host was removed. */
  dispose(): void;
}

/**
 * A failed attempt, classified. `fatal` failures (a changed or refused host key, failed auth)
 * are not retried: retrying cannot help, and for a changed key OpenSSH refuses too.
 */
export class ConnectError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly fatal: boolean,
    readonly keyChange: {
      keyType: string;
      oldFingerprint: string;
      newFingerprint: string;
    } | null = null,
  ) {
    super(message);
    this.name = 'ConnectError';
  }
}

/** The demo host's shell never drops; tearing a connection down only stops its stream. */
export function alwaysConnected(shell: HostShell): HostConnector {
  return {
    connect: async () => ({ shell, release: () => {} }),
    dispose: () => shell.close(),
  };
}

/** A recorded host never connects: its data is a journal, and it is read-only. */
export const neverConnects: HostConnector = {
  connect: async () => {
    throw new ConnectError(
      'read-only',
      'This host belongs to a recorded session: it is read-only.',
      true,
    );
  },
  dispose: () => {},
};
