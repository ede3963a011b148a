import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseHostsFile, readHostsFile } from './hosts-file';
import { sshAliasResolver } from './ssh-alias';

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'xen-a-0a0b0c',
  name: 'xen a',
  address: '10.0.0.5',
  user: 'root',
  ...over,
});
const file = (...hosts: unknown[]) => JSON.stringify({ version: 1, hosts });

const SSH_CONFIG = `
Host xen-a
  HostName 192.0.2.10
  Port 2222
  User ops
  IdentityFile ~/.ssh/xen_ed25519
  ProxyJump bastion

Host bastion
  HostName 198.51.100.1
  User jump
`;
const aliases = sshAliasResolver(SSH_CONFIG, { homeDir: '/home/op', localUser: 'op' });

describe('hosts file', () => {
  let dir: string | null = null;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = null;
  });

  it('reads the format the app writes, with its defaults', () => {
    const { hosts, problems } = parseHostsFile(file(entry()), 'hosts.json');
    expect(problems).toEqual([]);
    expect(hosts).toEqual([
      expect.objectContaining({ id: 'xen-a-0a0b0c', address: '10.0.0.5', port: 22, jump: [] }),
    ]);
  });

  it('names the file, the entry and the field of every bad entry, and keeps the good ones', () => {
    const { hosts, problems } = parseHostsFile(
      file(entry(), entry({ id: 'b-1', name: 'bad one', address: 'a b; rm -rf /' }), 42),
      '/etc/vslicer/hosts.json',
    );
    expect(hosts.map((h) => h.id)).toEqual(['xen-a-0a0b0c']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^\/etc\/vslicer\/hosts\.json entry 2 \("bad one"\): .*address/);
    expect(problems[1]).toMatch(/^\/etc\/vslicer\/hosts\.json entry 3: /);
  });

  it('refuses two entries with one id (the id is the metrics’ host label)', () => {
    const { problems } = parseHostsFile(file(entry(), entry({ name: 'twin' })), 'f');
    expect(problems).toEqual([expect.stringMatching(/entry 2 \("twin"\).*id "xen-a-0a0b0c"/)]);
  });

  it('says what is wrong with a file that is no hosts file', () => {
    expect(parseHostsFile('{', 'f').problems[0]).toMatch(/^f is not a hosts file \(/);
    expect(parseHostsFile('{"version":2,"hosts":[]}', 'f').problems[0]).toMatch(/version/);
  });

  it('takes an ~/.ssh/config name as the address, the entry’s own fields winning', () => {
    const { hosts, problems } = parseHostsFile(
      file(
        { id: 'xen-a-1', name: 'A', address: 'xen-a' },
        { id: 'xen-a-2', name: 'A as admin', address: 'XEN-A', user: 'admin', port: 22 },
        entry(),
      ),
      'f',
      aliases,
    );
    expect(problems).toEqual([]);
    expect(hosts[0]).toMatchObject({
      address: '192.0.2.10',
      port: 2222,
      user: 'ops',
      identityFiles: ['/home/op/.ssh/xen_ed25519'],
      jump: [{ address: '198.51.100.1', port: 22, user: 'jump' }],
    });
    expect(hosts[1]).toMatchObject({ address: '192.0.2.10', port: 22, user: 'admin' });
    expect(hosts[2]).toMatchObject({ address: '10.0.0.5' });
  });

  it('says when a bad value came from ~/.ssh/config', () => {
    const bad = sshAliasResolver('Host odd\n  HostName "a b"\n', { homeDir: '/h', localUser: 'u' });
    const { problems } = parseHostsFile(file({ id: 'o-1', name: 'odd', address: 'odd' }), 'f', bad);
    expect(problems[0]).toMatch(/entry 1 \("odd"\) \(address from Host odd of ~\/\.ssh\/config\)/);
  });

  it('as a whole: a missing file or any bad entry is one error naming the file', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vslicer-hosts-file-'));
    const path = join(dir, 'hosts.json');
    await expect(readHostsFile(path)).rejects.toThrow(`${path} does not exist.`);
    await writeFile(path, file(entry(), { id: 'x-1', name: 'x' }));
    await expect(readHostsFile(path)).rejects.toThrow(
      new RegExp(`^${path.replace(/[.]/g, '\\.')} entry 2 \\("x"\\): .*address`),
    );
    await writeFile(path, file(entry()));
    expect(await readHostsFile(path)).toHaveLength(1);
  });
});
