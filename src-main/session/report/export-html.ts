import { PRIVATE_FILE } from '../private-files';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPORT_CSS } from './html-style';
import { duration, ms, pctOf, switchStory, utc } from './html-story';
import type { JournalDamage } from '../../common/session';
import { pump, resolveMeta, type ExportInput } from './pump';
import { ReportBuilder } from './report-model';
import { alertSection } from './alert-report';
import type { Report } from './report-schema';
import { PALETTE, esc, histogramChart, lineChart } from './svg-charts';

/**
 * The HTML report: one self-contained file (inline CSS, inline SVG, no script, no external URL;
 * a CSP forbids fetching anything) that opens offline and prints to PDF — the same file the PDF
 * export prints. It reads top-down: what was watched, what was switched and what that did, then
 * the details (VMs, CPU share and fairness, events) and how complete the data is.
 */
/** The advisor's predictions against what the probes showed after each switch. */
function predictionSection(report: Report, name: (hostId: string) => string): string {
  const rows = report.predictions.map(
    (c) =>
      `<tr><td>${esc(name(c.hostId))}</td><td>${esc(c.vm)}</td><td>${utc(c.t)}</td><td>${c.microsliceMs} ms</td><td>${ms(c.predictedP50Ms)}</td><td>${ms(c.observedP50Ms)}</td><td>${c.p50ErrorPct === null ? '—' : `${c.p50ErrorPct > 0 ? '+' : c.p50ErrorPct < 0 ? '−' : '±'}${Math.abs(c.p50ErrorPct).toFixed(1)}%`}</td><td>${ms(c.predictedP99Ms)}</td><td>${ms(c.observedP99Ms)}</td><td>${c.observedCount}</td></tr>`,
  );
  return `<section><h2>Advisor predictions against observations</h2><p>The scheduling engine's prediction shown before each switch, and the ping RTTs the host then showed until its next switch.</p><table><thead><tr><th>Host</th><th>VM</th><th>Switched</th><th>Microslice</th><th>Predicted p50</th><th>Observed p50</th><th>Error</th><th>Predicted p99</th><th>Observed p99</th><th>RTTs</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function renderHtml(report: Report): string {
  const hostName = new Map(report.hosts.map((h) => [h.hostId, h.name]));
  const name = (id: string) => hostName.get(id) ?? id;
  const parts: string[] = [];
  parts.push(`<!doctype html><html lang="en"><head><meta charset="utf-8">`);
  parts.push(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
  );
  parts.push(`<meta name="viewport" content="width=device-width, initial-scale=1">`);
  parts.push(
    `<title>${esc(report.title)} — vSlicer Console report</title><style>${REPORT_CSS}</style></head><body>`,
  );
  parts.push(
    `<header><h1>${esc(report.title)}</h1><p class="meta">Session <code>${esc(report.sessionId)}</code> · ${utc(report.from)} – ${utc(report.to)} (${duration((report.to ?? 0) - (report.from ?? 0))}) · ${report.hosts.length} host(s), ${report.vms.length} VM(s), ${report.switches.length} class switch(es) · generated ${utc(report.generatedAt)}</p></header>`,
  );

  parts.push(
    '<section><h2>Hosts</h2><table><thead><tr><th>Host</th><th>Target</th><th>Profile</th><th>Xen</th><th>Scheduler</th><th>T<sub>NLSVM</sub> (tslice)</th><th>Rate limit</th><th>Guest pCPUs</th><th>Samples</th></tr></thead><tbody>',
  );
  for (const h of report.hosts) {
    parts.push(
      `<tr><td>${esc(h.name)}</td><td>${esc(h.target ?? '—')}</td><td>${esc(h.profile ?? '—')}</td><td>${esc(h.xenVersion ?? 'not recorded')}</td><td>${esc(h.scheduler ?? '—')}</td><td>${h.tsliceMs === null ? '—' : `${h.tsliceMs} ms`}</td><td>${h.ratelimitUs === null ? '—' : `${h.ratelimitUs} µs`}</td><td>${h.guestPcpus ?? '—'}</td><td>${h.samples}</td></tr>`,
    );
  }
  parts.push('</tbody></table></section>');

  parts.push(`<section><h2>Class switches</h2>`);
  if (report.switches.length === 0)
    parts.push('<p>No class switch was recorded in this session.</p>');
  for (const sw of report.switches) {
    const cmp = report.comparisons.find((c) => c.switchId === sw.id);
    parts.push(switchStory(report, sw, cmp, name(sw.hostId)));
  }
  parts.push('</section>');

  if (report.predictions.length > 0) parts.push(predictionSection(report, name));
  parts.push(alertSection(report.alerts, name));

  parts.push('<section><h2>CPU share and fairness</h2>');
  for (const h of report.hosts) {
    const vms = report.vms.filter((v) => v.hostId === h.hostId);
    const markers = report.comparisons
      .filter((c) => c.hostId === h.hostId)
      .map((c) => ({ t: c.t, label: c.vm }));
    parts.push(`<div class="charts">`);
    parts.push(
      lineChart({
        title: `${h.name}: CPU share per VM`,
        yLabel: 'share',
        series: vms.map((v, i) => ({
          label: v.name,
          color: PALETTE[i % PALETTE.length]!,
          series: v.cpuShare,
        })),
        markers,
      }),
    );
    parts.push(
      lineChart({
        title: `${h.name}: Jain's fairness index of guest CPU shares`,
        yLabel: 'index',
        yMax: 1,
        series: [{ label: 'fairness', color: '#2ca02c', series: h.fairness, band: true }],
        markers,
        height: 160,
      }),
    );
    parts.push(
      `</div><p class="legend">${vms.map((v, i) => `<span style="color:${PALETTE[i % PALETTE.length]}">■</span> ${esc(v.name)}`).join(' · ')}</p>`,
    );
  }
  parts.push('</section>');

  parts.push('<section><h2>VMs, class periods and latency</h2>');
  for (const v of report.vms) {
    parts.push(
      `<div class="vm"><h3>${esc(v.name)} <small>on ${esc(name(v.hostId))}${v.domid === null ? '' : `, domain ${v.domid}`}</small></h3>`,
    );
    // Scheduling waits (the hypervisor's count) only for VMs of hosts that give them.
    const waits = v.periods.some((p) => p.waits !== null);
    parts.push(
      `<table><thead><tr><th>#</th><th>Class</th><th>Microslice</th><th>From</th><th>To</th><th>Since</th><th>Sent</th><th>Loss</th><th>Min</th><th>Mean</th><th>p50</th><th>p95</th><th>p99</th><th>Max</th><th>CPU share</th>${waits ? '<th>Wait mean</th><th>Wait p99 ≤</th><th>Wait max</th>' : ''}</tr></thead><tbody>`,
    );
    for (const p of v.periods) {
      const l = p.latency;
      const w = p.waits;
      const cause = p.cause === 'switch' ? 'switch' : p.cause === 'listing' ? 'listing' : 'start';
      parts.push(
        `<tr><td>${p.index + 1}</td><td>${p.vmClass ?? '?'}</td><td>${p.microsliceMs === null ? '—' : `${p.microsliceMs} ms`}</td><td>${utc(p.from)}</td><td>${utc(p.to)}</td><td>${cause}</td><td>${l.sent}</td><td>${l.lossPct === null ? '—' : `${l.lossPct.toFixed(1)}%`}</td><td>${ms(l.minMs)}</td><td>${ms(l.meanMs)}</td><td>${ms(l.p50Ms)}</td><td>${ms(l.p95Ms)}</td><td>${ms(l.p99Ms)}</td><td>${ms(l.maxMs)}</td><td>${pctOf(p.cpuShareMean)}</td>${waits ? `<td>${ms(w?.meanMs ?? null)}</td><td>${ms(w?.p99MaxMs ?? null)}</td><td>${ms(w?.maxMs ?? null)}</td>` : ''}</tr>`,
      );
    }
    parts.push('</tbody></table><div class="charts">');
    for (const p of v.periods) {
      if (p.latency.count > 0)
        parts.push(
          histogramChart(
            `Period ${p.index + 1} (${p.vmClass ?? '?'})`,
            [
              {
                label: `${p.latency.count} replies`,
                color: p.vmClass === 'LSVM' ? '#1f77b4' : '#d62728',
                h: p.histogram,
              },
            ],
            300,
            140,
          ),
        );
    }
    parts.push('</div></div>');
  }
  parts.push('</section>');

  parts.push(
    '<section><h2>Event log</h2><table><thead><tr><th>Time</th><th>Kind</th><th>Host</th><th>What happened</th></tr></thead><tbody>',
  );
  for (const e of report.events) {
    parts.push(
      `<tr><td>${utc(e.t)}</td><td>${e.kind}</td><td>${esc(e.hostId === null ? '—' : name(e.hostId))}</td><td>${esc(e.text)}</td></tr>`,
    );
  }
  parts.push('</tbody></table>');
  if (report.eventsDropped > 0)
    parts.push(
      `<p class="warn">${report.eventsDropped} further events are not listed (the log keeps the first 5,000).</p>`,
    );
  parts.push('</section>');

  const g = report.integrity;
  parts.push('<section><h2>Data integrity</h2><table class="kv"><tbody>');
  parts.push(`<tr><th>Journal SHA-256</th><td><code>${esc(g.journalSha256)}</code></td></tr>`);
  parts.push(
    `<tr><th>Records</th><td>${g.records} (${Object.entries(g.recordsByKind)
      .map(([k, n]) => `${esc(k)}: ${n}`)
      .join(', ')})</td></tr>`,
  );
  parts.push(
    `<tr><th>Samples per host</th><td>${g.samplesPerHost.map((s) => `${esc(name(s.hostId))}: ${s.samples}`).join(', ') || '—'}</td></tr>`,
  );
  parts.push(
    `<tr><th>Gaps</th><td>${g.gaps.length} totalling ${duration(g.gapsTotalMs)}</td></tr>`,
  );
  parts.push(`<tr><th>Journal damage</th><td>${esc(damageText(g.damage))}</td></tr>`);
  parts.push('</tbody></table>');
  if (g.damage && g.damage.samples.length > 0) {
    parts.push(
      '<table><thead><tr><th>Segment</th><th>Line</th><th>Why it was skipped</th></tr></thead><tbody>',
    );
    for (const b of g.damage.samples)
      parts.push(`<tr><td>${b.segment}</td><td>${b.line}</td><td>${esc(b.reason)}</td></tr>`);
    parts.push('</tbody></table>');
  }
  if (g.gaps.length > 0) {
    parts.push(
      '<table><thead><tr><th>Host</th><th>Kind</th><th>From</th><th>To</th><th>Duration</th><th>Detail</th></tr></thead><tbody>',
    );
    for (const gap of g.gaps)
      parts.push(
        `<tr><td>${esc(name(gap.hostId))}</td><td>${gap.kind}</td><td>${utc(gap.from)}</td><td>${utc(gap.to)}</td><td>${duration(gap.durationMs)}</td><td>${esc(gap.detail)}</td></tr>`,
      );
    parts.push('</tbody></table>');
  }
  parts.push(
    '</section><footer>vSlicer Console · report format vslicer-report v1 · percentiles from 1 %-resolution histograms</footer></body></html>',
  );
  return parts.join('\n');
}

export async function exportHtml(input: ExportInput): Promise<string[]> {
  const builder = new ReportBuilder();
  await pump(input.records, (r) => builder.add(r), input.control);
  const path = join(input.dir, 'report.html');
  await writeFile(path, renderHtml(builder.finish(await resolveMeta(input.meta))), {
    mode: PRIVATE_FILE,
  });
  return [path];
}

/** The journal's damage in one line: how many, where, why. */
function damageText(d: JournalDamage | null): string {
  if (!d) return 'not checked';
  const parts: string[] = [];
  if (d.badLines > 0) {
    parts.push(
      `${d.badLines} unreadable line${d.badLines === 1 ? '' : 's'} skipped (listed below)`,
    );
  }
  if (d.tornBytes > 0) parts.push(`${d.tornBytes} bytes of a torn last write dropped`);
  parts.push(...d.notes);
  return parts.length > 0 ? parts.join('; ') : 'none: every line read';
}
