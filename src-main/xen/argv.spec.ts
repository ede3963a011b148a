import { describe, expect, it } from 'vitest';
import { buildArgv, type HostAction } from './argv';
import { resolveProfile, type ResolvedProfile } from './profiles';
import { validateDomainName } from './validate';

function profile(name: string, overrides = {}): ResolvedProfile {
  const r = resolveProfile(name, overrides);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const argv = (p: ResolvedProfile, a: HostAction): string[] | string => {
  const r = buildArgv(p, a);
  return r.ok ? r.value : r.error.code;
};

describe('buildArgv through profiles', () => {
  const vs = profile('vslicer');

  it('vslicer (default): the DESIGN.md host interface', () => {
    expect(argv(vs, { kind: 'xentop', delaySec: 1 })).toEqual(['xentop', '-b', '-d', '1', '-f']);
    expect(
      argv(vs, {
        kind: 'xentop',
        delaySec: 1,
        iterations: 2,
        networks: true,
        vbds: true,
        vcpus: true,
      }),
    ).toEqual(['xentop', '-b', '-d', '1', '-i', '2', '-f', '-n', '-x', '-v']);
    expect(argv(vs, { kind: 'list-domains' })).toEqual(['xl', 'list']);
    expect(argv(vs, { kind: 'host-info' })).toEqual(['xl', 'info']);
    expect(argv(vs, { kind: 'sched-list' })).toEqual(['xl', 'sched-vslicer']);
    expect(argv(vs, { kind: 'set-class', domid: 3, microsliceMs: 5, tsliceMs: 30 })).toEqual([
      'xl',
      'sched-vslicer',
      '-d',
      '3',
      '-m',
      '5',
    ]);
    expect(argv(vs, { kind: 'set-class', domid: 3, microsliceMs: 0, tsliceMs: 30 })).toEqual([
      'xl',
      'sched-vslicer',
      '-d',
      '3',
      '-m',
      '0',
    ]);
    expect(argv(vs, { kind: 'pool-params' })).toEqual(['xl', 'sched-vslicer', '-s']);
    expect(argv(vs, { kind: 'set-pool', tsliceMs: 10, ratelimitUs: 500 })).toEqual([
      'xl',
      'sched-vslicer',
      '-s',
      '-t',
      '10',
      '-r',
      '500',
    ]);
    expect(
      argv(vs, { kind: 'ping', address: '10.0.0.3', count: 5, intervalSec: 0.2, timeoutSec: 1 }),
    ).toEqual(['ping', '-n', '-c', '5', '-i', '0.2', '-W', '1', '10.0.0.3']);
    expect(argv(vs, { kind: 'network-list', domid: 3 })).toEqual(['xl', 'network-list', '3']);
    expect(argv(vs, { kind: 'neighbours' })).toEqual(['ip', 'neigh', 'show']);
  });

  it('vslicer-ctl: Debian’s xl and xentop, classes and waits through vslicer-ctl', () => {
    const vc = profile('vslicer-ctl', { commands: { vslicerCtl: '/usr/local/sbin/vslicer-ctl' } });
    const tool = '/usr/local/sbin/vslicer-ctl';
    expect(argv(vc, { kind: 'xentop', delaySec: 1 })).toEqual(['xentop', '-b', '-d', '1', '-f']);
    expect(argv(vc, { kind: 'sched-list' })).toEqual([tool]);
    expect(argv(vc, { kind: 'sched-domain', domid: 4 })).toEqual([tool, '-d', '4']);
    expect(argv(vc, { kind: 'set-class', domid: 4, microsliceMs: 2.5, tsliceMs: 30 })).toEqual([
      tool,
      '-d',
      '4',
      '-m',
      '2.5',
    ]);
    expect(argv(vc, { kind: 'set-class', domid: 4, microsliceMs: 0.0001, tsliceMs: 30 })).toBe(
      'invalid-microslice',
    );
    expect(argv(vc, { kind: 'wait-stats' })).toEqual([tool, '-w']);
    expect(argv(vc, { kind: 'pool-params' })).toEqual([tool, '-s']);
    // Weights and the slice stay with stock xl: the patches leave sched-credit unchanged.
    expect(argv(vc, { kind: 'set-share', domid: 4, weight: 512 })).toEqual([
      'xl',
      'sched-credit',
      '-d',
      '4',
      '-w',
      '512',
    ]);
    expect(argv(vs, { kind: 'wait-stats' })).toEqual(['vslicer-ctl', '-w']);
    expect(argv(profile('credit'), { kind: 'wait-stats' })).toBe('unsupported');
  });

  it('vslicer-xm: xm and no -f (Xen 3.4)', () => {
    const xm = profile('vslicer-xm');
    expect(argv(xm, { kind: 'sched-list' })).toEqual(['xm', 'sched-vslicer']);
    expect(argv(xm, { kind: 'set-class', domid: 2, microsliceMs: 1, tsliceMs: 30 })).toEqual([
      'xm',
      'sched-vslicer',
      '-d',
      '2',
      '-m',
      '1',
    ]);
    expect(argv(xm, { kind: 'xentop', delaySec: 1 })).toEqual(['xentop', '-b', '-d', '1']);
  });

  it('credit / credit2: listing works, class switching is refused with the reason', () => {
    for (const name of ['credit', 'credit2']) {
      const p = profile(name);
      expect(argv(p, { kind: 'sched-list' })).toEqual(['xl', `sched-${name}`]);
      const r = buildArgv(p, { kind: 'set-class', domid: 3, microsliceMs: 5, tsliceMs: 30 });
      expect(r).toMatchObject({ ok: false, error: { code: 'read-only' } });
      expect(!r.ok && r.error.message).toContain('every VM is shown as NLSVM');
      expect(p.info.readOnlyReason).toContain(name);
    }
    expect(argv(profile('credit'), { kind: 'set-share', domid: 3, weight: 512 })).toEqual([
      'xl',
      'sched-credit',
      '-d',
      '3',
      '-w',
      '512',
    ]);
    expect(argv(profile('credit2'), { kind: 'set-pool', tsliceMs: 5 })).toBe('read-only');
  });

  it('per-host command paths and a sudo -n prefix', () => {
    const p = profile('vslicer', {
      commands: { xl: '/usr/local/sbin/xl', xentop: '/usr/sbin/xentop' },
      prefix: ['sudo', '-n'],
    });
    expect(argv(p, { kind: 'set-class', domid: 4, microsliceMs: 2, tsliceMs: 30 })).toEqual([
      'sudo',
      '-n',
      '/usr/local/sbin/xl',
      'sched-vslicer',
      '-d',
      '4',
      '-m',
      '2',
    ]);
    expect(argv(p, { kind: 'xentop', delaySec: 2 })).toEqual([
      'sudo',
      '-n',
      '/usr/sbin/xentop',
      '-b',
      '-d',
      '2',
      '-f',
    ]);
    expect(resolveProfile('vslicer', { commands: { xl: 'xl; rm -rf /' } })).toMatchObject({
      ok: false,
    });
    expect(resolveProfile('vslicer', { prefix: ['sudo', '$(reboot)'] })).toMatchObject({
      ok: false,
    });
    expect(resolveProfile('nope')).toMatchObject({ ok: false, error: { code: 'unknown-profile' } });
  });

  it('validates values: domid, microslice 0 or 1…tslice, weight 1–65535, cap ≥ 0, ratelimit ≤ tslice', () => {
    expect(argv(vs, { kind: 'sched-domain', domid: -1 })).toBe('invalid-domid');
    expect(argv(vs, { kind: 'sched-domain', domid: 32752 })).toBe('invalid-domid');
    expect(argv(vs, { kind: 'sched-domain', domid: 1.5 })).toBe('invalid-domid');
    expect(argv(vs, { kind: 'set-class', domid: 3, microsliceMs: 31, tsliceMs: 30 })).toBe(
      'invalid-microslice',
    );
    expect(argv(vs, { kind: 'set-class', domid: 3, microsliceMs: 30, tsliceMs: 30 })).toEqual([
      'xl',
      'sched-vslicer',
      '-d',
      '3',
      '-m',
      '30',
    ]);
    expect(argv(vs, { kind: 'set-class', domid: 3, microsliceMs: 0.5, tsliceMs: 30 })).toBe(
      'invalid-microslice',
    );
    expect(argv(vs, { kind: 'set-share', domid: 3, weight: 0 })).toBe('invalid-weight');
    expect(argv(vs, { kind: 'set-share', domid: 3, weight: 65536 })).toBe('invalid-weight');
    expect(argv(vs, { kind: 'set-share', domid: 3, cap: -1 })).toBe('invalid-cap');
    expect(argv(vs, { kind: 'set-share', domid: 3, weight: 65535, cap: 0 })).toEqual([
      'xl',
      'sched-vslicer',
      '-d',
      '3',
      '-w',
      '65535',
      '-c',
      '0',
    ]);
    expect(argv(vs, { kind: 'set-pool', tsliceMs: 1, ratelimitUs: 2000 })).toBe(
      'invalid-ratelimit',
    );
    expect(argv(vs, { kind: 'set-pool', ratelimitUs: 50 })).toBe('invalid-ratelimit');
    expect(argv(vs, { kind: 'xentop', delaySec: 0.5 })).toBe('invalid-delay');
    expect(argv(vs, { kind: 'ping', address: '-f', count: 1, intervalSec: 1, timeoutSec: 1 })).toBe(
      'invalid-address',
    );
    expect(
      argv(vs, {
        kind: 'ping',
        address: '10.0.0.3; reboot',
        count: 1,
        intervalSec: 1,
        timeoutSec: 1,
      }),
    ).toBe('invalid-address');
  });

  it('names as xl accepts them: spaces and unicode yes, control characters and all-digit names no', () => {
    expect(validateDomainName('Windows7 (Dev)').ok).toBe(true);
    expect(validateDomainName('ÉtéVM-ünïcode').ok).toBe(true);
    expect(validateDomainName('$(reboot)').ok).toBe(true);
    expect(validateDomainName('a\nb').ok).toBe(false);
    expect(validateDomainName('42').ok).toBe(false);
    expect(validateDomainName('').ok).toBe(false);
    expect(validateDomainName('x'.repeat(256)).ok).toBe(false);
  });
});
