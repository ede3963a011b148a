import { describe, expect, it } from 'vitest';
import { parseXentopFrame, splitXentopIterations } from '../../xen/xentop/index';
import { emulateCommand } from './emulate-command';
import { XentopPrinter } from './xentop-printer';
import { FakeHost, domain } from './fixture.testkit';

const HEADER_417 =
  '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID';

describe('XentopPrinter', () => {
  it('prints the first frame with CPU(%) 0.0, sorted case-insensitively, in the 4.17 layout', () => {
    const host = new FakeHost();
    const text = new XentopPrinter().frame(host.snapshot());
    const lines = text.split('\n');
    expect(lines[0]).toBe(HEADER_417.replace('NETTX(k)', ' NETTX(k)'));
    expect(lines.slice(1, 4).map((l) => l.slice(0, 10))).toEqual([
      'batch-work',
      '  Domain-0',
      'web-fronte',
    ]);
    expect(lines[2]).toBe(
      '  Domain-0 -----r     330256    0.0    1048576   50.0   no limit       n/a     1    0         0        0    0        0        0        0          0          0    0',
    );
    expect(text.endsWith('\n')).toBe(true);
  });

  it('round-trips: snapshot → text → parser → the same numbers, CPU% from Δcpu/Δtime', () => {
    const host = new FakeHost();
    const emu = new XentopPrinter({ fullNames: true });
    const first = parseXentopFrame(emu.frame(host.snapshot()));
    expect(first.errors).toEqual([]);
    expect(first.domains.every((d) => d.cpuPct === 0)).toBe(true);
    host.advance(1000, { 0: 0.106, 3: 0.5, 4: 1.0 });
    const snap = host.snapshot();
    const f = parseXentopFrame(emu.frame(snap));
    expect(f.errors).toEqual([]);
    const byName = new Map(f.domains.map((d) => [d.name, d]));
    expect(byName.get('Domain-0')!.cpuPct).toBe(10.6);
    expect(byName.get('web-frontend')!.cpuPct).toBe(50.0);
    expect(byName.get('batch-worker')!.cpuPct).toBe(100.0);
    for (const d of snap.domains) {
      const p = byName.get(d.name)!;
      expect(p.cpuSec).toBe(Number(d.cpuNs / 1_000_000_000n));
      expect(p.memKiB).toBe(Number(d.memKiB));
      expect(p.maxMemKiB).toBe(d.maxMemKiB === null ? null : Number(d.maxMemKiB));
      expect(p.vcpus).toBe(d.vcpuNs.length);
      expect(p.nets).toBe(d.nets.length);
      expect(p.netTxKiB).toBe(Number(d.nets.reduce((a, n) => a + n.txBytes, 0n) / 1024n));
      expect(p.vbds).toBe(d.vbds.length);
      expect(p.vbdRd).toBe(Number(d.vbds.reduce((a, v) => a + v.rd, 0n)));
      expect(p.vbdWsect).toBe(Number(d.vbds.reduce((a, v) => a + v.wsect, 0n)));
      expect(p.state.blocked).toBe(d.flags.blocked);
      expect(p.state.running).toBe(d.flags.running);
    }
  });

  it('-n -x -v rows round-trip with the blkback details and vCPU wrapping', () => {
    const host = new FakeHost();
    host.snap.domains[0]!.vcpuNs = Array.from(
      { length: 12 },
      (_, i) => BigInt(i) * 1_000_000_000_000n,
    );
    const text = new XentopPrinter({
      networks: true,
      vbds: true,
      vcpus: true,
      fullNames: true,
    }).frame(host.snapshot());
    expect(text).toContain('VBD BlkBack 51712 [ca: 0]  OO:        2   RD:   169903');
    expect(text).toContain('VBD BlkBack 51728 [ca:10]  OO:');
    expect(text).toContain('\n          5:       5000s');
    const f = parseXentopFrame(text);
    expect(f.errors).toEqual([]);
    const web = f.domains.find((d) => d.name === 'web-frontend')!;
    expect(web.netRows).toEqual([
      {
        index: 0,
        rxBytes: 2_790_485_492,
        rxPackets: 1_234_567,
        rxErrors: 0,
        rxDrops: 3,
        txBytes: 123_456_789_012,
        txPackets: 7_654_321,
        txErrors: 0,
        txDrops: 0,
      },
    ]);
    expect(web.vbdRows![0]).toMatchObject({
      type: 'BlkBack',
      dev: 51712,
      major: 0xca,
      minor: 0,
      rsect: 64_463_369,
    });
    const dom0 = f.domains.find((d) => d.name === 'Domain-0')!;
    expect(dom0.vcpuSec!.map((v) => v.sec)).toEqual(Array.from({ length: 12 }, (_, i) => i * 1000));
  });

  it('cuts names to 10 bytes without -f, widens NAME with -f and never narrows it', () => {
    const host = new FakeHost();
    const plain = parseXentopFrame(new XentopPrinter().frame(host.snapshot()));
    expect(plain.domains.map((d) => d.name)).toEqual(['batch-work', 'Domain-0', 'web-fronte']);
    const emu = new XentopPrinter({ fullNames: true });
    host.snap.domains.push(domain({ domid: 9, name: 'a very long vm name with spaces' }));
    const wide = emu.frame(host.snapshot());
    expect(wide.split('\n')[0]!.indexOf('NAME')).toBe('a very long vm name with spaces'.length - 4);
    host.snap.domains.pop();
    const after = emu.frame(host.snapshot());
    expect(after.split('\n')[0]).toBe(wide.split('\n')[0]);
    expect(parseXentopFrame(wide).domains[0]!.name).toBe('a very long vm name with spaces');
  });

  it('-z puts Domain-0 first; -r repeats the header before every row', () => {
    const host = new FakeHost();
    const z = parseXentopFrame(new XentopPrinter({ dom0First: true }).frame(host.snapshot()));
    expect(z.domains.map((d) => d.name)[0]).toBe('Domain-0');
    const r = new XentopPrinter({ repeatHeader: true }).frame(host.snapshot());
    expect(r.split('\n').filter((l) => l.includes('NAME  STATE'))).toHaveLength(3);
  });

  it('widens NETTX(k) in header and rows when a value needs more digits', () => {
    const host = new FakeHost();
    const text = new XentopPrinter().frame(host.snapshot());
    // 123456789012 bytes / 1024 = 120563270 KiB: 9 digits.
    expect(text.split('\n')[0]).toContain('  NETTX(k) NETRX(k)');
    expect(parseXentopFrame(text).domains.find((d) => d.name === 'web-fronte')!.netTxKiB).toBe(
      120_563_270,
    );
  });
});

describe('emulateCommand xentop', () => {
  it('xentop -b -i 2 -d 1: two iterations one simulated second apart', async () => {
    const host = new FakeHost();
    const r = await emulateCommand(['xentop', '-b', '-i', '2', '-d', '1'], host);
    expect(r.exitCode).toBe(0);
    expect(host.slept).toEqual([1000]);
    const its = splitXentopIterations(r.stdout).map(parseXentopFrame);
    expect(its).toHaveLength(2);
    expect(its[0]!.domains.every((d) => d.cpuPct === 0)).toBe(true);
    expect(its[1]!.domains.find((d) => d.name === 'Domain-0')!.cpuPct).toBe(10.6);
  });

  it('accepts clustered flags and a sudo prefix; rejects -p (4.21+) like getopt', async () => {
    const host = new FakeHost();
    const r = await emulateCommand(['sudo', '-n', '/usr/sbin/xentop', '-bfnxv', '-i1'], host);
    expect(r.exitCode).toBe(0);
    expect(parseXentopFrame(r.stdout).domains).toHaveLength(3);
    const bad = await emulateCommand(['xentop', '-b', '-p'], host);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toBe("xentop: invalid option -- 'p'\n");
  });
});

describe('streamXentop + XentopFrameSplitter (what the poller sees)', () => {
  it('one chunk per iteration; each is a complete frame after flushComplete', async () => {
    const { streamXentop } = await import('./emulate-xentop');
    const { XentopFrameSplitter } = await import('../../xen/xentop/index');
    const host = new FakeHost();
    const splitter = new XentopFrameSplitter();
    const frames: string[] = [];
    const closed = new Promise<number | null>((resolve) => {
      streamXentop(['xentop', '-b', '-d', '1', '-i', '3', '-f'], host, {
        onStdout: (chunk) => {
          frames.push(...splitter.push(chunk));
          const rest = splitter.flushComplete();
          if (rest !== null) frames.push(rest);
        },
        onStderr: () => undefined,
        onClose: (code) => resolve(code),
      });
    });
    expect(await closed).toBe(0);
    expect(frames).toHaveLength(3);
    const parsed = frames.map(parseXentopFrame);
    expect(parsed.every((f) => f.errors.length === 0 && f.domains.length === 3)).toBe(true);
    expect(parsed[0]!.domains.every((d) => d.cpuPct === 0)).toBe(true);
    expect(parsed[2]!.domains.find((d) => d.name === 'web-frontend')!.cpuPct).toBe(50);
  });
});
