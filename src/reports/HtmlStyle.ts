/**
 * The HTML report's stylesheet: an A4 document first (page size, margins, page numbers in the
 * margin, a page break before each main section, table headers repeated on every page, rows
 * never split), a sheet of paper on screen second. Fonts that exist everywhere, ink colours
 * that survive a black and white copy, numbers in fixed-width figures aligned on the right.
 *
 * @since 0.2.0
 */
import { FONT } from "./Charts.js"

/**
 * A string as a CSS string literal: quotes, backslashes and line breaks escaped, and `<`
 * written as `\3c ` so no value can close the `<style>` element it is in.
 *
 * @since 0.2.0
 * @category encoding
 */
export const cssString = (value: string): string =>
  `"${value.replace(/[\\"<>\r\n\u2028\u2029]/g, (c) => `\\${(c.codePointAt(0) ?? 0).toString(16)} `)}"`

/**
 * The stylesheet, with the running page footer's texts.
 *
 * @since 0.2.0
 * @category style
 */
export const stylesheet = (footer: { readonly left: string; readonly page: string; readonly of: string }): string => `
@page {
  size: A4;
  margin: 15mm 14mm 17mm 14mm;
  @bottom-left { content: ${cssString(footer.left)}; font: 7pt ${FONT}; color: #555; }
  @bottom-right { content: ${cssString(footer.page)} " " counter(page) " " ${cssString(footer.of)} " " counter(pages); font: 7pt ${FONT}; color: #555; }
}
:root {
  --ink: #1a1a1a;
  --muted: #5a5f66;
  --accent: #1f3a5f;
  --rule: #c4cad3;
  --soft: #f3f5f8;
  --late: #d7e1ef;
  --excused: #e6ebf2;
  --unexcused: #f7e3b5;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0;
  font-family: ${FONT};
  font-size: 9pt;
  line-height: 1.4;
  color: var(--ink);
  background: #ffffff;
}
.report { max-width: 182mm; margin: 0 auto; }
@media screen {
  body { background: #dfe3e8; padding: 10mm 0; }
  .report { background: #ffffff; padding: 14mm; max-width: 210mm; box-shadow: 0 1px 6px rgba(0, 0, 0, 0.18); }
  .sheet + .sheet { border-top: 1px dashed #b8bec7; margin-top: 10mm; padding-top: 8mm; }
}
@media print {
  .sheet { break-before: page; }
  .sheet.first, .sheet.continued { break-before: auto; }
  .sheet.continued { margin-top: 9mm; }
}
h1, h2, h3 { color: var(--accent); line-height: 1.2; break-after: avoid; }
h1 { font-size: 19pt; margin: 1.5mm 0 1.5mm; }
h2 {
  font-size: 12.5pt;
  margin: 0 0 3mm;
  padding-bottom: 1.5mm;
  border-bottom: 1.2pt solid var(--accent);
}
h2 .no { display: inline-block; min-width: 7mm; }
h3 { font-size: 10pt; margin: 5mm 0 2mm; }
p { margin: 0 0 2mm; }
.muted { color: var(--muted); }
.note { color: var(--muted); font-size: 7.5pt; margin: 1.5mm 0 0; }
.code, code { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 0.92em; }
.wrap { overflow-wrap: anywhere; }

/* title block */
.masthead { border-top: 3pt solid var(--accent); padding-top: 3mm; }
.kicker { font-size: 7.5pt; letter-spacing: 0.14em; text-transform: uppercase; color: var(--muted); }
.facility { font-size: 10.5pt; }
.facility .code { color: var(--muted); margin-left: 1mm; }
.status-line { margin-top: 1.5mm; font-size: 9.5pt; }
.badge {
  display: inline-block;
  padding: 0.3mm 2.2mm;
  border: 0.8pt solid var(--accent);
  border-radius: 1.2mm;
  color: var(--accent);
  font-weight: bold;
  font-size: 8pt;
  text-transform: uppercase;
  letter-spacing: 0.06em;
  margin-right: 2mm;
}
.facts { display: grid; grid-template-columns: 1fr 62mm; gap: 6mm; margin: 4mm 0 5mm; }
dl.fields { display: grid; grid-template-columns: 30mm 1fr; gap: 1.2mm 3mm; margin: 0; }
dl.fields dt { color: var(--muted); }
dl.fields dd { margin: 0; }
.trace { background: var(--soft); border-left: 2pt solid var(--accent); padding: 2.5mm 3mm; font-size: 7.5pt; }
.trace .title { font-weight: bold; color: var(--accent); text-transform: uppercase; letter-spacing: 0.08em; margin-bottom: 1.5mm; }
.trace dl { margin: 0; }
.trace dt { color: var(--muted); }
.trace dd { margin: 0 0 1.3mm; }
.hash { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 7pt; }
.hash .g { margin-right: 0.45em; }
td.hash { width: 47mm; }

/* key figures */
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2.5mm; margin: 0 0 4mm; }
.tile { border: 0.6pt solid var(--rule); border-top: 2pt solid var(--accent); padding: 2mm 2.5mm; break-inside: avoid; }
.tile .v { font-size: 17pt; font-weight: bold; color: var(--accent); line-height: 1.1; font-variant-numeric: tabular-nums; }
.tile .v.text { font-size: 10.5pt; line-height: 1.25; padding-top: 1.5mm; }
.tile .k { font-size: 8pt; font-weight: bold; margin-top: 0.8mm; }
.tile .s { font-size: 7pt; color: var(--muted); }

/* figures */
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 5mm; margin: 3mm 0; }
figure.chart { margin: 0; break-inside: avoid; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-weight: bold; font-size: 8.5pt; color: var(--accent); margin-bottom: 1mm; }
figure.chart.full { margin: 2mm 0 4mm; }

/* tables */
table { border-collapse: collapse; width: 100%; font-size: 8pt; line-height: 1.3; margin: 0 0 2mm; }
thead { display: table-header-group; }
tfoot { display: table-row-group; }
tr { break-inside: avoid; }
th {
  text-align: left;
  font-weight: bold;
  color: var(--accent);
  border-bottom: 1pt solid var(--accent);
  padding: 1.2mm 1.4mm;
  vertical-align: bottom;
}
td { padding: 0.8mm 1.4mm; border-bottom: 0.5pt solid #dde1e6; vertical-align: top; }
tbody tr:nth-child(even) td { background: #f7f8fa; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
.c { text-align: center; }
td.code { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 7.2pt; white-space: nowrap; }
td.wrap { overflow-wrap: anywhere; white-space: normal; }
tr.cancelled td { color: var(--muted); text-decoration: line-through; text-decoration-color: #9aa0a8; }
tr.total td { font-weight: bold; border-top: 1pt solid var(--accent); background: #ffffff; }
td.nowrap, th.nowrap, span.nowrap { white-space: nowrap; }
td .sub { color: var(--muted); font-size: 7pt; }
td .sub.code { font-family: "DejaVu Sans Mono", "Courier New", monospace; font-size: 6.8pt; white-space: nowrap; }
td .sub.wrap { white-space: normal; overflow-wrap: anywhere; }
table[data-table="roster"] td:nth-child(2) { min-width: 40mm; }
table[data-table="certificates"] td:nth-child(3) { min-width: 36mm; }
table[data-table="by-kind"] td:first-child { min-width: 31mm; }
table[data-table="by-kind"] th { padding-left: 1mm; padding-right: 1mm; }
table.narrow { width: auto; min-width: 90mm; }

/* attendance register grid */
table.grid { font-size: 7.6pt; }
table.grid th, table.grid td { padding: 0.6mm 0.8mm; }
table.grid th.s { text-align: center; font-weight: normal; color: var(--ink); line-height: 1.15; }
table.grid th.s b { display: block; color: var(--accent); font-size: 8pt; }
table.grid td.m { text-align: center; font-weight: bold; width: 8.5mm; font-family: "DejaVu Sans Mono", "Courier New", monospace; }
table.grid tbody tr:nth-child(even) td { background: transparent; }
table.grid tbody tr:nth-child(5n) td { border-bottom: 0.8pt solid #9aa3ae; }
td.m.late { background: var(--late) !important; }
td.m.excused { background: var(--excused) !important; }
td.m.unexcused { background: var(--unexcused) !important; }
td.m.none { color: #9aa0a8; font-weight: normal; }
td.m sup { font-size: 6pt; }
table.grid tfoot td { border-top: 1pt solid var(--accent); font-weight: bold; text-align: center; }
table.grid tfoot td.num { text-align: right; }
.legend { display: flex; flex-wrap: wrap; gap: 1mm 4mm; font-size: 7.5pt; margin: 1.5mm 0 3mm; }
.legend .sym {
  display: inline-block;
  min-width: 4.5mm;
  text-align: center;
  font-weight: bold;
  font-family: "DejaVu Sans Mono", "Courier New", monospace;
  border: 0.5pt solid var(--rule);
  margin-right: 1mm;
}
.legend .sym.late { background: var(--late); }
.legend .sym.excused { background: var(--excused); }
.legend .sym.unexcused { background: var(--unexcused); }

/* results grid */
table.results th.group { text-align: center; border-bottom: 0.6pt solid var(--rule); }
td.fail { font-weight: bold; }
td.pass { color: var(--accent); }

/* evaluation */
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 6mm; }
blockquote.findings {
  margin: 0 0 2mm;
  padding: 2.5mm 3.5mm;
  border-left: 2pt solid var(--accent);
  background: var(--soft);
  font-size: 9pt;
  white-space: pre-line;
}
.recommendation { font-size: 9.5pt; margin: 2mm 0; }
.recommendation .badge { margin-left: 1mm; }
.closing { break-inside: avoid; margin-top: 6mm; padding-top: 2mm; border-top: 0.6pt solid var(--rule); font-size: 7.5pt; color: var(--muted); }
`
