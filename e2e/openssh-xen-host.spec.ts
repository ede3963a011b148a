import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  HostKeyChangedError,
  SshShell,
  TrustStore,
  type HostKeyConfirmRequest,
  type SshShellConnectOptions,
} from '../src-main/ssh';
import { startOpenSshXenHost, type OpenSshXenHost } from './openssh-xen-host';

// The OpenSSH Xen host itself, reached with the app's SSH transport only (no page): the UI flows
// on top of it are separate specs.
const DEMO_DOMAINS = [
  'Domain-0',
  'web-frontend',
  'voip-gw',
  'batch-worker',
  'db-report',
  'video-encode',
];

let dataDir: string;
let xenHost: OpenSshXenHost;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'vslicer-e2e-xen-host-'));
  xenHost = await startOpenSshXenHost({ dataDir });
});

test.afterAll(async () => {
  await xenHost?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function connect(
  asked: HostKeyConfirmRequest[],
  overrides: Partial<SshShellConnectOptions> = {},
): Promise<SshShell> {
  return SshShell.connect({
    host: xenHost.host,
    port: xenHost.port,
    auth: { username: xenHost.user, agentSocket: null, identityFiles: [xenHost.identityFile] },
    trust: {
      trustStore: await TrustStore.open(dataDir),
      confirmHostKey: async (request) => (asked.push(request), true),
    },
    ...overrides,
  });
}

/** Streams `xentop -b -d 1 -f` until one whole frame (header to next header) names every domain. */
function watchXentop(shell: SshShell): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const handle = shell.stream(['xentop', '-b', '-d', '1', '-f'], {
      onStdout: (chunk) => {
        text += chunk;
        const frames = text.split(/^(?=\s*NAME\s+STATE)/m).slice(0, -1);
        const full = frames.find((f) => DEMO_DOMAINS.every((d) => f.includes(d)));
        if (full) {
          handle.stop();
          resolve(full);
        }
      },
      onStderr: (chunk) => (text += chunk),
      onClose: (code, error) =>
        reject(error ?? new Error(`xentop ended (status ${code}) before a full frame:\n${text}`)),
    });
  });
}

test('first connect shows the host key; accepted, xentop streams Domain-0 and the five demo VMs', async () => {
  const asked: HostKeyConfirmRequest[] = [];
  const shell = await connect(asked);
  try {
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      host: '127.0.0.1',
      port: xenHost.port,
      keyType: 'ssh-ed25519',
      fingerprint: xenHost.hostKeyFingerprint,
    });
    const frame = await watchXentop(shell);
    for (const domain of DEMO_DOMAINS) expect(frame).toContain(domain);

    // The shims pass argv through untouched: a hostile word reaches xl as one word.
    const listing = await shell.run(['xl', 'list', 'a;b $(id)']);
    expect(listing).toEqual({
      stdout: '',
      stderr: 'a;b $(id) is an invalid domain identifier (rc=-6)\n',
      exitCode: 1,
    });
  } finally {
    shell.close();
  }
  // Remembered: the second connect asks nothing.
  const again = await connect(asked);
  again.close();
  expect(asked).toHaveLength(1);
});

test('a new host key blocks the connection; kill and start bring sshd back on the same port', async () => {
  const oldFingerprint = xenHost.hostKeyFingerprint;
  const port = xenHost.port;
  const newFingerprint = await xenHost.restartWithNewHostKey();
  expect(newFingerprint).not.toBe(oldFingerprint);
  const error = await connect([]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HostKeyChangedError);
  expect(error).toMatchObject({ oldFingerprint, newFingerprint });

  xenHost.kill();
  await xenHost.start();
  expect(xenHost.port).toBe(port);
  const wrongKey = await connect([], {
    auth: { username: xenHost.user, agentSocket: null, identityFiles: [xenHost.wrongIdentityFile] },
  }).catch((e: unknown) => e);
  // The changed key is checked first, before any credential: still a key error, not an auth one.
  expect(wrongKey).toBeInstanceOf(HostKeyChangedError);
});
