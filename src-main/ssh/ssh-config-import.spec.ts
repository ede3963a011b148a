import { describe, expect, it } from 'vitest';
import { defaultIdentityFiles, importSshConfig, parseJumpSpec } from './ssh-config-import';

const env = { homeDir: '/home/ops', localUser: 'ops' };

describe('importSshConfig', () => {
  it('returns one record per concrete Host alias with Host * defaults applied', () => {
    const text = `
# dom0s
Host xen1 xen1-alias
  HostName 10.0.0.5
  User root
  Port 2222
  IdentityFile ~/.ssh/xen_ed25519

host xen2
  hostname %h.lab.example.com
  identityfile ~/.ssh/id_%r_%h

Host bastion
  HostName bastion.example.com
  User jump

Host inner
  HostName 192.168.1.10
  ProxyJump bastion,admin@relay.example.com:2200

Host *.example.com !secret.example.com
  User nobody

Host *
  IdentityFile ~/.ssh/id_ed25519
  User fallback
`;
    const hosts = importSshConfig(text, env);
    expect(hosts.map((h) => h.alias)).toEqual(['xen1', 'xen1-alias', 'xen2', 'bastion', 'inner']);
    expect(hosts[0]).toEqual({
      alias: 'xen1',
      hostName: '10.0.0.5',
      user: 'root',
      port: 2222,
      identityFiles: ['/home/ops/.ssh/xen_ed25519', '/home/ops/.ssh/id_ed25519'],
      proxyJump: [],
      warnings: [],
    });
    expect(hosts[2]).toMatchObject({
      hostName: 'xen2.lab.example.com',
      user: 'fallback',
      port: 22,
      identityFiles: [
        '/home/ops/.ssh/id_fallback_xen2.lab.example.com',
        '/home/ops/.ssh/id_ed25519',
      ],
    });
    expect(hosts[4]!.proxyJump).toEqual([
      {
        name: 'bastion',
        hostName: 'bastion.example.com',
        user: 'jump',
        port: 22,
        identityFiles: ['/home/ops/.ssh/id_ed25519'],
      },
      {
        name: 'relay.example.com',
        hostName: 'relay.example.com',
        user: 'admin',
        port: 2200,
        identityFiles: ['/home/ops/.ssh/id_ed25519'],
      },
    ]);
  });

  it('never runs Match exec and notes ignored Include lines and bad ports', () => {
    const text = `Include ~/.ssh/conf.d/*
Host web
  Port notaport
Match host web exec "touch /tmp/vslicer-pwned"
  User mallory
`;
    const [web] = importSshConfig(text, env);
    expect(web).toMatchObject({ alias: 'web', hostName: 'web', user: 'ops', port: 22 });
    expect(web!.warnings).toEqual([
      'Include directives are not followed; import the included files separately',
      'web: Port notaport is not a port number; using 22',
    ]);
  });

  it('follows jump hosts that sit behind jump hosts, and stops on a loop', () => {
    const text = `Host a
  ProxyJump b
Host b
  ProxyJump c
Host c
  HostName c.example.com
Host loop
  ProxyJump loop
`;
    const hosts = importSshConfig(text, env);
    expect(hosts.find((h) => h.alias === 'a')!.proxyJump.map((h) => h.name)).toEqual(['c', 'b']);
    const loop = hosts.find((h) => h.alias === 'loop')!;
    expect(loop.warnings.some((w) => w.includes('truncated'))).toBe(true);
    expect(hosts.find((h) => h.alias === 'c')!.proxyJump).toEqual([]);
  });
});

describe('parseJumpSpec', () => {
  it('reads [user@]host[:port], bracketed IPv6 and ssh:// URLs', () => {
    expect(parseJumpSpec('host')).toEqual({ host: 'host' });
    expect(parseJumpSpec('me@host:2200')).toEqual({ host: 'host', user: 'me', port: 2200 });
    expect(parseJumpSpec('[::1]:22')).toEqual({ host: '::1', port: 22 });
    expect(parseJumpSpec('ssh://me@host:2')).toEqual({ host: 'host', user: 'me', port: 2 });
    expect(parseJumpSpec('host:99999')).toBeNull();
    expect(parseJumpSpec('a b')).toBeNull();
  });

  it('lists OpenSSH’s default identities', () => {
    expect(defaultIdentityFiles('/h')).toContain('/h/.ssh/id_ed25519');
  });
});
