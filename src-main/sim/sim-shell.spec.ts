import { afterEach, describe, expect, it } from 'vitest';
import { parseXentopFrame, XentopFrameSplitter } from '../xen/xentop/index';
import { createDemoShell } from './demo';

describe('the demo host as a shell', () => {
  let close: (() => void) | undefined;
  afterEach(() => close?.());

  it('streams xentop frames the real parser reads: Domain-0 and five VMs, CPU measured from frame 2', async () => {
    const { shell } = createDemoShell(1);
    close = () => shell.close();
    const splitter = new XentopFrameSplitter();
    const frames: string[] = [];
    shell.stream(['xentop', '-b', '-f', '-d', '1'], {
      onStdout: (c) => frames.push(...splitter.push(c)),
      onStderr: () => {},
      onClose: () => {},
    });
    const end = Date.now() + 5000;
    while (frames.length < 2 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    const [first, second] = frames.map(parseXentopFrame);
    expect(first?.errors).toEqual([]);
    expect(first?.domains.map((d) => d.name)).toEqual([
      'batch-worker',
      'db-report',
      'Domain-0',
      'video-encode',
      'voip-gw',
      'web-frontend',
    ]);
    expect(first?.domains.every((d) => d.cpuPct === 0)).toBe(true);
    const guests = second!.domains.filter((d) => d.name !== 'Domain-0');
    const total = guests.reduce((s, d) => s + d.cpuPct, 0);
    expect(total).toBeGreaterThan(90);
    expect(total).toBeLessThan(101);
  });

  it('answers one-shot commands and unknown ones as a shell would', async () => {
    const { shell } = createDemoShell(1);
    close = () => shell.close();
    const list = await shell.run(['xl', 'sched-vslicer']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toMatch(/^Cpupool Pool-0: tslice=30ms/);
    expect(list.stdout).toMatch(/web-frontend\s+\d+\s+256\s+0\s+0/);
    const missing = await shell.run(['nosuch']);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toMatch(/nosuch: command not found/);
    shell.close();
    expect((await shell.run(['xl', 'list'])).exitCode).toBeNull();
  });
});
