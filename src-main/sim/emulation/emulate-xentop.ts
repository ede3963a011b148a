import type { CommandResult, StreamHandle, StreamHandlers } from '../../common/host-shell';
import type { EmulatedHost } from './emulated-host';
import { getopt } from './getopt';
import { atoi } from './printf';
import { XentopPrinter, type XentopOptions } from './xentop-printer';

/** `xentop` argv → options, as xentop.c's getopt loop reads them (`-d`/`-i` are atoi). */
export interface XentopInvocation {
  options: XentopOptions;
  delaySec: number;
  /** null = no `-i` (or `-i 0`, which wraps the unsigned counter): runs until stopped. */
  iterations: number | null;
}

const USAGE =
  'Usage: xentop [OPTION]\n' +
  'Displays ongoing information about xen vm resources \n\n' +
  '-h, --help           display this help and exit\n' +
  '-V, --version        output version information and exit\n' +
  '-d, --delay=SECONDS  seconds between updates (default 3)\n' +
  '-n, --networks       output vif network data\n' +
  '-x, --vbds           output vbd block device data\n' +
  '-r, --repeat-header  repeat table header before each domain\n' +
  '-v, --vcpus          output vcpu data\n' +
  '-b, --batch          output in batch mode, no user input accepted\n' +
  '-i, --iterations     number of iterations before exiting\n' +
  '-f, --full-name      output the full domain name (not truncated)\n' +
  '-z, --dom0-first     display dom0 first (ignore sorting)\n' +
  '\nReport bugs to <xen-devel@lists.xenproject.org>.\n';

const LONG = {
  help: 'h',
  version: 'V',
  networks: 'n',
  vbds: 'x',
  'repeat-header': 'r',
  vcpus: 'v',
  delay: 'd',
  batch: 'b',
  iterations: 'i',
  'full-name': 'f',
  'dom0-first': 'z',
};

export function parseXentopArgs(
  args: readonly string[],
): XentopInvocation | { result: CommandResult } {
  const g = getopt(args, { short: 'hVnxrvd:bi:fz', long: LONG });
  if (g.error) return { result: { stdout: USAGE, stderr: `xentop: ${g.error}\n`, exitCode: 1 } };
  const inv: XentopInvocation = { options: {}, delaySec: 3, iterations: null };
  let batch = false;
  for (const { opt, arg } of g.opts) {
    switch (opt) {
      case 'h':
        return { result: { stdout: USAGE, stderr: '', exitCode: 0 } };
      case 'V':
        return { result: { stdout: 'xentop 0.1\n', stderr: '', exitCode: 0 } };
      case 'n':
        inv.options.networks = true;
        break;
      case 'x':
        inv.options.vbds = true;
        break;
      case 'r':
        inv.options.repeatHeader = true;
        break;
      case 'v':
        inv.options.vcpus = true;
        break;
      case 'f':
        inv.options.fullNames = true;
        break;
      case 'z':
        inv.options.dom0First = true;
        break;
      case 'b':
        batch = true;
        break;
      case 'd':
        inv.delaySec = atoi(arg ?? '');
        break;
      case 'i': {
        const n = atoi(arg ?? '');
        inv.iterations = n === 0 ? null : n;
        break;
      }
    }
  }
  // Interactive mode needs a terminal (curses); over a non-PTY channel it fails like this.
  if (!batch)
    return { result: { stdout: '', stderr: 'Error opening terminal: unknown.\n', exitCode: 1 } };
  return inv;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One-shot `xentop -b -i N`: all N iterations, `-d` seconds apart. Needs `-i`. */
export async function runXentop(inv: XentopInvocation, host: EmulatedHost): Promise<CommandResult> {
  if (inv.iterations === null) {
    return {
      stdout: '',
      stderr: 'xentop: without -i the demo host streams; use HostShell.stream\n',
      exitCode: 1,
    };
  }
  const emu = new XentopPrinter(inv.options);
  const sleep = host.sleep?.bind(host) ?? defaultSleep;
  let out = '';
  for (let i = 0; i < inv.iterations; i++) {
    if (i > 0 && inv.delaySec > 0) await sleep(inv.delaySec * 1000);
    out += emu.frame(host.snapshot());
  }
  return { stdout: out, stderr: '', exitCode: 0 };
}

/**
 * Long-lived `xentop -b -d N [-i N]` for HostShell.stream: one chunk per iteration, flushed like
 * the real one after each, until `-i` runs out or `stop()`.
 */
export function streamXentop(
  argv: readonly string[],
  host: EmulatedHost,
  handlers: StreamHandlers,
): StreamHandle {
  const p = parseXentopArgs(argv.slice(1));
  let stopped = false;
  let closed = false;
  const close = (code: number | null, error?: Error): void => {
    if (closed) return;
    closed = true;
    handlers.onClose(code, error);
  };
  if ('result' in p) {
    queueMicrotask(() => {
      if (p.result.stdout) handlers.onStdout(p.result.stdout);
      if (p.result.stderr) handlers.onStderr(p.result.stderr);
      close(p.result.exitCode);
    });
    return { stop: () => close(null) };
  }
  const emu = new XentopPrinter(p.options);
  const sleep = host.sleep?.bind(host) ?? defaultSleep;
  void (async () => {
    try {
      for (let i = 0; p.iterations === null || i < p.iterations; i++) {
        if (i > 0) await sleep(Math.max(p.delaySec, 0) * 1000);
        if (stopped) return;
        handlers.onStdout(emu.frame(host.snapshot()));
      }
      close(0);
    } catch (e) {
      close(null, e instanceof Error ? e : new Error(String(e)));
    }
  })();
  return {
    stop: () => {
      stopped = true;
      close(null);
    },
  };
}
