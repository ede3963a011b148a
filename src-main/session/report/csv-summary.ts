import { isoTime, type CsvCell } from './csv';
import type { Report } from './report-schema';

/**
 * The report's own tables as CSV (hosts, switches, class periods, histograms, before/after
 * comparisons, events, gaps, integrity): built from the finished report, small whatever the
 * session's length. The HTML lays the same figures out itself.
 */
type Table = [name: string, header: string[], rows: CsvCell[][]];

export function summaryTables(report: Report): Table[] {
  const hostName = new Map(report.hosts.map((h) => [h.hostId, h.name]));
  return [
    [
      'hosts',
      [
        'host_id',
        'name',
        'kind',
        'target',
        'profile',
        'guest_pcpus',
        'xen_version',
        'scheduler',
        'tslice_ms',
        'ratelimit_us',
        'switchable',
        'first_seen',
        'last_seen',
        'samples',
      ],
      report.hosts.map((h) => [
        h.hostId,
        h.name,
        h.kind,
        h.target,
        h.profile,
        h.guestPcpus,
        h.xenVersion,
        h.scheduler,
        h.tsliceMs,
        h.ratelimitUs,
        h.switchable,
        isoTime(h.firstSeen),
        isoTime(h.lastSeen),
        h.samples,
      ]),
    ],
    [
      'switches',
      [
        'id',
        'host_id',
        'host',
        'vm',
        'domid',
        'started',
        'finished',
        'from_class',
        'from_microslice_ms',
        'to_class',
        'to_microslice_ms',
        'state',
        'ok',
        'read_back_ms',
        'exit_code',
        'command',
        'argv_json',
        'host_reply',
        'error',
        'undo_of',
      ],
      report.switches.map((s) => [
        s.id,
        s.hostId,
        hostName.get(s.hostId),
        s.vm,
        s.domid,
        isoTime(s.startedAt),
        isoTime(s.finishedAt),
        s.from.vmClass,
        s.from.microsliceMs,
        s.to.vmClass,
        s.to.microsliceMs,
        s.state,
        s.ok,
        s.readBackMs,
        s.exitCode,
        s.command,
        JSON.stringify(s.argv),
        s.hostReply,
        s.error,
        s.undoOf,
      ]),
    ],
    [
      'periods',
      [
        'host_id',
        'vm',
        'period',
        'class',
        'microslice_ms',
        'from',
        'to',
        'cause',
        'switch_id',
        'sent',
        'replies',
        'lost',
        'loss_pct',
        'min_ms',
        'mean_ms',
        'p50_ms',
        'p95_ms',
        'p99_ms',
        'max_ms',
        'cpu_share_mean',
        'samples',
      ],
      report.vms.flatMap((v) =>
        v.periods.map((p) => {
          const l = p.latency;
          return [
            v.hostId,
            v.name,
            p.index,
            p.vmClass,
            p.microsliceMs,
            isoTime(p.from),
            isoTime(p.to),
            p.cause,
            p.switchId,
            l.sent,
            l.count,
            l.lost,
            l.lossPct,
            l.minMs,
            l.meanMs,
            l.p50Ms,
            l.p95Ms,
            l.p99Ms,
            l.maxMs,
            p.cpuShareMean,
            p.samples,
          ];
        }),
      ),
    ],
    [
      'histograms',
      ['host_id', 'vm', 'period', 'class', 'bucket_from_ms', 'bucket_to_ms', 'count'],
      report.vms.flatMap((v) =>
        v.periods.flatMap((p) => [
          ...p.histogram.counts.map((c, i): CsvCell[] => [
            v.hostId,
            v.name,
            p.index,
            p.vmClass,
            i * p.histogram.bucketMs,
            (i + 1) * p.histogram.bucketMs,
            c,
          ]),
          [v.hostId, v.name, p.index, p.vmClass, p.histogram.maxMs, null, p.histogram.overflow],
        ]),
      ),
    ],
    [
      'comparisons',
      [
        'switch_id',
        'host_id',
        'switched_vm',
        'time',
        'vm',
        'switched',
        'window',
        'class',
        'rtt_mean_ms',
        'p50_ms',
        'p99_ms',
        'cpu_share',
        'replies',
        'loss_pct',
        'change_rtt_mean_pct',
        'change_p50_pct',
        'change_p99_pct',
        'change_cpu_share_pct',
      ],
      report.comparisons.flatMap((c) =>
        c.rows.flatMap((r): CsvCell[][] => {
          const row = (side: 'before' | 'after', change: CsvCell[]): CsvCell[] => {
            const m = r[side];
            const cls = side === 'before' ? r.classBefore : r.classAfter;
            return [
              c.switchId,
              c.hostId,
              c.vm,
              isoTime(c.t),
              r.vm,
              r.switched,
              side,
              cls,
              m.rttMeanMs,
              m.p50Ms,
              m.p99Ms,
              m.cpuShare,
              m.replies,
              m.lossPct,
              ...change,
            ];
          };
          const ch = r.changePct;
          return [
            row('before', [null, null, null, null]),
            row('after', [ch.rttMeanMs, ch.p50Ms, ch.p99Ms, ch.cpuShare]),
          ];
        }),
      ),
    ],
    [
      'events',
      ['time', 't_ms', 'kind', 'host_id', 'text'],
      report.events.map((e) => [isoTime(e.t), e.t, e.kind, e.hostId, e.text]),
    ],
    [
      'gaps',
      ['host_id', 'kind', 'from', 'to', 'duration_ms', 'detail'],
      report.integrity.gaps.map((g) => [
        g.hostId,
        g.kind,
        isoTime(g.from),
        isoTime(g.to),
        g.durationMs,
        g.detail,
      ]),
    ],
    [
      'integrity',
      ['item', 'value'],
      [
        ['journal_sha256', report.integrity.journalSha256],
        ['records', report.integrity.records],
        ...Object.entries(report.integrity.recordsByKind).map(([k, n]): CsvCell[] => [
          `records_${k}`,
          n,
        ]),
        ...report.integrity.samplesPerHost.map((s): CsvCell[] => [
          `samples_${s.hostId}`,
          s.samples,
        ]),
        ['gaps_total_ms', report.integrity.gapsTotalMs],
        ['events_dropped', report.eventsDropped],
        ['damage_bad_lines', report.integrity.damage?.badLines ?? null],
        ['damage_torn_bytes', report.integrity.damage?.tornBytes ?? null],
        ...(report.integrity.damage?.samples ?? []).map((b): CsvCell[] => [
          `damage_segment_${b.segment}_line_${b.line}`,
          b.reason,
        ]),
        ...(report.integrity.damage?.notes ?? []).map((n, i): CsvCell[] => [
          `damage_note_${i + 1}`,
          n,
        ]),
      ],
    ],
  ];
}
