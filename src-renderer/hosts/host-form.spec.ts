import { describe, expect, it } from 'vitest';
import { emptyForm, formatJumpChain, parseJumpChain, validateHostForm } from './host-form';

describe('parseJumpChain', () => {
  it('reads ProxyJump hops, defaulting user and port', () => {
    expect(parseJumpChain('a@b:2200, c , [fe80::1]:23', 'root')).toEqual([
      { user: 'a', address: 'b', port: 2200 },
      { user: 'root', address: 'c', port: 22 },
      { user: 'root', address: 'fe80::1', port: 23 },
    ]);
    expect(parseJumpChain('', 'root')).toEqual([]);
    expect(parseJumpChain('a@b:x', 'root')).toBe('hop 1: write it as user@host:port');
  });

  it('writes hops back the same way', () => {
    expect(
      formatJumpChain([
        { user: 'a', address: 'b', port: 2200 },
        { user: 'c', address: 'fe80::1', port: 22 },
      ]),
    ).toBe('a@b:2200, c@[fe80::1]');
  });
});

describe('validateHostForm', () => {
  const valid = { ...emptyForm(), name: 'x', address: 'x.example.org', user: 'root' };

  it('mirrors the schema: empty fields, port range, prefix words, hop errors', () => {
    const r = validateHostForm({ ...emptyForm(), port: '', commandPrefix: 'sudo $(x)' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      name: 'a name is needed',
      address: 'an address is needed',
      port: 'a port from 1 to 65535',
      user: 'a user name is needed (up to 64 characters)',
      commandPrefix: 'at most 4 words of letters, digits and _ . / = -',
    });
    const hop = validateHostForm({ ...valid, jump: 'ops@gw:70000' });
    expect(!hop.ok && hop.errors.jump).toBe('hop 1: a port from 1 to 65535');
  });

  it('drops key files unless the method is key', () => {
    const r = validateHostForm({ ...valid, identityFiles: '~/.ssh/id' });
    expect(r.ok && r.config.identityFiles).toEqual([]);
  });
});
