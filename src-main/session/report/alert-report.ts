import { ALERT_KINDS, type Alert } from '../../common/alerts';
import { isoTime, type CsvCell } from './csv';
import { duration, utc } from './html-story';
import { esc } from './svg-charts';
import type { AlertReport } from './report-schema';

/**
 * The session's in-app alerts in the report: one row per alert, from its raise to its clear (or
 * the end of the session while still raised), with the figure at each end and both messages
 * (AlertReportSchema). The JSON carries the rows, the CSV writes them as `alerts.csv`, the HTML as
 * a table.
 */

/** The row an alert starts as, at its raise. */
const rowOf = (a: Alert): AlertReport => ({
  id: a.id,
  hostId: a.hostId,
  vm: a.vm,
  kind: a.kind,
  raisedAt: a.raisedAt,
  clearedAt: null,
  durationMs: null,
  bound: a.bound,
  valueAtRaise: a.value,
  valueAtClear: null,
  raiseMessage: a.message,
  clearMessage: null,
});

/** Collects alert records into rows; a raise and its clear meet by the alert's id. */
export class AlertRows {
  private readonly rows = new Map<string, AlertReport>();

  add(a: Alert): void {
    const row = this.rows.get(a.id);
    if (a.state === 'raised') {
      if (!row) this.rows.set(a.id, rowOf(a));
      return;
    }
    // A clear whose raise came before the session began still tells when it ended.
    const base = row ?? { ...rowOf(a), valueAtRaise: null, raiseMessage: '' };
    const clearedAt = a.clearedAt ?? a.raisedAt;
    this.rows.set(a.id, {
      ...base,
      clearedAt,
      durationMs: clearedAt - base.raisedAt,
      valueAtClear: a.value,
      clearMessage: a.message,
    });
  }

  /** By raise time. */
  toReport(): AlertReport[] {
    return [...this.rows.values()].sort((a, b) => a.raisedAt - b.raisedAt);
  }
}

/** `alerts.csv`: one row per alert. */
export function alertTable(
  alerts: readonly AlertReport[],
  hostName: (id: string) => string | undefined,
): [name: string, header: string[], rows: CsvCell[][]] {
  return [
    'alerts',
    [
      'id',
      'host_id',
      'host',
      'vm',
      'rule',
      'raised',
      'cleared',
      'duration_ms',
      'bound',
      'value_at_raise',
      'value_at_clear',
      'raise_message',
      'clear_message',
    ],
    alerts.map((a) => [
      a.id,
      a.hostId,
      hostName(a.hostId),
      a.vm,
      a.kind,
      isoTime(a.raisedAt),
      isoTime(a.clearedAt),
      a.durationMs,
      a.bound,
      a.valueAtRaise,
      a.valueAtClear,
      a.raiseMessage,
      a.clearMessage,
    ]),
  ];
}

/** The HTML report's alert table. */
export function alertSection(alerts: readonly AlertReport[], name: (id: string) => string): string {
  const rows = alerts.map(
    (a) =>
      `<tr><td>${esc(name(a.hostId))}</td><td>${esc(a.vm ?? '(host)')}</td><td>${esc(ALERT_KINDS[a.kind].label)}</td><td>${utc(a.raisedAt)}</td><td>${a.clearedAt === null ? 'still raised' : utc(a.clearedAt)}</td><td>${a.durationMs === null ? '—' : duration(a.durationMs)}</td><td>${esc(a.raiseMessage || '—')}</td><td>${esc(a.clearMessage ?? '—')}</td></tr>`,
  );
  const body =
    alerts.length === 0
      ? '<p>No alert was raised in this session.</p>'
      : `<table><thead><tr><th>Host</th><th>VM</th><th>Rule</th><th>Raised</th><th>Cleared</th><th>For</th><th>At the raise</th><th>At the clear</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `<section><h2>Alerts</h2><p>The console's alert rules (the same as the Prometheus rules shipped with it): each alert from its raise to its clear.</p>${body}</section>`;
}
