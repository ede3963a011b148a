import type { CommandResult } from '../../common/host-shell';
import type { SimDomain, SimHostSnapshot } from '../snapshot';
import type { EmulatedHost } from './emulated-host';
import { getopt } from './getopt';
import { num, padRight } from './printf';
import { xlInfo } from './emulate-xl-info';
import { byDomid, xlList } from './emulate-xl-list';
import { xlCpupoolList, xlVcpuList } from './emulate-xl-topology';
import {
  POOL,
  poolLine,
  schedHeader,
  schedListing,
  schedRow,
  type SchedKind,
} from './emulate-xl-sched';

/**
 * The `xl` subcommands the demo host answers, with xl's own error texts and exit statuses
 * (tools/xl/xl_utils.c `find_domain`, xl_sched.c, xl_info.c).
 */
const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const err = (stderr: string, stdout = ''): CommandResult => ({ stdout, stderr, exitCode: 1 });

/** libxl's ERROR_INVAL, which `libxl_name_to_domid` returns for an unknown name. */
const ERROR_INVAL = -6;

/** `find_domain`: all digits = a domid (not checked here), else a name looked up. */
type Found =
  { ok: true; domid: number; domain: SimDomain | undefined } | { ok: false; result: CommandResult };

function findDomain(snap: SimHostSnapshot, q: string): Found {
  if (/^\d+$/.test(q)) {
    const domid = Number(q);
    return { ok: true, domid, domain: snap.domains.find((d) => d.domid === domid) };
  }
  const d = snap.domains.find((x) => x.name === q);
  if (!d)
    return { ok: false, result: err(`${q} is an invalid domain identifier (rc=${ERROR_INVAL})\n`) };
  return { ok: true, domid: d.domid, domain: d };
}

export function emulateXl(args: readonly string[], host: EmulatedHost): CommandResult {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list':
    case 'li':
      return xlListCommand(rest, host.snapshot());
    case 'info':
      return xlInfoCommand(rest, host.snapshot());
    case 'sched-vslicer':
    case 'sched-credit':
    case 'sched-credit2':
      return xlSched(sub.slice('sched-'.length) as SchedKind, rest, host);
    case 'network-list':
      return xlNetworkList(rest, host.snapshot());
    case 'vcpu-list':
      return ok(xlVcpuList(host.snapshot()));
    case 'cpupool-list': {
      const g = getopt(rest, { short: 'hc', long: { help: 'h', cpus: 'c' } });
      if (g.error) return err(`xl: ${g.error}\n`);
      return ok(
        xlCpupoolList(
          host.snapshot(),
          g.opts.some((o) => o.opt === 'c'),
        ),
      );
    }
    case undefined:
      return err('Usage xl [-vfNtT] <subcommand> [args]\n');
    default:
      return err('command not implemented\n');
  }
}

function xlListCommand(args: readonly string[], snap: SimHostSnapshot): CommandResult {
  const g = getopt(args, {
    short: 'lvhZcn',
    long: { long: 'l', verbose: 'v', help: 'h', context: 'Z', cpupool: 'c', numa: 'n' },
  });
  if (g.error) return err(`xl: ${g.error}\n`);
  const verbose = g.opts.some((o) => o.opt === 'v');
  if (g.operands.length === 0) return ok(xlList(byDomid(snap), verbose));
  // list_domains(): one named domain; a numeric id that does not exist is reported as such.
  const q = g.operands[0]!;
  const f = findDomain(snap, q);
  if (!f.ok) return f.result;
  if (!f.domain) return err(`Error: Domain '${q}' does not exist.\n`);
  return ok(xlList([f.domain], verbose));
}

function xlInfoCommand(args: readonly string[], snap: SimHostSnapshot): CommandResult {
  const g = getopt(args, { short: 'hnx', long: { help: 'h', numa: 'n', xenstore: 'x' } });
  if (g.error) return err(`xl: ${g.error}\n`);
  return ok(xlInfo(snap, g.operands[0]));
}

const SCHED_LONG: Record<string, string> = {
  domain: 'd',
  weight: 'w',
  cap: 'c',
  microslice: 'm',
  schedparam: 's',
  tslice_ms: 't',
  ratelimit_us: 'r',
  cpupool: 'p',
};

/** `strtol(optarg, NULL, 10)` as xl reads numbers: leading integer, 0 when none. */
function strtol(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s);
  return m ? Number(m[1]) : 0;
}

function xlSched(kind: SchedKind, args: readonly string[], host: EmulatedHost): CommandResult {
  const snap = host.snapshot();
  // Stock Xen has no sched-vslicer; a vSlicer host is not a credit/credit2 host either.
  if (kind === 'vslicer' && snap.scheduler !== 'vslicer') return err('command not implemented\n');
  const short =
    kind === 'vslicer' ? 'd:w:c:m:p:t:r:s' : kind === 'credit' ? 'd:w:c:p:t:r:m:s' : 'd:w:c:p:r:s';
  const g = getopt(args, { short, long: SCHED_LONG });
  if (g.error) return err(`xl: ${g.error}\n`);
  const o = new Map(g.opts.map((x) => [x.opt, x.arg ?? '']));
  const dom = o.get('d');
  const optS = o.has('s');
  const poolOpts = ['t', 'r'].filter((k) => o.has(k));
  const domOpts = kind === 'vslicer' ? ['w', 'c', 'm'] : ['w', 'c'];
  if (!optS && poolOpts.length > 0)
    return err('Must specify schedparam to set schedule parameter values.\n');
  if (optS && (dom !== undefined || domOpts.some((k) => o.has(k))))
    return err('Specifying a cpupool or schedparam is not allowed with domain options.\n');
  const pool = o.get('p');
  if (pool !== undefined && pool !== POOL) return err(`unknown cpupool '${pool}'\n`);

  if (optS) {
    if (snap.scheduler !== kind) return ok('');
    if (poolOpts.length === 0) return ok(poolLine(kind, snap));
    const p: { tsliceMs?: number; ratelimitUs?: number } = {};
    if (o.has('t')) p.tsliceMs = strtol(o.get('t')!);
    if (o.has('r')) p.ratelimitUs = strtol(o.get('r')!);
    const e = host.setPoolParams(p);
    return e === null
      ? ok('')
      : err(`libxl: error: ${e}\nlibxl_sched_${kind}_params_set failed.\n`);
  }
  if (dom === undefined) return ok(schedListing(kind, snap));

  const f = findDomain(snap, dom);
  if (!f.ok) return f.result;
  if (!f.domain || snap.scheduler !== kind) return err('libxl_domain_sched_params_get failed.\n');
  if (!domOpts.some((k) => o.has(k))) return ok(schedHeader(kind) + schedRow(kind, f.domain));
  const p: { weight?: number; cap?: number; microsliceMs?: number } = {};
  if (o.has('w')) p.weight = strtol(o.get('w')!);
  if (o.has('c')) p.cap = strtol(o.get('c')!);
  if (o.has('m')) p.microsliceMs = strtol(o.get('m')!);
  const e = host.setSchedParams(f.domid, p);
  return e === null
    ? ok('')
    : err(`libxl: error: Domain ${f.domid}:${e}\nlibxl_domain_sched_params_set failed.\n`);
}

/** tools/xl/xl_nic.c `main_networklist`. */
function xlNetworkList(args: readonly string[], snap: SimHostSnapshot): CommandResult {
  if (args.length === 0) return err("'xl network-list' requires at least 1 argument.\n\n");
  let out =
    `${padRight('Idx', 3)} ${padRight('BE', 2)} ${padRight('Mac Addr.', 17)} ${padRight('handle', 6)} ` +
    `${padRight('state', 5)} ${padRight('evt-ch', 6)} ${num('tx-', 5)}/${padRight('rx-ring-ref', 5)} ${padRight('BE-path', 30)}\n`;
  for (const q of args) {
    const f = findDomain(snap, q);
    if (!f.ok) return { ...f.result, stdout: out };
    if (!f.domain) continue;
    f.domain.nets.forEach((n, i) => {
      const backend = `/local/domain/0/backend/vif/${f.domid}/${i}`;
      out +=
        `${padRight(String(i), 3)} ${padRight('0', 2)} ${n.mac.toLowerCase()}` +
        `${num(i, 6)} ${num(4, 5)} ${num(20 + i, 6)} ${num(1280 + 2 * i, 5)}/${padRight(String(1281 + 2 * i), 11)} ${padRight(backend, 30)}\n`;
    });
  }
  return ok(out);
}
