import { readFile } from 'node:fs/promises';
import type { ChatterLine } from '../xen/text/lines';
import { shiftIssue, type ParseIssue } from '../xen/text/parse-issue';
import { parsePing } from '../xen/ping';
import { parseXlCpupoolList } from '../xen/xl-cpupool';
import { parseXlInfo } from '../xen/xl-info';
import { parseXlList } from '../xen/xl-list';
import { parseXlSchedRtds } from '../xen/xl-rtds';
import { parseXlSched } from '../xen/xl-sched';
import { parseXlVcpuList } from '../xen/xl-vcpu-list';
import { parseXentopFrame, splitXentopIterations } from '../xen/xentop/index';
import type { CliCommand, CliIo } from './command';

/**
 * `vslicer parse <kind> [FILE|-] [--json]`: runs a host's captured output through
 * the same parsers the app uses, so an operator can check a host before adding it. Exit status 0
 * when every line parsed, 1 when some were rejected, 2 on a usage error or an unreadable file.
 */
const KINDS = [
  'xentop',
  'xl-list',
  'xl-info',
  'xl-sched',
  'xl-vcpu-list',
  'ping',
  'xl-cpupool-list',
  'xl-sched-rtds',
] as const;
type Kind = (typeof KINDS)[number];

const USAGE = `usage: vslicer parse <${KINDS.join('|')}> [FILE|-] [--json]\n`;

interface Parsed {
  /** What --json prints. */
  data: Record<string, unknown>;
  errors: ParseIssue[];
  chatter: ChatterLine[];
  /** Records parsed, for the human summary. */
  count: number;
}

/** `{ name: record }` as printed; a name seen again goes to `duplicates` instead of overwriting. */
function keyed<T extends { name: string }>(
  records: readonly T[],
): { domains: Record<string, T>; duplicates: T[] } {
  const domains: Record<string, T> = Object.create(null);
  const duplicates: T[] = [];
  for (const r of records) {
    if (r.name in domains) duplicates.push(r);
    else domains[r.name] = r;
  }
  return { domains, duplicates };
}

function parseXentopText(text: string): Parsed {
  const iterations: Array<Record<string, unknown>> = [];
  const errors: ParseIssue[] = [];
  const chatter: ChatterLine[] = [];
  let offset = 0;
  let count = 0;
  for (const it of splitXentopIterations(text)) {
    const f = parseXentopFrame(it);
    const frameErrors = f.errors.map((e) => shiftIssue(e, offset));
    errors.push(...frameErrors);
    chatter.push(...(f.chatter ?? []).map((c) => ({ ...c, line: c.line + offset })));
    count += f.domains.length;
    iterations.push({
      columns: f.columns,
      ...keyed(f.domains),
      pcpus: f.pcpus,
      errors: frameErrors,
    });
    offset += it.split('\n').length - 1;
  }
  return { data: { iterations }, errors, chatter, count };
}

/** What a table parser found, as the command prints it. */
function tableOf(
  r: { records: unknown[]; errors: Parsed['errors']; chatter?: Parsed['chatter'] },
  data: Parsed['data'],
): Parsed {
  return { data, errors: r.errors, chatter: r.chatter ?? [], count: r.records.length };
}

function parseKind(kind: Kind, text: string): Parsed {
  switch (kind) {
    case 'xentop':
      return parseXentopText(text);
    case 'xl-list': {
      const r = parseXlList(text);
      return tableOf(r, keyed(r.records));
    }
    case 'xl-sched': {
      const r = parseXlSched(text);
      return tableOf(r, { pools: r.pools, ...keyed(r.records) });
    }
    case 'xl-vcpu-list': {
      const r = parseXlVcpuList(text);
      return tableOf(r, { vcpus: r.records });
    }
    case 'xl-cpupool-list': {
      const r = parseXlCpupoolList(text);
      return tableOf(r, { pools: r.records });
    }
    case 'xl-sched-rtds': {
      const r = parseXlSchedRtds(text);
      return tableOf(r, { rows: r.records });
    }
    case 'xl-info': {
      const { errors, chatter, ...info } = parseXlInfo(text);
      return { data: { info }, errors, chatter, count: Object.keys(info.values).length };
    }
    case 'ping': {
      const { errors, chatter, ...result } = parsePing(text);
      return { data: { ping: result }, errors, chatter, count: result.replies.length };
    }
  }
}

/** Counters are numbers no larger than 2^53 − 1 (larger ones are rejected), so JSON keeps them exact. */
function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

async function readInput(file: string, io: CliIo): Promise<string> {
  return file === '-' ? io.readStdin() : readFile(file, 'utf8');
}

export const parseCommand: CliCommand = {
  name: 'parse',
  summary: `Parse captured host output (${KINDS.join(', ')}) and report what the app would read`,
  async run(args, io) {
    const json = args.includes('--json');
    const rest = args.filter((a) => a !== '--json');
    if (rest.includes('-h') || rest.includes('--help')) {
      io.stdout(USAGE);
      return 0;
    }
    const [kind, file = '-', ...extra] = rest;
    if (
      !kind ||
      !(KINDS as readonly string[]).includes(kind) ||
      extra.length > 0 ||
      (file.startsWith('-') && file !== '-')
    ) {
      io.stderr(
        kind && !(KINDS as readonly string[]).includes(kind)
          ? `vslicer parse: unknown kind '${kind}'\n${USAGE}`
          : USAGE,
      );
      return 2;
    }
    let text: string;
    try {
      text = await readInput(file, io);
    } catch (e) {
      io.stderr(
        `vslicer parse: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}\n`,
      );
      return 2;
    }
    const p = parseKind(kind as Kind, text);
    if (json) {
      io.stdout(toJson({ kind, ...p.data, errors: p.errors, chatter: p.chatter }) + '\n');
    } else {
      io.stdout(
        `${kind}: ${p.count} record(s) parsed, ${p.errors.length} line(s) rejected, ${p.chatter.length} stderr line(s)\n`,
      );
      for (const e of p.errors) io.stdout(`  ${e.message}\n`);
      for (const c of p.chatter) io.stdout(`  line ${c.line}: stderr chatter: ${c.text}\n`);
    }
    return p.errors.length > 0 ? 1 : 0;
  },
};
