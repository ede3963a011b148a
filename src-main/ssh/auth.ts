/**
 * Client authentication in a fixed order, as Tabby's ssh2 session has it: ssh-agent, private
 * keys, password, keyboard-interactive. Built as an ssh2 `authHandler` middleware so each method
 * is prepared lazily: a passphrase or password is asked for only when its turn comes and the
 * server still accepts that method, and nothing is ever written anywhere.
 */
import { readFile } from 'node:fs/promises';
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey } from 'ssh2';

export interface KeyboardInteractiveChallenge {
  name: string;
  instructions: string;
  prompts: { prompt: string; echo: boolean }[];
}

/** Where credentials come from. Every callback may take as long as the operator needs. */
export interface SshAuthOptions {
  username: string;
  /** ssh-agent socket; undefined means `SSH_AUTH_SOCK`, null means no agent. */
  agentSocket?: string | null;
  /** Private key files, tried in order (IdentityFile); missing files are skipped. */
  identityFiles?: readonly string[];
  /** Passphrase for an encrypted key; null skips that key. Asked up to 3 times, as OpenSSH does. */
  passphrase?(keyPath: string): Promise<string | null>;
  /** Password; null skips password authentication. */
  password?(): Promise<string | null>;
  /** Answers in prompt order; null gives up on keyboard-interactive. */
  keyboardInteractive?(challenge: KeyboardInteractiveChallenge): Promise<string[] | null>;
}

export interface AuthHooks {
  /** Runs a callback that waits for the operator (the connect deadline pauses meanwhile). */
  askOperator<T>(ask: () => Promise<T>): Promise<T>;
  onAttempt(method: string): void;
}

export interface AuthSession {
  handler: AuthHandlerMiddleware;
  /** Methods attempted or skipped, in order, for the auth-failed message. */
  readonly tried: string[];
  /** True once every method was used up (ssh2 then reports a generic failure). */
  readonly exhausted: boolean;
  /** The methods the server last said it accepts, or null before its first answer. */
  readonly serverMethods: AuthenticationType[] | null;
}

const PASSPHRASE_TRIES = 3;

type Step = () => Promise<AnyAuthMethod | null>;

export function createAuthSession(options: SshAuthOptions, hooks: AuthHooks): AuthSession {
  const { username } = options;
  const session = {
    tried: [] as string[],
    exhausted: false,
    serverMethods: null as AuthenticationType[] | null,
    handler: undefined as unknown as AuthHandlerMiddleware,
  };
  const steps: { needs: AuthenticationType; run: Step }[] = [];

  const agent = options.agentSocket === undefined ? process.env.SSH_AUTH_SOCK : options.agentSocket;
  if (agent) {
    steps.push({
      needs: 'publickey',
      run: async () => attempt('agent', { type: 'agent', username, agent }),
    });
  }
  for (const keyPath of options.identityFiles ?? []) {
    steps.push({
      needs: 'publickey',
      run: async () => {
        const key = await loadKey(keyPath, options, hooks, session.tried);
        return key ? attempt(`publickey ${keyPath}`, { type: 'publickey', username, key }) : null;
      },
    });
  }
  const { password, keyboardInteractive } = options;
  if (password) {
    steps.push({
      needs: 'password',
      run: async () => {
        const secret = await hooks.askOperator(() => password());
        return secret === null
          ? null
          : attempt('password', { type: 'password', username, password: secret });
      },
    });
  }
  if (keyboardInteractive) {
    steps.push({
      needs: 'keyboard-interactive',
      run: async () =>
        attempt('keyboard-interactive', {
          type: 'keyboard-interactive',
          username,
          prompt: (name, instructions, _lang, prompts, finish) => {
            if (prompts.length === 0) return finish([]);
            const challenge = {
              name,
              instructions,
              prompts: prompts.map((p) => ({ prompt: p.prompt, echo: p.echo ?? false })),
            };
            hooks
              .askOperator(() => keyboardInteractive(challenge))
              .then(
                (answers) => finish(answers ?? []),
                () => finish([]),
              );
          },
        }),
    });
  }

  function attempt(label: string, method: AnyAuthMethod): AnyAuthMethod {
    session.tried.push(label);
    hooks.onAttempt(label);
    return method;
  }

  let next = 0;
  session.handler = (methodsLeft, _partialSuccess, callback) => {
    // ssh2 passes null before the server's first answer: every method is still possible then.
    if (methodsLeft) session.serverMethods = methodsLeft;
    void (async () => {
      while (next < steps.length) {
        const step = steps[next++]!;
        if (methodsLeft && !methodsLeft.includes(step.needs)) continue;
        const method = await step.run().catch(() => null);
        if (method) return callback(method);
      }
      session.exhausted = true;
      callback(false as unknown as AnyAuthMethod);
    })();
  };
  return session;
}

/** Reads and parses one IdentityFile, asking for its passphrase if it is encrypted. */
async function loadKey(
  keyPath: string,
  options: SshAuthOptions,
  hooks: AuthHooks,
  notes: string[],
): Promise<ParsedKey | null> {
  let data: Buffer;
  try {
    data = await readFile(keyPath);
  } catch (error) {
    // OpenSSH skips absent default identities silently; we note it for the failure message.
    notes.push(
      `publickey ${keyPath} (skipped: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
    return null;
  }
  let parsed = ssh2.utils.parseKey(data);
  if (parsed instanceof Error && /passphrase/i.test(parsed.message)) {
    const ask = options.passphrase;
    for (let i = 0; ask && i < PASSPHRASE_TRIES && parsed instanceof Error; i++) {
      const passphrase = await hooks.askOperator(() => ask(keyPath));
      if (passphrase === null) break;
      parsed = ssh2.utils.parseKey(data, passphrase);
    }
    if (parsed instanceof Error) {
      notes.push(`publickey ${keyPath} (skipped: encrypted, no valid passphrase)`);
      return null;
    }
  }
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!key || key instanceof Error || !key.isPrivateKey()) {
    notes.push(`publickey ${keyPath} (skipped: not a private key ssh2 can read)`);
    return null;
  }
  return key;
}
