/**
 * Program reports: the data they print, and the HTML, Markdown and CSV writers.
 *
 * @since 0.2.0
 */

/** What a report prints, as Schema. @since 0.2.0 */
export * as ReportData from "./ReportData.js"
/** Instants in the facility's zone (WIB, WITA, WIT). @since 0.2.0 */
export * as Time from "./Time.js"
/** Indonesian and English labels, numbers and dates. @since 0.2.0 */
export * as I18n from "./I18n.js"
/** Masked names. @since 0.2.0 */
export * as Mask from "./Mask.js"
/** The report's tables as printed strings. @since 0.2.0 */
export * as Tables from "./Tables.js"
/** The four charts as SVG. @since 0.2.0 */
export * as Charts from "./Charts.js"
/** One self-contained, printable HTML file. @since 0.2.0 */
export { renderHtml } from "./Html.js"
/** The report as Markdown. @since 0.2.0 */
export { renderMarkdown } from "./Markdown.js"
/** One CSV file per table. @since 0.2.0 */
export { csvTables, renderCsv } from "./Csv.js"
/** The charts of a report. @since 0.2.0 */
export { charts } from "./Charts.js"
/** Instants as a facility reads them. @since 0.2.0 */
export { formatInstant } from "./Time.js"
