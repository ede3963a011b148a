import { isoTime, type CsvCell } from './csv';
import type { Report } from './report-schema';

/**
 * The advisor's predictions held against what the host showed after each switch, as the HTML
 * report's "Advisor predictions against observations" and the JSON report's `predictions`: one
 * row per switch (its last check), predicted and observed RTTs side by side, the median's error in
 * % — so operators can learn from the CSV too how far to trust the what-if.
 */
export function predictionsTable(report: Report): [string, string[], CsvCell[][]] {
  const hostName = new Map(report.hosts.map((h) => [h.hostId, h.name]));
  return [
    'predictions',
    [
      'switch_id',
      'host_id',
      'host',
      'vm',
      'switched',
      'microslice_ms',
      'predicted_p50_ms',
      'observed_p50_ms',
      'p50_error_pct',
      'predicted_p99_ms',
      'observed_p99_ms',
      'observed_rtts',
    ],
    report.predictions.map((c) => [
      c.switchId,
      c.hostId,
      hostName.get(c.hostId),
      c.vm,
      isoTime(c.t),
      c.microsliceMs,
      c.predictedP50Ms,
      c.observedP50Ms,
      c.p50ErrorPct,
      c.predictedP99Ms,
      c.observedP99Ms,
      c.observedCount,
    ]),
  ];
}
