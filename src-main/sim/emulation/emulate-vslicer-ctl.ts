import type { CommandResult } from '../../common/host-shell';
import { emptyWaits, WAIT_BUCKETS } from '../../common/metrics/sched-waits';
import { computePcpuParams, lsvmSlice, type PcpuMode } from '../../common/vslicer/params';
import type { SimDomain, SimHostSnapshot } from '../snapshot';
import type { EmulatedHost } from './emulated-host';
import { byDomid } from './emulate-xl-list';
import { POOL, poolLine, schedHeader } from './emulate-xl-sched';
import { num, padRight } from './printf';

/**
 * `vslicer-ctl`, the dom0 tool of the vSlicer hypervisor (hypervisor/README.md): its listing,
 * `-d DOM [-m MS]`, `-s` and `-w`, with its exact formats, one-line errors and exit statuses
 * (1 refused, 2 usage, 3 a hypervisor without vSlicer). The simulated host has one pool, Pool-0;
 * its guest pCPUs are 1…, dom0's core 0 is not simulated (it is in no LSVM's way).
 */
const USAGE = 2;
const NO_VSLICER = 3;
const MIN_US = 1000;

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const fail = (status: number, message: string): CommandResult => ({
  stdout: '',
  stderr: `vslicer-ctl: ${message}\n`,
  exitCode: status,
});

interface Args {
  help: boolean;
  s: boolean;
  w: boolean;
  pool?: string;
  dom?: string;
  ms?: string;
}

/** The tool's argument rules, in its order of checks. */
function parseArgs(argv: readonly string[]): Args | CommandResult {
  const a: Args = { help: false, s: false, w: false };
  const see = '(see vslicer-ctl -h)';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-h' || arg === '--help') return { ...a, help: true };
    if (arg === '-s' || arg === '-w') {
      const k = arg[1] as 's' | 'w';
      if (a[k]) return fail(USAGE, `${arg} given twice ${see}`);
      a[k] = true;
      continue;
    }
    const key = ({ '-p': 'pool', '-d': 'dom', '-m': 'ms' } as const)[arg];
    if (!key) {
      if (arg.startsWith('-') && arg.length > 1)
        return fail(USAGE, `unknown option "${arg}" ${see}`);
      return fail(USAGE, `too many arguments ("${arg}"); see vslicer-ctl -h`);
    }
    if (a[key] !== undefined) return fail(USAGE, `${arg} given twice ${see}`);
    if (i + 1 >= argv.length) return fail(USAGE, `${arg} needs a value ${see}`);
    a[key] = argv[++i]!;
  }
  if (a.s && a.w) return fail(USAGE, `-s and -w cannot be combined ${see}`);
  if (a.ms !== undefined && (a.dom === undefined || a.s || a.w))
    return fail(USAGE, `-m needs -d DOM and no -s or -w ${see}`);
  if (a.dom !== undefined && a.pool !== undefined)
    return fail(USAGE, `-d and -p cannot be combined ${see}`);
  if (a.s && a.dom !== undefined) return fail(USAGE, `-s takes -p POOL, not -d ${see}`);
  if (a.ms !== undefined && parseMs(a.ms) === null)
    return fail(
      USAGE,
      `microslice "${a.ms}" is not a number of milliseconds (e.g. 5 or 2.5; 0 = NLSVM)`,
    );
  return a;
}

/** Milliseconds with at most three decimals, as µs; null when it is not one. */
function parseMs(text: string): number | null {
  const m = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(text);
  return m ? Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0')) : null;
}

/** The tool's `vs_format_ms`: whole ms as an integer, else 1–3 decimals without trailing zeros. */
export function formatMs(us: number): string {
  const whole = Math.floor(us / 1000);
  const frac = us % 1000;
  return frac === 0 ? `${whole}` : `${whole}.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
}

export function emulateVslicerCtl(argv: readonly string[], host: EmulatedHost): CommandResult {
  const a = parseArgs(argv);
  if ('exitCode' in a) return a;
  if (a.help) return ok(HELP);
  const snap = host.snapshot();
  if (snap.scheduler !== 'vslicer')
    return fail(
      NO_VSLICER,
      'this hypervisor has no vSlicer (the credit scheduler refused XEN_SYSCTL_SCHEDOP_getvslicer with EINVAL: it is a Xen without hypervisor/patches)',
    );
  if (a.pool !== undefined && a.pool !== POOL && a.pool !== '0')
    return fail(1, `no cpupool "${a.pool}"`);
  const dom = a.dom === undefined ? null : findDomain(snap, a.dom);
  if (dom && 'exitCode' in dom) return dom;

  if (a.s) return ok(params(snap));
  if (a.w) return ok(WAITS_HEADER + (dom ? [dom] : byDomid(snap)).map(waitRow).join(''));
  if (dom && a.ms !== undefined) {
    const us = parseMs(a.ms)!;
    const low = Math.max(MIN_US, snap.ratelimitUs);
    if (us !== 0 && (us < low || us > snap.tsliceMs * 1000))
      return fail(
        1,
        `microslice ${formatMs(us)} ms is out of range: 0 (NLSVM) or from ${low} us to ${snap.tsliceMs} ms in cpupool ${POOL} (tslice ${snap.tsliceMs} ms, ratelimit ${snap.ratelimitUs} us)`,
      );
    // The real tool lets dom0 be an LSVM of its pool; the simulation does not schedule dom0
    // (its core 0 is not simulated), so it says so rather than pretend.
    if (dom.domid === 0)
      return fail(
        1,
        `cannot set the microslice of domain ${dom.name}: the simulated host does not schedule dom0 (only its guests' pCPUs are simulated)`,
      );
    const e = host.setSchedParams(dom.domid, { microsliceMs: us / 1000 });
    return e === null ? ok('') : fail(1, `cannot set the microslice of domain ${dom.name}: ${e}`);
  }
  if (dom) return ok(schedHeader('vslicer') + row(dom));
  return ok(poolLine('vslicer', snap) + schedHeader('vslicer') + byDomid(snap).map(row).join(''));
}

function findDomain(snap: SimHostSnapshot, q: string): SimDomain | CommandResult {
  if (/^\d+$/.test(q)) {
    const d = snap.domains.find((x) => x.domid === Number(q));
    return d ?? fail(1, `no domain with id ${Number(q)}`);
  }
  return snap.domains.find((x) => x.name === q) ?? fail(1, `no domain "${q}"`);
}

/** The listing's row: the xl sched-vslicer row with the microslice as the tool prints it. */
function row(d: SimDomain): string {
  return `${padRight(d.name, 33)} ${num(d.domid, 4)} ${num(d.weight, 6)} ${num(d.cap, 4)} ${formatMs(Math.round(d.microsliceMs * 1000)).padStart(10)}\n`;
}

const WAITS_HEADER =
  'Name                                ID   Dispatches        Waits        Sum(us)    Max(us) Histogram\n';

function waitRow(d: SimDomain): string {
  const w = d.waits ?? emptyWaits();
  const hist = w.hist.length === WAIT_BUCKETS ? w.hist : emptyWaits().hist;
  return `${padRight(d.name, 33)} ${num(d.domid, 4)} ${num(w.dispatches, 12)} ${num(w.waits, 12)} ${num(Math.floor(w.sumUs), 14)} ${num(Math.floor(w.maxUs), 10)} ${hist.join(',')}\n`;
}

const MODES: Record<PcpuMode, string> = {
  credit: 'off',
  algorithm1: 'algorithm1',
  'round-robin-microslices': 'round-robin',
  'full-slices': 'full-slices',
};

/** `-s`: the pool's parameters in force, computed as the engine does, and one row per LSVM. */
function params(snap: SimHostSnapshot): string {
  const guests = byDomid(snap).filter((d) => d.domid !== 0);
  const pcpus = new Set(guests.flatMap((d) => d.vcpuPcpu)).size || 1;
  const tsliceUs = snap.tsliceMs * 1000;
  const p = computePcpuParams(
    'vslicer',
    1,
    tsliceUs,
    guests.map((d) => ({ key: d.domid, domid: d.domid, microsliceMs: d.microsliceMs })),
  );
  const mode = p.m === 0 ? 'off' : MODES[p.mode];
  // The pool's T_n counts its pCPUs (Eq. 12 over the pool, as the hypervisor computes it), and
  // each LSVM's row is split from that T_n — not from the one-pCPU figure the engine keeps.
  const tn = p.n === 0 ? 0 : Math.min(tsliceUs, Math.floor((pcpus * tsliceUs) / p.n));
  const ts = mode === 'algorithm1' ? Math.floor((p.m * tn) / pcpus) : 0;
  let out =
    `Cpupool ${POOL}: tslice=${snap.tsliceMs}ms ratelimit=${snap.ratelimitUs}us pcpus=${pcpus} ` +
    `m=${p.m} n=${p.n} tn=${tn}us ts=${ts}us mode=${mode}\n` +
    'Name                                ID Microslice(us)  Tm(us)    r  Tn(us)\n';
  for (const d of guests) {
    if (d.microsliceMs <= 0) continue;
    const reqUs = Math.round(d.microsliceMs * 1000);
    const s =
      mode === 'algorithm1'
        ? lsvmSlice({ key: d.domid, domid: d.domid, microsliceMs: d.microsliceMs }, tn)
        : mode === 'round-robin'
          ? { microUs: Math.min(reqUs, tsliceUs), r: 1, tnUs: 0 }
          : { microUs: 0, r: 0, tnUs: 0 };
    out += `${padRight(d.name, 33)} ${num(d.domid, 4)} ${num(reqUs, 14)} ${num(s.microUs, 7)} ${num(s.r, 4)} ${num(s.tnUs, 7)}\n`;
  }
  return out;
}

const HELP = `Usage:
  vslicer-ctl [-p POOL]              the listing: every cpupool running credit, or POOL
  vslicer-ctl -d DOM                 the listing's header and DOM's row
  vslicer-ctl -d DOM -m MS           set DOM's microslice in ms (0 = NLSVM); prints nothing
  vslicer-ctl -s [-p POOL]           vSlicer parameters in force per credit cpupool
  vslicer-ctl -w [-d DOM | -p POOL]  scheduling-wait statistics per domain
  vslicer-ctl -h                     usage
`;
