/** The report's stylesheet: system fonts, one column, readable from a phone to print. */
export const REPORT_CSS = `
:root { --ink: #1d2733; --muted: #5d6a78; --rule: #dde3e9; --soft: #f5f7f9; --accent: #1f5f8b; --article: #b5651d; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 20px 48px; }
h1 { font-size: 26px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 20px; margin: 40px 0 10px; padding-top: 12px; border-top: 1px solid var(--rule); }
h3 { font-size: 15px; margin: 0 0 4px; }
h3.subhead { margin-top: 22px; }
p { margin: 6px 0; max-width: 78ch; }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.92em; }
pre { background: var(--soft); border: 1px solid var(--rule); padding: 10px 12px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.lede { color: var(--muted); font-size: 16px; }
.meta { color: var(--muted); font-size: 13px; }
.generated { color: var(--muted); font-size: 13px; font-style: italic; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 18px 0 8px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 12px 14px; background: var(--soft); }
.card .label { font-size: 13px; color: var(--muted); }
.card .name { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; color: var(--muted); }
.card .big { display: block; font-size: 26px; font-weight: 600; line-height: 1.2; margin: 4px 0; font-variant-numeric: tabular-nums; }
.card .band { font-size: 13px; color: var(--muted); }
figure { margin: 18px 0 28px; }
figcaption { color: var(--muted); font-size: 13px; max-width: 90ch; margin-top: 4px; }
figure h3 { margin-bottom: 6px; }
.chart { width: 100%; max-width: 860px; min-height: 40px; }
.chart svg { display: block; max-width: 100%; height: auto; }
.scroll { overflow-x: auto; margin: 10px 0; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 9px; border-bottom: 1px solid var(--rule); text-align: right; vertical-align: top; white-space: nowrap; }
th { font-weight: 600; background: var(--soft); position: sticky; top: 0; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; min-width: 16ch; }
td .meaning, .assumption .meaning { display: block; color: var(--muted); font-size: 12px; white-space: normal; }
tr.constant td { color: var(--muted); }
td .ci { display: block; color: var(--muted); font-size: 11px; }
td.wide .ci, .wide-mark { color: var(--article); font-weight: 600; }
.assumptions { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 14px; }
.assumption { border: 1px solid var(--rule); border-radius: 6px; padding: 12px 14px; break-inside: avoid; }
.assumption .describe { margin: 4px 0; }
.assumption .ps { font-size: 13px; font-variant-numeric: tabular-nums; }
.assumption .chart { margin: 6px 0; }
.assumption .source, .assumption .from { font-size: 12px; color: var(--muted); margin: 4px 0 0; }
.note { border-left: 3px solid var(--article); padding: 6px 12px; background: #fbf6f1; max-width: 90ch; }
.printed { color: var(--article); }
dl.reproduce { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dl.reproduce dt { color: var(--muted); }
dl.reproduce dd { margin: 0; word-break: break-all; }
@media (max-width: 600px) {
  main { padding: 16px 12px 32px; }
  h1 { font-size: 22px; }
  .card .big { font-size: 22px; }
  .assumptions { grid-template-columns: 1fr; }
  dl.reproduce { grid-template-columns: 1fr; }
  dl.reproduce dd { margin-bottom: 6px; }
}
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  figure, .card, .assumption, tr { break-inside: avoid; }
  .scroll, .chart { overflow: visible; }
  th { position: static; }
}
`;
