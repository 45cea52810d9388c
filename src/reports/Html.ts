/**
 * The report as one self-contained, printable HTML file: inline CSS, the charts as inline SVG,
 * no script, no font, image or stylesheet from anywhere else (a Content-Security-Policy in the
 * page says so to the browser too), so the file can be mailed, archived and printed as it is.
 *
 * Every value from the data is escaped; the charts are Vega's SVG output, in which Vega has
 * escaped the texts. Elements that carry the report's key numbers have `data-*` attributes
 * (`data-figure`, `data-table`, `data-chart`) so a test, or an auditor's script, can find them.
 *
 * @since 0.2.0
 */
import { charts as renderCharts } from "./Charts.js"
import type { Lang } from "./I18n.js"
import { formatInteger, labels } from "./I18n.js"
import type { ReportData } from "./ReportData.js"
import { e, figure, heading, htmlTable, note } from "./HtmlParts.js"
import {
  certificatesHtml,
  evaluationHtml,
  exceptionsHtml,
  keyFigures,
  masthead,
  registerGridHtml,
  resultsGridHtml,
  rosterHtml,
  sessionsForPrint
} from "./HtmlSections.js"
import { stylesheet } from "./HtmlStyle.js"
import { byKindTable, printer, sessionsTable } from "./Tables.js"
import { formatInstant } from "./Time.js"

/**
 * Escapes text for HTML content and attribute values.
 *
 * @since 0.2.0
 * @category encoding
 */
export { escapeHtml } from "./HtmlParts.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface HtmlOptions {
  readonly lang: Lang
}

/**
 * Renders the whole report as one HTML document.
 *
 * @since 0.2.0
 * @category rendering
 */
export const renderHtml = async (data: ReportData, options: HtmlOptions): Promise<string> => {
  const lang = options.lang
  const l = labels(lang)
  const p = printer(data, lang, "document")
  const s = data.summary
  const c = await renderCharts(data, lang)
  const sessions = sessionsTable(data, p)
  const results = resultsGridHtml(data, p)
  const cancelled = s.figures.sessionsCancelled
  const closing = `<div class="closing">${e(l.notes.traceability)} ${e(l.fields.logPosition)} ${e(
    formatInteger(data.meta.logPosition, lang)
  )}, <span class="code wrap">${e(data.meta.logHash)}</span>. ${e(
    l.phrases.generated(
      formatInstant(data.meta.generatedAt, s.facility.timeZone, { lang, style: "long", offset: true })
    )
  )}</div>`
  const title = `${l.reportKind} · ${s.title} · ${s.facility.code}`
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="training-ledger">
<title>${e(title)}</title>
<style>${stylesheet({ left: `${s.title} · ${s.facility.name === s.facility.code ? s.facility.code : `${s.facility.name} (${s.facility.code})`}`, page: l.page, of: l.of })}</style>
</head>
<body>
<main class="report">
<section class="sheet first" id="summary">
${masthead(data, p)}
${heading(1, l.headings.summary)}
${keyFigures(data, p)}
${htmlTable(byKindTable(data, p), { name: "by-kind", total: true })}
<div class="charts">
${figure("certificationFunnel", l.charts.certificationFunnel, c.certificationFunnel)}
${figure("attendanceByKind", l.charts.attendanceByKind, c.attendanceByKind)}
</div>
${note(`${l.notes.attendanceDefinition} ${l.notes.passDefinition}`)}
</section>
<section class="sheet" id="attendance">
${heading(2, l.headings.attendance)}
${figure("attendancePerSession", l.charts.attendancePerSession, c.attendancePerSession, true)}
<h3>${e(l.headings.sessions)}</h3>
${
  sessions.rows.length === 0
    ? note(l.notes.noSessions)
    : htmlTable(sessionsForPrint(data, sessions, l.columns.cancelled), {
        name: "sessions",
        nowrap: [1, 2],
        rowClass: (r) => (data.sessions[r]?.cancelled === true ? "cancelled" : "")
      })
}
${note(`${l.notes.heldDefinition}${cancelled > 0 ? ` ${l.notes.cancelledSessions}: ${formatInteger(cancelled, lang)}.` : ""}`)}
</section>
<section class="sheet" id="register">
${heading(3, l.headings.register)}
${registerGridHtml(data, p)}
<h3>${e(l.headings.registerExceptions)}</h3>
${exceptionsHtml(data, p)}
${note(l.notes.registerFull)}
</section>
<section class="sheet" id="roster">
${heading(4, l.headings.roster)}
${rosterHtml(data, p)}
</section>
<section class="sheet" id="results">
${heading(5, l.headings.results)}
<div class="charts">
<div>${results.definitions}</div>
${figure("resultsPerAssessment", l.charts.resultsPerAssessment, c.resultsPerAssessment)}
</div>
${results.grid}
</section>
<section class="sheet" id="certificates">
${heading(6, l.headings.certificates)}
${certificatesHtml(data, p)}
</section>
<section class="sheet continued" id="evaluation">
${heading(7, l.headings.evaluation)}
${evaluationHtml(data, p)}
${closing}
</section>
</main>
</body>
</html>
`
}
