import type { Comparison, ComparisonRow, Metrics, Report, SwitchReport } from './report-schema';
import { esc, histogramChart, lineChart } from './svg-charts';

/**
 * The story of one class switch, the heart of the report, told the way the paper's tables tell
 * it: what was asked, what the host answered, what was read back, and what it did to latency and
 * CPU share — a table with one row per VM and window, metrics as columns and the change in
 * percent, as in Tables 1–3 of the vSlicer paper.
 */
export function switchStory(
  report: Report,
  sw: SwitchReport,
  cmp: Comparison | undefined,
  hostName: string,
): string {
  const vm = report.vms.find((v) => v.hostId === sw.hostId && v.name === sw.vm);
  const when = utc(sw.finishedAt ?? sw.startedAt);
  const out: string[] = [`<section class="story" id="switch-${esc(sw.id)}">`];
  out.push(
    `<h3>${esc(sw.vm)} on ${esc(hostName)}: ${sw.from.vmClass} → ${sw.to.vmClass} <span class="badge ${sw.ok ? 'ok' : 'bad'}">${sw.ok ? 'verified' : sw.state}</span></h3>`,
  );
  const reply = sw.hostReply.trim()
    ? `the host replied <q>${esc(sw.hostReply.trim())}</q>`
    : 'the host printed nothing';
  const exit = sw.exitCode === null ? '' : ` (exit status ${sw.exitCode})`;
  let sentence = `At ${when}, ${esc(sw.vm)} was switched from ${sw.from.vmClass} (microslice ${sw.from.microsliceMs} ms) to ${sw.to.vmClass} (microslice ${sw.to.microsliceMs} ms). `;
  sentence += `The app ran <code>${esc(sw.command)}</code>; ${reply}${exit}`;
  if (sw.state === 'done') {
    sentence +=
      sw.readBackMs === null
        ? '.'
        : `, and the microslice read back as ${sw.readBackMs} ms — ${sw.ok ? 'the change is verified' : 'which does not match the request'}.`;
  } else if (sw.state === 'failed') {
    sentence += `. The switch failed${sw.error ? `: ${esc(sw.error)}` : ''}; the VM stayed ${sw.from.vmClass}.`;
  } else {
    sentence += '. The journal ends before the switch finished.';
  }
  if (sw.undoOf) sentence += ` This switch undid an earlier one (${esc(sw.undoOf)}).`;
  out.push(`<p>${sentence}</p>`);
  const row = cmp?.rows.find((r) => r.switched);
  if (cmp && row) out.push(`<p>${effectSentence(sw.vm, cmp, row.before, row.after)}</p>`);
  if (vm && cmp) {
    const inWindow = (t: number) => t >= cmp.before.from && t <= cmp.after.to;
    const rtt = { ...vm.rtt, points: vm.rtt.points.filter((p) => inWindow(p.t)) };
    out.push('<div class="charts">');
    out.push(
      lineChart({
        title: `${sw.vm}: RTT per probe round (mean, min–max band)`,
        yLabel: 'ms',
        series: [{ label: sw.vm, color: '#1f77b4', series: rtt, band: true }],
        markers: [{ t: cmp.t, label: `${sw.to.vmClass}` }],
        width: 560,
        height: 180,
      }),
    );
    const after = vm.periods.find((p) => p.switchId === sw.id);
    const before = after ? vm.periods[after.index - 1] : undefined;
    if (before && after) {
      out.push(
        histogramChart(`${sw.vm}: RTT histogram, before vs after`, [
          { label: `before (${before.vmClass ?? '?'})`, color: '#d62728', h: before.histogram },
          { label: `after (${after.vmClass ?? '?'})`, color: '#1f77b4', h: after.histogram },
        ]),
      );
    }
    out.push('</div>');
  }
  if (cmp) out.push(comparisonTable(cmp));
  out.push('</section>');
  return out.join('\n');
}

function effectSentence(vm: string, cmp: Comparison, b: Metrics, a: Metrics): string {
  const span = (w: { from: number; to: number }) => duration(w.to - w.from);
  if (b.rttMeanMs === null || a.rttMeanMs === null) {
    return `There are not enough probe replies on both sides of the switch to compare ${esc(vm)}'s latency (${b.replies} before, ${a.replies} after).`;
  }
  const diff = a.rttMeanMs - b.rttMeanMs;
  const pct = b.rttMeanMs === 0 ? '' : ` (${Math.abs(Math.round((diff / b.rttMeanMs) * 100))}%)`;
  const dir = diff < 0 ? `${ms(-diff)}${pct} lower` : `${ms(diff)}${pct} higher`;
  const waits =
    b.waitMeanMs !== null && a.waitMeanMs !== null
      ? ` It waited for a pCPU ${ms(b.waitMeanMs)} on average before (99 % of waits ≤ ${ms(b.waitP99MaxMs)}) and ${ms(a.waitMeanMs)} after (≤ ${ms(a.waitP99MaxMs)}), as the hypervisor counts it.`
      : '';
  return `Over the ${span(cmp.before)} before, ${esc(vm)}'s mean RTT was ${ms(b.rttMeanMs)} (p99 ${ms(b.p99Ms)}); over the ${span(cmp.after)} after, ${ms(a.rttMeanMs)} (p99 ${ms(a.p99Ms)}): ${dir}. Its CPU share went from ${pctOf(b.cpuShare)} to ${pctOf(a.cpuShare)}.${waits}`;
}

/** The paper's layout: configurations as rows, metrics as columns, the change beside the after value. */
export function comparisonTable(cmp: Comparison): string {
  // Scheduling waits only where the host counted them: a column of dashes says nothing.
  const waits = cmp.rows.some((r) => r.before.waits > 0 || r.after.waits > 0);
  const waitHead = waits ? '<th>Wait mean</th><th>Wait p99 ≤</th>' : '';
  const head = `<tr><th>VM</th><th>Window</th><th>Class</th><th>RTT mean</th><th>RTT p50</th><th>RTT p99</th><th>CPU share</th><th>Replies</th><th>Loss</th>${waitHead}</tr>`;
  const waitCells = (m: Metrics, c: ComparisonRow['changePct'] | null) =>
    waits
      ? `<td>${ms(m.waitMeanMs)}${c ? chg(c.waitMeanMs) : ''}</td><td>${ms(m.waitP99MaxMs)}${c ? chg(c.waitP99MaxMs) : ''}</td>`
      : '';
  const body: string[] = [];
  for (const r of cmp.rows) {
    const cls = r.switched ? ' class="switched"' : '';
    body.push(
      `<tr${cls}><td rowspan="2">${esc(r.vm)}${r.switched ? ' ★' : ''}</td><td>before</td><td>${r.classBefore ?? '—'}</td><td>${ms(r.before.rttMeanMs)}</td><td>${ms(r.before.p50Ms)}</td><td>${ms(r.before.p99Ms)}</td><td>${pctOf(r.before.cpuShare)}</td><td>${r.before.replies}</td><td>${loss(r.before.lossPct)}</td>${waitCells(r.before, null)}</tr>`,
    );
    const c = r.changePct;
    body.push(
      `<tr${cls}><td>after</td><td>${r.classAfter ?? '—'}</td><td>${ms(r.after.rttMeanMs)}${chg(c.rttMeanMs)}</td><td>${ms(r.after.p50Ms)}${chg(c.p50Ms)}</td><td>${ms(r.after.p99Ms)}${chg(c.p99Ms)}</td><td>${pctOf(r.after.cpuShare)}${chg(c.cpuShare)}</td><td>${r.after.replies}</td><td>${loss(r.after.lossPct)}</td>${waitCells(r.after, c)}</tr>`,
    );
  }
  return `<table class="cmp"><caption>Before and after the switch at ${utc(cmp.t)} (windows: ${utc(cmp.before.from)} – ${utc(cmp.after.to)})</caption><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

export function ms(v: number | null): string {
  if (v === null) return '—';
  return `${v >= 100 ? Math.round(v) : v.toFixed(v >= 10 ? 1 : 2)} ms`;
}

export function pctOf(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

function loss(p: number | null): string {
  return p === null ? '—' : `${p.toFixed(1)}%`;
}

function chg(p: number | null): string {
  if (p === null) return '';
  const cls = p < 0 ? 'down' : p > 0 ? 'up' : '';
  return ` <span class="chg ${cls}">(${p > 0 ? '+' : p < 0 ? '−' : '±'}${Math.abs(p).toFixed(1)}%)</span>`;
}

export function utc(t: number | null): string {
  return t === null ? '—' : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

export function duration(msTotal: number): string {
  const s = Math.round(msTotal / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
