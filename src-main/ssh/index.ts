/** The SSH transport's public surface, for src-main/hosts (eslint.config.js lets it import ssh). */
export { SshShell, MAX_PROBE_CHANNELS, DEFAULT_RUN_TIMEOUT_MS } from './ssh-shell';
export type { BatchOptions, BatchOutcome, SshShellConnectOptions } from './ssh-shell';
export type {
  HostKeyConfirmRequest,
  HostKeyTrust,
  SshConnectEvent,
  SshConnectOptions,
  VerifiedHostKey,
} from './connect';
export type { KeyboardInteractiveChallenge, SshAuthOptions } from './auth';
export { connectThroughJumps } from './jump';
export { AuthFailedError, HostKeyChangedError, SshError } from './errors';
export type { SshErrorCode } from './errors';
export { TrustStore, TrustStoreError, TRUST_STORE_FILE } from './trust-store';
export type { HostKeyId, TrustedHostKey } from './trust-store';
export { EMPTY_KNOWN_HOSTS, parseKnownHosts } from './known-hosts';
export type { KnownHostEntry, KnownHostsFile, SkippedLine } from './known-hosts';
export { decideHostKey } from './host-key-policy';
export type { HostKeyDecision } from './host-key-policy';
export { sha256Fingerprint } from './fingerprint';
export { Backoff, seededRandom } from './backoff';
export type { BackoffOptions } from './backoff';
export { defaultIdentityFiles, importSshConfig } from './ssh-config-import';
export type { JumpHop, SshConfigEnv, SshConfigHost } from './ssh-config-import';
