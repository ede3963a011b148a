import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { HostKeyConfirmRequest, SshConnectOptions } from './connect';
import { SshError } from './errors';
import { connectThroughJumps } from './jump';
import { OpensshFixture } from './openssh.testkit';
import type { SshShell } from './ssh-shell';
import { TrustStore } from './trust-store';

let jumpHost: OpensshFixture;
let target: OpensshFixture;
let dataDir: string;
const shells: SshShell[] = [];

beforeAll(async () => {
  [jumpHost, target] = await Promise.all([
    OpensshFixture.create({ allowTcpForwarding: true }),
    OpensshFixture.create(),
  ]);
  dataDir = await mkdtemp(join(tmpdir(), 'vslicer-ssh-jump-'));
}, 20_000);

afterEach(() => {
  for (const shell of shells.splice(0)) shell.close();
});

afterAll(async () => {
  await Promise.all([jumpHost?.dispose(), target?.dispose()]);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function hop(
  fixture: OpensshFixture,
  store: TrustStore,
  confirmHostKey: (r: HostKeyConfirmRequest) => Promise<boolean>,
): SshConnectOptions {
  return {
    host: '127.0.0.1',
    port: fixture.port,
    auth: { username: fixture.username, agentSocket: null, identityFiles: [fixture.clientKeyPath] },
    trust: { trustStore: store, confirmHostKey },
  };
}

describe('ProxyJump through a second sshd', () => {
  it('verifies each hop’s key in turn and runs commands on the target', async () => {
    const store = await TrustStore.open(join(dataDir, 'a'));
    const confirm = vi.fn(async (_r: HostKeyConfirmRequest) => true);
    const shell = await connectThroughJumps(
      [hop(jumpHost, store, confirm)],
      hop(target, store, confirm),
    );
    shells.push(shell);

    expect(confirm.mock.calls.map(([r]) => [r.port, r.fingerprint])).toEqual([
      [jumpHost.port, await jumpHost.hostKeyFingerprint()],
      [target.port, await target.hostKeyFingerprint()],
    ]);
    expect((await shell.run(['echo', 'through the jump host'])).stdout).toBe(
      'through the jump host\n',
    );
  });

  it('fails with channel-open-failed on a hop that refuses forwarding', async () => {
    const store = await TrustStore.open(join(dataDir, 'b'));
    const confirm = vi.fn(async () => true);
    // The target fixture does not allow TCP forwarding, so it cannot serve as a jump host.
    const error = (await connectThroughJumps(
      [hop(target, store, confirm)],
      hop(jumpHost, store, confirm),
    ).catch((e: unknown) => e)) as SshError;
    expect(error).toBeInstanceOf(SshError);
    expect(error.code).toBe('channel-open-failed');
  });

  it('drops the target when the jump host dies', async () => {
    const store = await TrustStore.open(join(dataDir, 'c'));
    const shell = await connectThroughJumps(
      [hop(jumpHost, store, async () => true)],
      hop(target, store, async () => true),
    );
    shells.push(shell);
    const dropped = new Promise<SshError | undefined>((r) => shell.onClose(r));
    jumpHost.kill();
    expect((await dropped)?.code).toBe('connection-lost');
    await jumpHost.restart();
  });
});
