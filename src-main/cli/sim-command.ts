/**
 * `vslicer sim plan` and `vslicer sim experiment`: the scheduling engine for
 * operators exploring "what if", and for checks. `--json` prints the engine's JSON; otherwise a
 * readable table. Bad flags: a message on stderr and exit status 2.
 */
import {
  type ExperimentInput,
  type ExperimentResult,
  EXPERIMENT_DEFAULTS,
  runExperiment,
} from '../sim/engine/experiment';
import { type PlanInput, type PlanResult, plan } from '../common/vslicer/planner';
import { DEFAULT_TSLICE_MS } from '../common/vslicer/credit-defaults';
import { parseArgs } from './args';
import type { CliCommand, CliIo } from './command';
import { runSimHostCommand, SIM_SSHD_USAGE } from './sim-sshd-command';

const USAGE = `usage: vslicer sim plan --lsvm M --nlsvm N [--tslice MS] (--microslice MS | --target-latency MS) [--json]
       vslicer sim experiment [--scheduler credit|vslicer] [--vms N] [--lsvm K] [--tslice MS]
                              [--microslice MS] [--workload cpu|lookbusy:PCT] [--ping VM]
                              [--ping-count N] [--ping-interval-ms MS] [--duration S] [--seed N] [--json]
${SIM_SSHD_USAGE}`;

const PLAN_FLAGS = new Set(['lsvm', 'nlsvm', 'tslice', 'microslice', 'target-latency', 'json']);
const EXPERIMENT_FLAGS = new Set([
  'scheduler',
  'vms',
  'lsvm',
  'tslice',
  'microslice',
  'workload',
  'ping',
  'ping-count',
  'ping-interval-ms',
  'duration',
  'seed',
  'json',
]);

class FlagError extends Error {}

type Flags = Map<string, string | true>;

function checkFlags(flags: Flags, allowed: Set<string>): void {
  for (const [name, value] of flags) {
    if (!allowed.has(name)) throw new FlagError(`unknown flag --${name}`);
    if (name === 'json' ? value !== true : value === true) {
      throw new FlagError(name === 'json' ? '--json takes no value' : `--${name} needs a value`);
    }
  }
}

function num(flags: Flags, name: string, integer: boolean): number | undefined {
  const raw = flags.get(name);
  if (raw === undefined || raw === true) return undefined;
  const ok = integer ? /^-?\d+$/.test(raw) : /^\d+(\.\d+)?$/.test(raw);
  if (!ok)
    throw new FlagError(`--${name} needs ${integer ? 'a whole number' : 'a number'}, not "${raw}"`);
  return Number(raw);
}

const f1 = (x: number) => x.toFixed(1);
const pad = (s: string, n: number) => s.padEnd(n);

function planText(p: PlanResult): string {
  return [
    `m = ${p.m} LSVM(s), n = ${p.n} NLSVM(s), T_NLSVM = ${p.tsliceMs} ms, T_P = ${p.periodMs} ms`,
    `T_S ${p.tsMs} ms   T_n ${p.tnMs} ms   T_m ${p.tmMs} ms   r ${p.r}   T_m divides T_NLSVM/n: ${p.divides ? 'yes' : 'no'}` +
      (p.tmUpperBoundMs !== null ? `   T_m ≤ ${p.tmUpperBoundMs} ms` : '') +
      (p.proposedMicrosliceMs !== null ? `   proposed T_m ${p.proposedMicrosliceMs} ms` : ''),
    `LSVM latency: best ${f1(p.bestCaseLatencyMs)} ms, worst ${f1(p.worstCaseLatencyMs)} ms, mean ${f1(p.meanLatencyMs)} ms` +
      ` (credit: ${f1(p.creditLatencyMs)} ms); mean wait for an arrival ${f1(p.meanWaitForArrivalMs)} ms`,
    `context switches vs credit: ${p.contextSwitchRatio.toFixed(2)}×`,
    ...p.notices.map((n) => `note: ${n}`),
    '',
  ].join('\n');
}

function experimentText(r: ExperimentResult): string {
  const lines = [
    `scheduler ${r.scheduler}   tslice ${r.tsliceMs} ms   workload ${r.workload}   duration ${f1(r.durationS)} s   seed ${r.seed}`,
    `${pad('VM', 8)}${pad('CLASS', 7)}${pad('T_m', 6)}${pad('CPU%', 7)}${pad('USEFUL%', 9)}${pad('LAT mean', 10)}${pad('p50', 8)}${pad('p99', 8)}${pad('max', 8)}SWITCHES`,
  ];
  for (const v of r.vms) {
    const l = v.schedLatencyMs;
    lines.push(
      `${pad(v.name, 8)}${pad(v.class, 7)}${pad(String(v.microsliceMs || '-'), 6)}${pad(f1(v.cpuShare * 100), 7)}` +
        `${pad(f1(v.usefulShare * 100), 9)}${pad(f1(l.mean), 10)}${pad(f1(l.p50), 8)}${pad(f1(l.p99), 8)}${pad(f1(l.max), 8)}${v.contextSwitches}`,
    );
  }
  if (r.ping) {
    const p = r.ping.rttMs;
    lines.push(
      `ping ${r.ping.target}: ${r.ping.count} sent, ${r.ping.lost} lost; rtt min/mean/p50/p99/max = ` +
        `${[p.min, p.mean, p.p50, p.p99, p.max].map((x) => x.toFixed(2)).join('/')} ms`,
    );
  }
  lines.push(
    `context switches/s ${f1(r.contextSwitchesPerS)}   Jain fairness ${r.jainFairness.toFixed(4)}`,
  );
  for (const n of r.notices) lines.push(`note: ${n.message}; ${n.instead}`);
  return lines.join('\n') + '\n';
}

function runPlan(flags: Flags, io: CliIo): number {
  checkFlags(flags, PLAN_FLAGS);
  const lsvm = num(flags, 'lsvm', true);
  const nlsvm = num(flags, 'nlsvm', true);
  if (lsvm === undefined || nlsvm === undefined)
    throw new FlagError('plan needs --lsvm M and --nlsvm N');
  const input: PlanInput = {
    lsvm,
    nlsvm,
    tsliceMs: num(flags, 'tslice', true) ?? DEFAULT_TSLICE_MS,
  };
  const tm = num(flags, 'microslice', false);
  const tl = num(flags, 'target-latency', false);
  if (tm !== undefined) input.microsliceMs = tm;
  if (tl !== undefined) input.targetLatencyMs = tl;
  const p = plan(input);
  if (flags.has('json')) io.stdout(JSON.stringify(p, null, 2) + '\n');
  if (p.errors.length > 0) {
    io.stderr(p.errors.map((e) => `vslicer sim plan: ${e}\n`).join(''));
    return 2;
  }
  if (!flags.has('json')) io.stdout(planText(p));
  return 0;
}

function runExperimentCmd(flags: Flags, io: CliIo): number {
  checkFlags(flags, EXPERIMENT_FLAGS);
  const scheduler = flags.get('scheduler') ?? EXPERIMENT_DEFAULTS.scheduler;
  if (scheduler !== 'credit' && scheduler !== 'vslicer')
    throw new FlagError('--scheduler must be credit or vslicer');
  const d = EXPERIMENT_DEFAULTS;
  const ping = flags.get('ping');
  const input: ExperimentInput = {
    scheduler,
    vms: num(flags, 'vms', true) ?? d.vms,
    lsvm: num(flags, 'lsvm', true) ?? d.lsvm,
    tsliceMs: num(flags, 'tslice', true) ?? d.tsliceMs,
    microsliceMs: num(flags, 'microslice', false) ?? d.microsliceMs,
    workload: (flags.get('workload') as string | undefined) ?? d.workload,
    ping: typeof ping === 'string' ? ping : null,
    pingCount: num(flags, 'ping-count', true) ?? d.pingCount,
    pingIntervalMs: num(flags, 'ping-interval-ms', false) ?? d.pingIntervalMs,
    durationS: num(flags, 'duration', false) ?? d.durationS,
    seed: num(flags, 'seed', true) ?? d.seed,
  };
  if (!/^(cpu|lookbusy:\d+(\.\d+)?)$/.test(input.workload))
    throw new FlagError('--workload must be cpu or lookbusy:PCT');
  if (input.tsliceMs < 1 || input.tsliceMs > 1000)
    throw new FlagError('--tslice must be 1–1000 ms');
  const r = runExperiment(input);
  if (!r.ok) throw new FlagError(r.error.message);
  io.stdout(flags.has('json') ? JSON.stringify(r.value, null, 2) + '\n' : experimentText(r.value));
  return 0;
}

export const simCommand: CliCommand = {
  name: 'sim',
  summary:
    'plan a vSlicer schedule, run a credit/vSlicer experiment, or serve the demo host (sshd, exec)',
  async run(args, io) {
    const [sub, ...rest] = args;
    // Before the --help check: the words after `exec --` belong to the simulated command.
    if (sub === 'sshd' || sub === 'exec') return runSimHostCommand(sub, rest, io);
    if (sub === undefined || sub === '--help' || sub === '-h' || rest.includes('--help')) {
      io.stdout(USAGE);
      return 0;
    }
    if (sub !== 'plan' && sub !== 'experiment') {
      io.stderr(`vslicer sim: unknown subcommand "${sub}"\n${USAGE}`);
      return 2;
    }
    const { flags, positionals } = parseArgs(rest);
    try {
      if (positionals.length > 0) throw new FlagError(`unexpected argument "${positionals[0]}"`);
      return sub === 'plan' ? runPlan(flags, io) : runExperimentCmd(flags, io);
    } catch (error) {
      if (!(error instanceof FlagError)) throw error;
      io.stderr(`vslicer sim ${sub}: ${error.message.replace(/\.$/, '')}\n`);
      return 2;
    }
  },
};
