import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sample } from '../xen/samples.testkit';
import type { CliIo } from './command';
import { parseCommand } from './parse-command';

const dir = mkdtempSync(path.join(tmpdir(), 'vslicer-parse-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  args: string[],
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    readStdin: async () => stdin,
  };
  const code = await parseCommand.run(args, io);
  return { code, out, err };
}

describe('vslicer parse', () => {
  it('xentop from a file: domains keyed by name as printed, counters as numbers, exit 0', async () => {
    const file = path.join(dir, 'xentop.txt');
    writeFileSync(file, sample('24'));
    const r = await run(['xentop', file, '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.kind).toBe('xentop');
    expect(j.iterations).toHaveLength(2);
    expect(Object.keys(j.iterations[1].domains)).toContain('r-vm-06 pr');
    expect(j.iterations[1].domains['s-vm 007'].vbdWsect).toBe(220737293);
    expect(j.iterations[1].domains['Domain-0'].cpuPct).toBe(10.6);
    expect(j.errors).toEqual([]);
  });

  it('xl-list from stdin with a rejected line: exit 1 and the error with line and column', async () => {
    const r = await run(['xl-list', '-', '--json'], sample('08'));
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(Object.keys(j.domains)).toEqual(['Domain-0', '(null)', 'badger']);
    expect(j.duplicates).toHaveLength(2);
    expect(j.errors[0]).toMatchObject({
      line: 1,
      column: expect.any(Number),
      expected: expect.any(String),
    });
  });

  it('xentop errors carry line numbers of the whole file, not of the iteration', async () => {
    const text = sample('24').replace(
      '  s-vm 007 --b---      40174    1.6',
      '  s-vm 007 --b---      40174    X.6',
    );
    const r = await run(['xentop', '--json'], text);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.out);
    expect(j.errors).toHaveLength(1);
    expect(j.errors[0].line).toBe(19);
    expect(j.errors[0].message).toContain('line 19, ');
  });

  it('xl-info, xl-sched, xl-vcpu-list and ping', async () => {
    const info = JSON.parse((await run(['xl-info', '--json'], sample('06'))).out);
    expect(info.info.cpuMhz).toBe(2800);
    const sched = await run(
      ['xl-sched', '--json'],
      'Cpupool Pool-0: tslice=30ms ratelimit=1000us\nName                                ID Weight  Cap Microslice\nweb frontend                         3    256    0          5\n',
    );
    expect(sched.code).toBe(0);
    expect(JSON.parse(sched.out).domains['web frontend']).toMatchObject({
      domid: 3,
      microsliceMs: 5,
      pool: 'Pool-0',
    });
    const v = await run(['xl-vcpu-list', '--json'], sample('30'));
    expect(JSON.parse(v.out).vcpus).toHaveLength(15);
    const p = await run(
      ['ping', '--json'],
      'PING 10.0.0.3 (10.0.0.3) 56(84) bytes of data.\n64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=0.3 ms\n',
    );
    expect(JSON.parse(p.out).ping.replies).toHaveLength(1);
  });

  it('human summary without --json', async () => {
    const r = await run(['xl-list'], sample('08'));
    expect(r.out).toMatch(/^xl-list: 5 record\(s\) parsed, 1 line\(s\) rejected/);
  });

  it('usage errors exit 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['bogus'])).err).toContain("unknown kind 'bogus'");
    expect((await run(['xentop', path.join(dir, 'missing.txt')])).code).toBe(2);
    expect((await run(['xentop', 'a', 'b'])).code).toBe(2);
  });
});
