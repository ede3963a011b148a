import { join } from 'node:path';
import type { JournalRecord } from '../journal-record';
import { CellCache, CsvFile, isoTime, writeCsv, type CsvCell } from './csv';
import { pump, resolveMeta, type ExportInput } from './pump';
import { ReportBuilder } from './report-model';
import type { Report } from './report-schema';

/**
 * The CSV export: one file per table. The raw tables (samples, latency rounds) are written as
 * the journal streams by — one row per VM per sample, so their row counts equal what was
 * recorded; the summary tables come from the report built in the same pass.
 */
const SAMPLE_HEADER = ['time', 't_ms', 'host_id', 'vm', 'state', 'cpu_pct', 'share', 'mem_kib', 'max_mem_kib', 'vcpus', 'gap_before'];
const ROUND_HEADER = ['time', 't_ms', 'host_id', 'vm', 'address', 'sent', 'replies', 'lost', 'mean_ms', 'rtt_ms'];

export async function exportCsv(input: ExportInput): Promise<string[]> {
  const builder = new ReportBuilder();
  const cells = new CellCache();
  const samples = await CsvFile.create(join(input.dir, 'samples.csv'), SAMPLE_HEADER);
  const rounds = await CsvFile.create(join(input.dir, 'latency-rounds.csv'), ROUND_HEADER);
  try {
    await pump(
      input.records,
      (r) => {
        builder.add(r);
        if (r.kind === 'sample') {
          // The hot path (millions of rows): strings encoded once, numbers written as they are.
          const s = r.data;
          const head = `${isoTime(s.t)},${s.t},${cells.get(s.hostId)},`;
          const tail = `,${s.gapBefore ? 'true' : 'false'}\r\n`;
          let pending: Promise<void> | undefined;
          for (const d of s.domains) {
            const line = `${head}${cells.get(d.name)},${cells.get(d.state)},${num(d.cpuPct)},${num(d.share)},${num(d.memKiB)},${num(d.maxMemKiB)},${num(d.vcpus)}${tail}`;
            pending = samples.line(line) ?? pending;
          }
          return pending;
        }
        if (r.kind === 'latency') return rounds.line(roundLine(r.data, cells));
        return undefined;
      },
      input.control,
    );
    await samples.close();
    await rounds.close();
  } catch (e) {
    await samples.abandon();
    await rounds.abandon();
    throw e;
  }
  const report = builder.finish(await resolveMeta(input.meta));
  const tables = summaryTables(report);
  const files = [samples.path, rounds.path];
  for (const [name, header, rows] of tables) {
    const path = join(input.dir, `${name}.csv`);
    await writeCsv(path, header, rows);
    files.push(path);
  }
  return files;
}

function roundLine(l: Extract<JournalRecord, { kind: 'latency' }>['data'], cells: CellCache): string {
  let replies = 0;
  let sum = 0;
  // Lost echo requests are written as "lost" so a round keeps its order of replies.
  let rtts = '';
  for (const v of l.rttMs) {
    rtts += rtts ? ' ' : '';
    if (v === null) {
      rtts += 'lost';
      continue;
    }
    rtts += r3(v);
    replies++;
    sum += v;
  }
  // Min and max are left to the rtt_ms column: each float printed costs, times millions of rounds.
  const stats = replies ? r3(sum / replies) : '';
  return `${isoTime(l.t)},${l.t},${cells.get(l.hostId)},${cells.get(l.vm)},${cells.get(l.address)},${l.rttMs.length},${replies},${l.rttMs.length - replies},${stats},${rtts}\r\n`;
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;
const num = (v: number | null) => (v === null || !Number.isFinite(v) ? '' : v);

type Table = [name: string, header: string[], rows: CsvCell[][]];

/** The report's tables, one CSV each (shared by nothing else: the HTML lays them out itself). */
export function summaryTables(report: Report): Table[] {
  const hostName = new Map(report.hosts.map((h) => [h.hostId, h.name]));
  return [
    ['hosts', ['host_id', 'name', 'kind', 'target', 'profile', 'guest_pcpus', 'xen_version', 'scheduler', 'tslice_ms', 'ratelimit_us', 'switchable', 'first_seen', 'last_seen', 'samples'],
      report.hosts.map((h) => [h.hostId, h.name, h.kind, h.target, h.profile, h.guestPcpus, h.xenVersion, h.scheduler, h.tsliceMs, h.ratelimitUs, h.switchable, isoTime(h.firstSeen), isoTime(h.lastSeen), h.samples])],
    ['switches', ['id', 'host_id', 'host', 'vm', 'domid', 'started', 'finished', 'from_class', 'from_microslice_ms', 'to_class', 'to_microslice_ms', 'state', 'ok', 'read_back_ms', 'exit_code', 'command', 'argv_json', 'host_reply', 'error', 'undo_of'],
      report.switches.map((s) => [s.id, s.hostId, hostName.get(s.hostId), s.vm, s.domid, isoTime(s.startedAt), isoTime(s.finishedAt), s.from.vmClass, s.from.microsliceMs, s.to.vmClass, s.to.microsliceMs, s.state, s.ok, s.readBackMs, s.exitCode, s.command, JSON.stringify(s.argv), s.hostReply, s.error, s.undoOf])],
    ['periods', ['host_id', 'vm', 'period', 'class', 'microslice_ms', 'from', 'to', 'cause', 'switch_id', 'sent', 'replies', 'lost', 'loss_pct', 'min_ms', 'mean_ms', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms', 'cpu_share_mean', 'samples'],
      report.vms.flatMap((v) => v.periods.map((p) => {
        const l = p.latency;
        return [v.hostId, v.name, p.index, p.vmClass, p.microsliceMs, isoTime(p.from), isoTime(p.to), p.cause, p.switchId, l.sent, l.count, l.lost, l.lossPct, l.minMs, l.meanMs, l.p50Ms, l.p95Ms, l.p99Ms, l.maxMs, p.cpuShareMean, p.samples];
      }))],
    ['histograms', ['host_id', 'vm', 'period', 'class', 'bucket_from_ms', 'bucket_to_ms', 'count'],
      report.vms.flatMap((v) => v.periods.flatMap((p) => [
        ...p.histogram.counts.map((c, i): CsvCell[] => [v.hostId, v.name, p.index, p.vmClass, i * p.histogram.bucketMs, (i + 1) * p.histogram.bucketMs, c]),
        [v.hostId, v.name, p.index, p.vmClass, p.histogram.maxMs, null, p.histogram.overflow],
      ]))],
    ['comparisons', ['switch_id', 'host_id', 'switched_vm', 'time', 'vm', 'switched', 'window', 'class', 'rtt_mean_ms', 'p50_ms', 'p99_ms', 'cpu_share', 'replies', 'loss_pct', 'change_rtt_mean_pct', 'change_p50_pct', 'change_p99_pct', 'change_cpu_share_pct'],
      report.comparisons.flatMap((c) => c.rows.flatMap((r): CsvCell[][] => [
        [c.switchId, c.hostId, c.vm, isoTime(c.t), r.vm, r.switched, 'before', r.classBefore, r.before.rttMeanMs, r.before.p50Ms, r.before.p99Ms, r.before.cpuShare, r.before.replies, r.before.lossPct, null, null, null, null],
        [c.switchId, c.hostId, c.vm, isoTime(c.t), r.vm, r.switched, 'after', r.classAfter, r.after.rttMeanMs, r.after.p50Ms, r.after.p99Ms, r.after.cpuShare, r.after.replies, r.after.lossPct, r.changePct.rttMeanMs, r.changePct.p50Ms, r.changePct.p99Ms, r.changePct.cpuShare],
      ]))],
    ['events', ['time', 't_ms', 'kind', 'host_id', 'text'], report.events.map((e) => [isoTime(e.t), e.t, e.kind, e.hostId, e.text])],
    ['gaps', ['host_id', 'kind', 'from', 'to', 'duration_ms', 'detail'],
      report.integrity.gaps.map((g) => [g.hostId, g.kind, isoTime(g.from), isoTime(g.to), g.durationMs, g.detail])],
    ['integrity', ['item', 'value'], [
      ['journal_sha256', report.integrity.journalSha256],
      ['records', report.integrity.records],
      ...Object.entries(report.integrity.recordsByKind).map(([k, n]): CsvCell[] => [`records_${k}`, n]),
      ...report.integrity.samplesPerHost.map((s): CsvCell[] => [`samples_${s.hostId}`, s.samples]),
      ['gaps_total_ms', report.integrity.gapsTotalMs],
      ['events_dropped', report.eventsDropped],
    ]],
  ];
}
