import type { CommandResult } from '../../common/host-shell';
import type { EmulatedHost } from './emulated-host';
import { emulateVslicerCtl } from './emulate-vslicer-ctl';
import { emulateXl } from './emulate-xl';
import { getopt } from './getopt';
import { pingText } from './emulate-ping';
import { atoi } from './printf';
import { parseXentopArgs, runXentop } from './emulate-xentop';

export type { EmulatedHost } from './emulated-host';

/**
 * The demo host's shell: like a dom0, it answers commands with text. argv
 * arrives exactly as a profile built it, so a `sudo -n` prefix and absolute command paths are
 * accepted; anything else unknown gets the shell's answer and status 127.
 */
export async function emulateCommand(
  argv: readonly string[],
  host: EmulatedHost,
): Promise<CommandResult> {
  try {
    return await dispatch(stripPrefix(argv), host);
  } catch (e) {
    // A simulation bug must look like a failing command, never an exception in the poller.
    return { stdout: '', stderr: `emulation error: ${String(e)}\n`, exitCode: 1 };
  }
}

function stripPrefix(argv: readonly string[]): string[] {
  let a = [...argv];
  if (a[0] === 'sudo' || a[0]?.endsWith('/sudo')) {
    a = a.slice(1);
    while (a[0]?.startsWith('-')) a = a.slice(1);
  }
  if (a[0] === 'env' && a[1]?.includes('=')) {
    a = a.slice(1);
    while (a[0]?.includes('=')) a = a.slice(1);
  }
  return a;
}

async function dispatch(argv: string[], host: EmulatedHost): Promise<CommandResult> {
  const cmd = argv[0] ?? '';
  const base = cmd.slice(cmd.lastIndexOf('/') + 1);
  const args = argv.slice(1);
  switch (base) {
    case 'xl':
      return emulateXl(args, host);
    case 'vslicer-ctl':
      return emulateVslicerCtl(args, host);
    case 'xentop': {
      const p = parseXentopArgs(args);
      if ('result' in p) return p.result;
      return runXentop(p, host);
    }
    case 'ping':
      return ping(args, host);
    case 'ip':
      return ipNeigh(args, host);
    case '':
      return { stdout: '', stderr: '', exitCode: 0 };
    default:
      return { stdout: '', stderr: `sh: 1: ${cmd}: command not found\n`, exitCode: 127 };
  }
}

async function ping(args: readonly string[], host: EmulatedHost): Promise<CommandResult> {
  const g = getopt(args, { short: 'nc:i:W:qw:' });
  if (g.error) return { stdout: '', stderr: `ping: ${g.error}\n`, exitCode: 2 };
  const o = new Map(g.opts.map((x) => [x.opt, x.arg ?? '']));
  const addr = g.operands[g.operands.length - 1];
  if (!addr)
    return { stdout: '', stderr: 'ping: usage error: Destination address required\n', exitCode: 1 };
  const count = o.has('c') ? atoi(o.get('c')!) : 1;
  if (count < 1)
    return {
      stdout: '',
      stderr: `ping: invalid argument: '${o.get('c')}': out of range: 1 <= value <= 9223372036854775807\n`,
      exitCode: 1,
    };
  const intervalS = o.has('i') ? Number(o.get('i')) : 1;
  const timeoutS = o.has('W') ? Number(o.get('W')) : 10;
  if (!Number.isFinite(intervalS) || intervalS < 0)
    return { stdout: '', stderr: `ping: bad timing interval: ${o.get('i')}\n`, exitCode: 1 };
  if (!Number.isFinite(timeoutS) || timeoutS < 0)
    return { stdout: '', stderr: `ping: bad linger time: ${o.get('W')}\n`, exitCode: 1 };
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(addr))
    return { stdout: '', stderr: `ping: ${addr}: Name or service not known\n`, exitCode: 2 };
  const intervalMs = intervalS * 1000;
  const rtts = await host.ping(addr, { count, intervalMs, timeoutMs: timeoutS * 1000 });
  const r = pingText(addr, rtts, intervalMs);
  return { stdout: r.stdout, stderr: '', exitCode: r.exitCode };
}

/** `ip neigh [show]`: dom0's neighbour table, one REACHABLE entry per guest address on the bridge. */
function ipNeigh(args: readonly string[], host: EmulatedHost): CommandResult {
  const [obj, verb] = args;
  if (
    !obj ||
    !'neighbour'.startsWith(obj) ||
    (verb !== undefined && verb !== 'show' && verb !== 'list')
  ) {
    return {
      stdout: '',
      stderr: `Command "${args.join(' ')}" is unknown, try "ip help".\n`,
      exitCode: 1,
    };
  }
  let out = '';
  for (const d of host.snapshot().domains) {
    for (const n of d.nets)
      if (n.ip) out += `${n.ip} dev xenbr0 lladdr ${n.mac.toLowerCase()} REACHABLE\n`;
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}
