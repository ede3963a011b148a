import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpensshFixture } from '../ssh/openssh.testkit';

const MAIN = resolve(__dirname, 'main.ts');
const TOKEN = 'agent-host-keys-token-0123456789';

interface Agent {
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
  kill(): void;
}

/** `vslicer agent ARGS` as a process with its own HOME (~/.ssh/config, known_hosts) and data dir. */
function startAgent(dir: string, args: string[]): Agent {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'agent', ...args], {
    env: {
      ...process.env,
      HOME: join(dir, 'home'),
      VSLICER_DATA_DIR: join(dir, 'data'),
      SSH_AUTH_SOCK: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const agent: Agent = {
    stdout: '',
    stderr: '',
    exited: new Promise((done) => child.on('exit', (code) => done(code))),
    kill: () => void child.kill('SIGTERM'),
  };
  child.stdout.on('data', (d: Buffer) => (agent.stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (agent.stderr += d.toString()));
  return agent;
}

async function until<T>(what: string, read: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The agent against Debian's real sshd on loopback: nobody is there to answer a host-key prompt,
 * so a key not on record is refused, logged and counted, and so is a key that changed.
 */
describe('vslicer agent and host keys', () => {
  let dir: string;
  let unknown: OpensshFixture;
  let changed: OpensshFixture;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vslicer-agent-keys-'));
    [unknown, changed] = await Promise.all([OpensshFixture.create(), OpensshFixture.create()]);
    await mkdir(join(dir, 'home/.ssh'), { recursive: true, mode: 0o700 });
    // The changed host's key is on record, then the server comes back with another one.
    await writeFile(join(dir, 'home/.ssh/known_hosts'), `${changed.knownHostsLine()}\n`);
    await changed.restart({ newHostKey: true });
    // Both hosts are reached by ~/.ssh/config names, as an operator's hosts file may say.
    const block = (alias: string, f: OpensshFixture) =>
      `Host ${alias}\n  HostName 127.0.0.1\n  Port ${f.port}\n  User ${f.username}\n  IdentityFile ${f.clientKeyPath}\n`;
    await writeFile(
      join(dir, 'home/.ssh/config'),
      block('xen-unknown', unknown) + block('xen-changed', changed),
    );
    await writeFile(join(dir, 'metrics.token'), `${TOKEN}\n`, { mode: 0o600 });
  }, 60_000);

  /** A hosts file in the format the app writes. */
  const writeHosts = async (name: string, hosts: object[]) => {
    const path = join(dir, name);
    await writeFile(path, JSON.stringify({ version: 1, hosts }));
    return path;
  };

  afterAll(async () => {
    await Promise.all([unknown?.dispose(), changed?.dispose()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses, logs and counts an unknown key and a changed key, once each', async () => {
    const hostsFile = await writeHosts('hosts.json', [
      { id: 'unknown-key', name: 'Unknown key', address: 'xen-unknown', auth: 'key' },
      { id: 'changed-key', name: 'Changed key', address: 'xen-changed', auth: 'key' },
    ]);
    const agent = startAgent(dir, [
      '--hosts',
      hostsFile,
      '--metrics-listen',
      '127.0.0.1:0',
      '--metrics-token-file',
      join(dir, 'metrics.token'),
    ]);
    try {
      const url = await until('the metrics URL', async () => {
        const m = /Metrics for Prometheus at (\S+) /.exec(agent.stdout);
        return m ? m[1]! : null;
      });
      const refusals = async () => {
        const text = await (
          await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } })
        ).text();
        const count = (host: string, reason: string) =>
          Number(
            new RegExp(
              `^vslicer_host_key_refusals_total\\{host="${host}",reason="${reason}"\\} (\\d+)$`,
              'm',
            ).exec(text)?.[1] ?? NaN,
          );
        return {
          unknown: count('unknown-key', 'unknown'),
          changed: count('changed-key', 'changed'),
          others: count('unknown-key', 'changed') + count('changed-key', 'unknown'),
        };
      };
      const counted = await until('both refusals counted', async () => {
        const r = await refusals();
        return r.unknown >= 1 && r.changed >= 1 ? r : null;
      });
      expect(counted).toEqual({ unknown: 1, changed: 1, others: 0 });
      // Refusals are final: no retry counts them again.
      await new Promise((r) => setTimeout(r, 2_000));
      expect(await refusals()).toEqual(counted);

      const [unknownKey, changedKey] = await Promise.all([
        unknown.hostKeyFingerprint(),
        changed.hostKeyFingerprint(),
      ]);
      expect(agent.stderr).toContain(`watching 2 host(s) from ${hostsFile}`);
      expect(agent.stderr).toMatch(
        new RegExp(
          `\\[unknown-key\\] host key refused: \\S+ ${escape(unknownKey)} of 127\\.0\\.0\\.1:${unknown.port} is not in known_hosts`,
        ),
      );
      expect(agent.stderr).toMatch(
        new RegExp(
          `\\[changed-key\\] host key refused: the \\S+ key changed from \\S+ to ${escape(changedKey)}`,
        ),
      );
    } finally {
      agent.kill();
    }
    expect(await agent.exited).toBe(0);
  }, 60_000);

  it('does not start on a bad hosts file, naming the file and the entry', async () => {
    const hostsFile = await writeHosts('bad-hosts.json', [
      { id: 'ok-1', name: 'fine', address: 'xen-unknown' },
      { id: 'x', name: 'broken' },
    ]);
    const agent = startAgent(dir, ['--hosts', hostsFile, '--metrics-listen', '127.0.0.1:0']);
    expect(await agent.exited).toBe(2);
    expect(agent.stderr).toMatch(
      new RegExp(`^vslicer agent: --hosts: ${escape(hostsFile)} entry 2 \\("broken"\\): .*address`),
    );
    expect(agent.stdout).toBe('');
  }, 30_000);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
