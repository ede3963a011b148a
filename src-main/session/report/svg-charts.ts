import type { Histogram, Series } from './report-schema';

/**
 * Charts for the HTML report as inline SVG strings: no script, no library, no network — the file
 * opens offline years later and prints to PDF as vectors. Lines break at recorded gaps (never
 * interpolate across an outage); a min/max band shows what bucket means hide.
 */
export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#bcbd22',
  '#17becf',
];

export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

export interface LineChartOptions {
  title: string;
  yLabel: string;
  series: { label: string; color: string; series: Series; band?: boolean }[];
  markers?: { t: number; label: string }[];
  yMax?: number;
  width?: number;
  height?: number;
}

export function lineChart(o: LineChartOptions): string {
  const W = o.width ?? 760;
  const H = o.height ?? 220;
  const L = 48;
  const R = 12;
  const T = 22;
  const B = 28;
  const all = o.series.flatMap((s) => s.series.points);
  if (all.length === 0) return `<p class="empty">${esc(o.title)}: no data recorded.</p>`;
  let t0 = Infinity;
  let t1 = -Infinity;
  let yMax = o.yMax ?? 0;
  for (const p of all) {
    t0 = Math.min(t0, p.t);
    t1 = Math.max(t1, p.t);
    if (o.yMax === undefined) yMax = Math.max(yMax, p.max);
  }
  for (const m of o.markers ?? []) {
    t0 = Math.min(t0, m.t);
    t1 = Math.max(t1, m.t);
  }
  if (t1 === t0) t1 = t0 + 1000;
  if (yMax <= 0) yMax = 1;
  // Four grid steps of a round size (0.1, 0.25, 5, 20 …), not a round top divided by four.
  yMax = niceCeil(yMax / 4) * 4;
  const x = (t: number) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
  const y = (v: number) => T + (1 - Math.min(v, yMax) / yMax) * (H - T - B);
  const parts: string[] = [];
  parts.push(
    `<svg class="chart" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(o.title)}">`,
  );
  parts.push(`<text x="${L}" y="14" class="ct">${esc(o.title)}</text>`);
  for (let i = 0; i <= 4; i++) {
    const v = (yMax * i) / 4;
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${f1(y(v))}" y2="${f1(y(v))}" class="grid"/><text x="${L - 4}" y="${f1(y(v) + 3)}" class="yt">${fmtNum(v)}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + ((t1 - t0) * i) / 4;
    const anchor =
      i === 0 ? ' style="text-anchor:start"' : i === 4 ? ' style="text-anchor:end"' : '';
    parts.push(
      `<text x="${f1(x(t))}" y="${H - 10}" class="xt"${anchor}>${esc(clock(t, t1 - t0))}</text>`,
    );
  }
  parts.push(`<text x="4" y="${T - 6}" class="yl">${esc(o.yLabel)}</text>`);
  for (const s of o.series) {
    const pts = s.series.points;
    if (s.band && pts.length > 1) {
      const up = pts.map((p) => `${f1(x(p.t))},${f1(y(p.max))}`);
      const down = pts.map((p) => `${f1(x(p.t))},${f1(y(p.min))}`).reverse();
      parts.push(
        `<polygon points="${up.join(' ')} ${down.join(' ')}" fill="${s.color}" opacity="0.15"/>`,
      );
    }
    let d = '';
    pts.forEach((p, i) => {
      d += `${i === 0 || p.gapBefore ? 'M' : 'L'}${f1(x(p.t))} ${f1(y(p.mean))}`;
    });
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.3"><title>${esc(s.label)}</title></path>`,
    );
  }
  for (const m of o.markers ?? []) {
    const mx = f1(x(m.t));
    parts.push(
      `<line x1="${mx}" x2="${mx}" y1="${T}" y2="${H - B}" class="marker"/><text x="${mx}" y="${T - 2}" class="mt">${esc(m.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

/** One or more 2 ms histograms side by side; several are drawn as fractions so they compare. */
export function histogramChart(
  title: string,
  hists: { label: string; color: string; h: Histogram }[],
  width = 360,
  height = 160,
): string {
  const L = 36;
  const R = 8;
  const T = 18 + hists.length * 12;
  const B = 26;
  const first = hists[0]?.h;
  if (!first) return '';
  const n = first.counts.length + 1;
  const totals = hists.map(({ h }) => h.counts.reduce((a, b) => a + b, 0) + h.overflow);
  if (totals.every((t) => t === 0)) return `<p class="empty">${esc(title)}: no replies.</p>`;
  const frac = hists.map(({ h }, k) =>
    [...h.counts, h.overflow].map((c) => (totals[k] ? c / totals[k]! : 0)),
  );
  const yMax = Math.max(...frac.flat(), 0.01);
  const bw = (width - L - R) / n;
  const parts = [
    `<svg class="hist" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${esc(title)}">`,
  ];
  parts.push(`<text x="${L}" y="13" class="ct">${esc(title)}</text>`);
  frac.forEach((bars, k) => {
    const color = hists[k]!.color;
    bars.forEach((v, i) => {
      if (v === 0) return;
      const h = (v / yMax) * (height - T - B);
      const overflow = i === n - 1;
      parts.push(
        `<rect x="${f1(L + i * bw)}" y="${f1(height - B - h)}" width="${f1(Math.max(bw - 0.5, 0.5))}" height="${f1(h)}" fill="${color}" opacity="${hists.length > 1 ? 0.55 : 0.85}"${overflow ? ' stroke="#000" stroke-width="0.5"' : ''}/>`,
      );
    });
  });
  for (let ms = 0; ms < first.maxMs; ms += 20) {
    parts.push(
      `<text x="${f1(L + (ms / first.bucketMs) * bw)}" y="${height - 12}" class="xt">${ms}</text>`,
    );
  }
  parts.push(
    `<text x="${f1(L + (n - 0.5) * bw)}" y="${height - 12}" class="xt">≥${first.maxMs}</text>`,
  );
  parts.push(
    `<text x="${width - R}" y="${height - 1}" class="xl">RTT ms, ${first.bucketMs} ms buckets</text>`,
  );
  parts.push(`<text x="${L - 4}" y="${T + 4}" class="yt">${Math.round(yMax * 100)}%</text>`);
  hists.forEach(({ label, color }, k) => {
    parts.push(
      `<rect x="${L}" y="${18 + k * 12}" width="8" height="8" fill="${color}"/><text x="${L + 12}" y="${26 + k * 12}" class="lg">${esc(label)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (v <= m * p) return m * p;
  return 10 * p;
}

function fmtNum(v: number): string {
  return Math.abs(v) >= 10 || v === 0 ? String(Math.round(v)) : v.toFixed(v < 1 ? 2 : 1);
}

/** Axis labels in UTC: reports travel between time zones. */
function clock(t: number, spanMs: number): string {
  const iso = new Date(t).toISOString();
  return spanMs > 2 * 86_400_000
    ? iso.slice(5, 16).replace('T', ' ')
    : iso.slice(11, spanMs < 600_000 ? 19 : 16);
}
