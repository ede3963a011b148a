import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostConfigFields } from '../../common/host-config';
import type { HostId } from '../../common/model';
import type { SecretStore } from '../../common/secret-store';
import {
  connectThroughJumps,
  defaultIdentityFiles,
  EMPTY_KNOWN_HOSTS,
  HostKeyChangedError,
  parseKnownHosts,
  SshError,
  SshShell,
  TrustStore,
  type KnownHostsFile,
  type SshConnectOptions,
} from '../../ssh';
import { ConnectError, type HostConnector } from './connector';
import type { PromptBroker } from '../prompt-broker';

export interface SshConnectorDeps {
  trustStore: TrustStore;
  prompts: PromptBroker;
  secrets: SecretStore;
  homeDir: string;
}

/** Failures that retrying cannot mend: the operator has to act (OpenSSH stops here too). */
const FATAL = new Set([
  'host-key-changed',
  'host-key-revoked',
  'host-key-refused',
  'host-key-rejected',
  'auth-failed',
]);

/** The app's own store of trusted host keys, in the data directory. */
export const openTrustStore = (dataDir: string): Promise<TrustStore> => TrustStore.open(dataDir);

/** Where the key that changed belongs, so a re-pin trusts exactly that key. */
export interface PendingRepin {
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

/** Read anew on each attempt: the operator may fix ~/.ssh/known_hosts while the app runs. */
async function readKnownHosts(homeDir: string): Promise<KnownHostsFile> {
  try {
    return parseKnownHosts(
      await readFile(join(homeDir, '.ssh/known_hosts'), 'utf8'),
      '~/.ssh/known_hosts',
    );
  } catch {
    return EMPTY_KNOWN_HOSTS;
  }
}

/**
 * Reaches a configured host over SSH, the way OpenSSH would: host key first (known_hosts, then
 * the app's trust store, then the operator), then agent → keys → password → keyboard-interactive.
 * Secrets come from the secret store or the operator, never from the host configuration.
 */
export function sshConnector(
  hostId: HostId,
  config: HostConfigFields,
  deps: SshConnectorDeps,
  onKeyChange: (repin: PendingRepin) => void,
): HostConnector {
  const secretKey = (kind: string, detail: string) => `${hostId}:${kind}:${detail}`;

  const secret = async (
    key: string,
    kind: 'password' | 'passphrase' | 'keyboard-interactive',
    prompt: string,
  ) => {
    const known = await deps.secrets.get(key);
    if (known !== null) return known;
    const answer = await deps.prompts.askCredential({
      hostId,
      kind,
      prompt,
      canRemember: deps.secrets.canPersist,
    });
    if (answer.value !== null) await deps.secrets.set(key, answer.value, answer.remember);
    return answer.value;
  };

  const options = (
    address: string,
    port: number,
    user: string,
    onVerifying: () => void,
    knownHosts: KnownHostsFile,
  ): SshConnectOptions => ({
    host: address,
    port,
    connectTimeoutMs: 15_000,
    trust: {
      trustStore: deps.trustStore,
      knownHosts,
      confirmHostKey: (req) => {
        onVerifying();
        return deps.prompts.askHostKey({
          hostId,
          ...req,
          otherKnownTypes: [...req.otherKnownTypes],
        });
      },
    },
    auth: {
      username: user,
      identityFiles:
        config.identityFiles.length > 0
          ? config.identityFiles.map((f) => f.replace(/^~(?=\/)/, deps.homeDir))
          : defaultIdentityFiles(deps.homeDir),
      passphrase: (keyPath) =>
        secret(secretKey('passphrase', keyPath), 'passphrase', `Passphrase for ${keyPath}`),
      password: () =>
        secret(
          secretKey('password', `${user}@${address}:${port}`),
          'password',
          `Password for ${user}@${address}`,
        ),
      keyboardInteractive: async ({ prompts }) => {
        const answers: string[] = [];
        for (const p of prompts) {
          const value = await secret(
            secretKey('kbd', `${user}@${address}:${p.prompt}`),
            'keyboard-interactive',
            p.prompt,
          );
          if (value === null) return null;
          answers.push(value);
        }
        return answers;
      },
    },
  });

  return {
    async connect(ctx) {
      const knownHosts = await readKnownHosts(deps.homeDir);
      const hop = (a: string, p: number, u: string) =>
        options(a, p, u, ctx.onVerifying, knownHosts);
      try {
        const target = hop(config.address, config.port, config.user);
        const shell = config.jump.length
          ? await connectThroughJumps(
              config.jump.map((j) => hop(j.address, j.port, j.user)),
              target,
            )
          : await SshShell.connect(target);
        return { shell, release: () => shell.close() };
      } catch (error) {
        if (error instanceof HostKeyChangedError) {
          onKeyChange({
            host: error.host,
            port: error.port,
            keyType: error.keyType,
            fingerprint: error.newFingerprint,
          });
        }
        // A remembered secret that no longer works must not be offered again and again.
        if (error instanceof SshError && error.code === 'auth-failed')
          await deps.secrets.forget(`${hostId}:`);
        throw toConnectError(error);
      } finally {
        deps.prompts.withdraw(hostId);
      }
    },
    dispose: () => deps.prompts.withdraw(hostId),
  };
}

function toConnectError(error: unknown): ConnectError {
  if (error instanceof HostKeyChangedError) {
    const { keyType, oldFingerprint, newFingerprint } = error;
    return new ConnectError(error.code, error.message, true, {
      keyType,
      oldFingerprint,
      newFingerprint,
    });
  }
  if (error instanceof SshError)
    return new ConnectError(error.code, error.message, FATAL.has(error.code));
  return new ConnectError(
    'connect-failed',
    error instanceof Error ? error.message : String(error),
    false,
  );
}
