import { version } from '../../package.json';
import { advise } from '../advisor/advise';
import { whatIfOnThread } from '../advisor/what-if-thread';
import {
  AdviseOutputSchema,
  candidatesOf,
  type Advice,
  type AdviseOutput,
  type PredictionCheck,
  type WhatIf,
} from '../common/advice';
import type { HostSched } from '../common/sched';
import { createAppCore } from '../api/app';
import { defaultDataDir } from '../api/data-dir';
import { readRecordedHosts } from '../session/reopen';
import { intFlag, parseArgs } from './args';
import type { CliCommand, CliIo } from './command';

/**
 * `vslicer advise <JOURNAL_DIR> | --live [--host ID]`: the LSVM advisor of the console, for
 * scripts and the headless agent — on a recorded session (a journal directory: the advice over
 * the last `--window` seconds of each host's recording, and the predictions the session checked)
 * or on a live host watched for `--watch` seconds. `--predict` adds the engine's what-if for the
 * best candidate; `--json` prints the documented shape (docs/advice-json.md). It never switches.
 * Exit status 0 with advice, 1 when nothing could be advised, 2 on a usage error.
 */
const USAGE =
  'usage: vslicer advise <JOURNAL_DIR> [--host ID] [--window SEC] [--predict] [--json]\n' +
  '       vslicer advise --live [--host ID] [--watch SEC] [--window SEC] [--predict] [--json]\n';

type HostOut = AdviseOutput['hosts'][number];

async function predictBest(
  hostId: string,
  advice: Advice,
  sched: HostSched | null,
  guestPcpus: number,
): Promise<WhatIf | null> {
  const best = candidatesOf(advice)[0];
  if (!best || !sched) return null;
  const w = await whatIfOnThread({
    hostId,
    sched,
    evidence: advice.evidence,
    guestPcpus,
    domid: best.domid,
    microsliceMs: best.microsliceMs,
  });
  return typeof w === 'string' ? null : w;
}

async function fromJournal(
  dir: string,
  opts: { host: string | null; windowMs: number; predict: boolean },
  io: CliIo,
): Promise<HostOut[]> {
  const recorded = await readRecordedHosts(dir, (line) => io.stderr(`${line}\n`));
  const out: HostOut[] = [];
  for (const h of recorded) {
    if (opts.host && h.hostId !== opts.host) continue;
    const to = Math.max(h.samples.at(-1)?.t ?? 0, h.rounds.at(-1)?.t ?? 0);
    const input = {
      sched: h.sched,
      samples: h.samples,
      latency: h.rounds,
      waits: h.waits,
      guestPcpus: h.guestPcpus,
      window: { from: to - opts.windowMs, to },
    };
    const a = advise(h.hostId, input);
    out.push({
      hostId: h.hostId,
      name: h.name,
      advice: a,
      prediction: opts.predict ? await predictBest(h.hostId, a, h.sched, h.guestPcpus) : null,
      checks: h.predictions,
    });
  }
  return out;
}

async function live(
  opts: { host: string; watchMs: number; windowSec: number; predict: boolean },
  io: CliIo,
): Promise<HostOut[] | string> {
  // The demo host needs no data directory; a saved host and its trusted key live in it. Nothing
  // is recorded either way: this is a question asked of the host, often while the app records it
  // in the same data directory, and recording here would add a session of a few seconds beside
  // the app's (the same host twice in the Sessions list) at every run of a script.
  const core = await createAppCore({
    mode: 'web',
    version,
    dataDir: opts.host === 'demo' ? null : defaultDataDir(),
    record: false,
    log: (line) => io.stderr(`${line}\n`),
  });
  try {
    const call = async <T>(method: string, payload: unknown): Promise<T> => {
      const r = await core.dispatch(method, payload);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as T;
    };
    const summary = core.registry.list().find((h) => h.id === opts.host);
    if (!summary)
      return `no host "${opts.host}" (saved hosts: ${core.registry
        .list()
        .map((h) => h.id)
        .join(', ')})`;
    // Only the host asked about: not every saved host.
    core.registry.connect(opts.host);
    io.stderr(`vslicer advise: watching ${summary.name} for ${opts.watchMs / 1000} s…\n`);
    await new Promise((r) => setTimeout(r, opts.watchMs));
    const a = await call<Advice>('getAdvice', { hostId: opts.host, windowSec: opts.windowSec });
    let prediction: WhatIf | null = null;
    const best = candidatesOf(a)[0];
    if (opts.predict && best)
      prediction = await call<WhatIf>('predictSwitch', {
        hostId: opts.host,
        domid: best.domid,
        microsliceMs: best.microsliceMs,
      });
    const checks = await call<PredictionCheck[]>('listPredictionChecks', { hostId: opts.host });
    return [{ hostId: opts.host, name: summary.name, advice: a, prediction, checks }];
  } catch (e) {
    return (e as Error).message;
  } finally {
    core.stop();
  }
}

const fmt = (v: number | null) => (v === null || !Number.isFinite(v) ? '—' : `${v.toFixed(1)} ms`);

function human(out: AdviseOutput): string {
  const lines: string[] = [];
  for (const h of out.hosts) {
    lines.push(`${h.name} (${h.hostId}) — evidence over ${Math.round(h.advice.windowMs / 1000)} s`);
    for (const n of h.advice.notes) lines.push(`  note: ${n}`);
    for (const r of h.advice.ranking) {
      lines.push(`  ${r.rank}. ${r.vm} [${r.verdict}] ${r.reasons[0] ?? ''}`);
      for (const why of r.reasons.slice(1)) lines.push(`       ${why}`);
    }
    const w = h.prediction;
    if (w)
      lines.push(
        `  what-if ${w.vm} as an LSVM at ${w.microsliceMs} ms: median RTT ${fmt(w.now.rttP50Ms.mean)} → ${fmt(w.asLsvm.rttP50Ms.mean)} (seeds ${fmt(w.asLsvm.rttP50Ms.min)}–${fmt(w.asLsvm.rttP50Ms.max)}), p99 ${fmt(w.now.rttP99Ms.mean)} → ${fmt(w.asLsvm.rttP99Ms.mean)}, context switches ${Math.round(w.now.contextSwitchesPerS.mean)}/s → ${Math.round(w.asLsvm.contextSwitchesPerS.mean)}/s`,
      );
    for (const c of h.checks)
      lines.push(
        `  checked: ${c.vm} at ${c.microsliceMs} ms, predicted median ${fmt(c.predictedP50Ms)}, observed ${fmt(c.observedP50Ms)} over ${c.observedCount} RTTs${c.p50ErrorPct === null ? '' : ` (${c.p50ErrorPct > 0 ? '+' : ''}${c.p50ErrorPct} %)`}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

export const adviseCommand: CliCommand = {
  name: 'advise',
  summary: 'which VM to make an LSVM, with its evidence (journal directory or --live host; --json)',
  async run(args, io) {
    const { flags, positionals } = parseArgs(args);
    const windowSec = intFlag(flags, 'window', 300, 86_400);
    const watchSec = intFlag(flags, 'watch', 30, 3600);
    const bad = [windowSec, watchSec].find((v): v is string => typeof v === 'string');
    const isLive = flags.get('live') === true;
    if (bad || (isLive ? positionals.length > 0 : positionals.length !== 1)) {
      io.stderr(bad ? `vslicer advise: ${bad}\n${USAGE}` : USAGE);
      return 2;
    }
    const hostFlag = flags.get('host');
    const host = typeof hostFlag === 'string' ? hostFlag : null;
    const predict = flags.has('predict');
    let hosts: HostOut[] | string;
    try {
      hosts = isLive
        ? await live(
            {
              host: host ?? 'demo',
              watchMs: (watchSec as number) * 1000,
              windowSec: Math.max(10, windowSec as number),
              predict,
            },
            io,
          )
        : await fromJournal(
            positionals[0]!,
            { host, windowMs: (windowSec as number) * 1000, predict },
            io,
          );
    } catch (e) {
      hosts = (e as Error).message;
    }
    if (typeof hosts === 'string') {
      io.stderr(`vslicer advise: ${hosts}\n`);
      return 1;
    }
    if (hosts.length === 0) {
      io.stderr('vslicer advise: no host with samples or probe rounds in that journal.\n');
      return 1;
    }
    const out: AdviseOutput = AdviseOutputSchema.parse({
      tool: 'vslicer advise',
      version,
      source: isLive ? { kind: 'live', path: null } : { kind: 'journal', path: positionals[0]! },
      hosts,
    });
    io.stdout(flags.has('json') ? `${JSON.stringify(out, null, 2)}\n` : human(out));
    return 0;
  },
};
