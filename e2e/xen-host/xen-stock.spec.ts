import { readSched } from '../../src-main/hosts/controls/sched-reader';
import { parseXlInfo } from '../../src-main/xen/xl-info';
import { argvOf } from './app-client';
import { expect, serialTailOnFailure, test } from './xen-fixtures';

// Debian's own Xen 4.17.5 (no vSlicer patches) with the same dom0 and vslicer-ctl installed:
// the tool must say so (exit 3, one line), and the app must explain it, not parse nothing.
test.use({ xenHypervisor: 'stock', xenGuests: 0 });
serialTailOnFailure();

test('vslicer-ctl on stock Xen answers exit 3 with one line, for every request', async ({
  xen,
  shell,
  capture,
}) => {
  test.skip(xen.hypervisor.vslicerCtl === null, 'hypervisor/build-xen.sh built no vslicer-ctl');
  const seen: string[] = [];
  for (const args of [[], ['-w'], ['-s'], ['-d', '0'], ['-d', '0', '-m', '5']]) {
    const r = await shell.run(['vslicer-ctl', ...args], { timeoutMs: 30_000 });
    seen.push(`$ vslicer-ctl ${args.join(' ')}\n[exit ${r.exitCode}] ${r.stderr}`);
    expect(r.exitCode, `vslicer-ctl ${args.join(' ')}: ${r.stderr}`).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^vslicer-ctl: [^\n]*no vSlicer[^\n]*\n$/);
  }
  capture('vslicer-ctl-stock-xen.txt', seen.join('\n'));
});

test('the vslicer-ctl profile on stock Xen tells the operator to boot the patched hypervisor', async ({
  shell,
  credit,
  vslicerCtl,
}) => {
  const info = parseXlInfo((await shell.run(argvOf(credit, { kind: 'host-info' }))).stdout);
  expect(info.xenVersion).toMatch(/^4\.17\.5/);
  await expect(readSched('xen-real', shell, vslicerCtl)).rejects.toThrow(
    /runs a Xen without the vSlicer patches .*Boot the patched hypervisor/,
  );
});
