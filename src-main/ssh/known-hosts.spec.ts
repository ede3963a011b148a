import { describe, expect, it } from 'vitest';
import {
  entryMatchesHost,
  findKnownHostEntries,
  hashKnownHostsName,
  knownHostsName,
  matchPattern,
  matchPatternList,
  parseKnownHosts,
} from './known-hosts';

const KEY = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const FP = 'SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU';

describe('parseKnownHosts', () => {
  it('reads plain, listed, bracketed, hashed and marked entries, and lists malformed lines', () => {
    const text = [
      '# comment',
      '',
      `xen1.example.com,10.0.0.5 ssh-ed25519 ${KEY} ops@laptop`,
      `[xen2.example.com]:2222 ssh-ed25519 ${KEY}`,
      // Written by `ssh-keygen -H` for db.example.com (port 22) and [db.example.com]:2222.
      `|1|onm3lrmDgNufSPb5yY+UOVpC1pw=|2VXZIhGrfzDo6UNJnmz5M7P9hqg= ssh-ed25519 ${KEY}`,
      `|1|OuD3SffpsZ9cDh/XfrU0s9b62As=|O4e0No5Rev6LY0fRXA7Z+2lArvg= ssh-ed25519 ${KEY}`,
      `@revoked * ssh-ed25519 ${KEY}`,
      `@cert-authority *.example.com ssh-ed25519 ${KEY}`,
      `@bogus host ssh-ed25519 ${KEY}`,
      'onlyahost',
      `host ssh-rsa ${KEY}`,
      'host ssh-ed25519 %%%%',
      `|1|c2hvcnQ=|c2hvcnQ= ssh-ed25519 ${KEY}`,
      `  \tindented.example.com ssh-ed25519 ${KEY}`,
    ].join('\n');
    const file = parseKnownHosts(text, '~/.ssh/known_hosts');
    expect(file.entries.map((e) => [e.line, e.marker, e.hosts.kind])).toEqual([
      [3, null, 'patterns'],
      [4, null, 'patterns'],
      [5, null, 'hashed'],
      [6, null, 'hashed'],
      [7, 'revoked', 'patterns'],
      [8, 'cert-authority', 'patterns'],
      [14, null, 'patterns'],
    ]);
    expect(file.entries[0]).toMatchObject({
      source: '~/.ssh/known_hosts:3',
      keyType: 'ssh-ed25519',
      fingerprint: FP,
    });
    expect(file.skipped).toEqual([
      { line: 9, reason: 'unknown marker @bogus' },
      { line: 10, reason: 'expected host patterns, key type and key data' },
      { line: 11, reason: 'key type ssh-rsa does not match the key data (ssh-ed25519)' },
      { line: 12, reason: 'key data is not base64' },
      { line: 13, reason: 'hashed host has a bad salt or hash length' },
    ]);

    const at = (host: string, port: number) =>
      findKnownHostEntries(file, host, port).map((e) => e.line);
    expect(at('xen1.example.com', 22)).toEqual([3, 7, 8]);
    expect(at('10.0.0.5', 22)).toEqual([3, 7]);
    expect(at('XEN1.Example.COM', 22)).toEqual([3, 7, 8]);
    expect(at('xen1.example.com', 2222)).toEqual([7]);
    expect(at('xen2.example.com', 2222)).toEqual([4, 7]);
    expect(at('xen2.example.com', 22)).toEqual([7, 8]);
    expect(at('db.example.com', 22)).toEqual([5, 7, 8]);
    expect(at('db.example.com', 2222)).toEqual([6, 7]);
  });

  it('handles CRLF files', () => {
    expect(
      parseKnownHosts(`a ssh-ed25519 ${KEY}\r\nb ssh-ed25519 ${KEY}\r\n`).entries,
    ).toHaveLength(2);
  });
});

describe('host patterns', () => {
  it('uses [host]:port for ports other than 22', () => {
    expect(knownHostsName('Xen1', 22)).toBe('xen1');
    expect(knownHostsName('xen1', 2222)).toBe('[xen1]:2222');
  });

  it('matches * and ? globs and honours negation', () => {
    expect(matchPattern('xen1.example.com', '*.example.com')).toBe(true);
    expect(matchPattern('xen1.example.com', 'xen?.example.com')).toBe(true);
    expect(matchPattern('xen10.example.com', 'xen?.example.com')).toBe(false);
    expect(matchPattern('xen1.exampleXcom', 'xen1.example.com')).toBe(false);
    expect(matchPattern('[xen1]:2222', '[xen1]:*')).toBe(true);
    expect(matchPatternList('xen1.example.com', ['*.example.com', '!xen1.example.com'])).toBe(
      false,
    );
    expect(matchPatternList('xen2.example.com', ['*.example.com', '!xen1.example.com'])).toBe(true);
    expect(matchPatternList('other', ['!xen1'])).toBe(false);
  });

  it('hashes names the way ssh-keygen -H does', () => {
    const salt = Buffer.from('onm3lrmDgNufSPb5yY+UOVpC1pw=', 'base64');
    expect(hashKnownHostsName('db.example.com', salt)).toBe(
      '|1|onm3lrmDgNufSPb5yY+UOVpC1pw=|2VXZIhGrfzDo6UNJnmz5M7P9hqg=',
    );
    const [entry] = parseKnownHosts(
      `${hashKnownHostsName('[h]:2022', salt)} ssh-ed25519 ${KEY}`,
    ).entries;
    expect(entryMatchesHost(entry!, 'h', 2022)).toBe(true);
    expect(entryMatchesHost(entry!, 'h', 22)).toBe(false);
  });
});
