/**
 * The report's stylesheet, inlined into the one HTML file. The print rules matter as much as the
 * screen ones: the PDF export is this page printed (Electron's printToPDF, or the browser's print
 * dialog in web mode), so stories and tables must not break across pages and colours must print.
 */
export const REPORT_CSS = `
:root { --fg: #1b1f24; --muted: #5b6570; --line: #d8dee4; --ok: #1a7f37; --bad: #cf222e; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; max-width: 1120px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--line); padding-bottom: 4px; margin-top: 32px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
h3 small { color: var(--muted); font-weight: normal; }
.meta, .legend, footer { color: var(--muted); font-size: 12px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #f3f5f7; padding: 1px 4px; border-radius: 3px; word-break: break-all; }
q { font-family: ui-monospace, monospace; font-size: 12px; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 12.5px; }
th, td { border: 1px solid var(--line); padding: 3px 7px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td { font-variant-numeric: tabular-nums; white-space: nowrap; }
td:last-child { white-space: normal; }
table.cmp caption { caption-side: top; text-align: left; color: var(--muted); font-size: 12px; padding-bottom: 4px; }
tr.switched td { background: #fff8e1; }
.chg.down { color: var(--ok); }
.chg.up { color: var(--bad); }
.badge { font-size: 11px; padding: 1px 6px; border-radius: 8px; color: #fff; vertical-align: middle; }
.badge.ok { background: var(--ok); }
.badge.bad { background: var(--bad); }
.story { border: 1px solid var(--line); border-left: 4px solid #1f77b4; border-radius: 4px; padding: 6px 14px 4px; margin: 14px 0; }
.charts { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-start; }
svg { max-width: 100%; height: auto; background: #fff; }
svg text { font: 10px system-ui, sans-serif; fill: #333; }
svg .ct { font-size: 11px; font-weight: 600; }
svg .yt { text-anchor: end; }
svg .xt { text-anchor: middle; }
svg .xl { text-anchor: end; fill: #666; }
svg .mt { text-anchor: middle; font-size: 9px; fill: #b35900; }
svg .grid { stroke: #eceff2; }
svg .marker { stroke: #b35900; stroke-dasharray: 4 3; }
.empty, .warn { color: var(--muted); font-style: italic; }
.vm { break-inside: avoid; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  .story, table.cmp, svg, .vm table { break-inside: avoid; }
  table { font-size: 10px; }
}
`;
