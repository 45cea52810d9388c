/**
 * The report as Markdown (GitHub-flavoured tables), with the sections of the HTML report and
 * without its charts.
 *
 * Every value is escaped for a table cell: HTML's `&`, `<`, `>` become entities (a Markdown
 * viewer would otherwise render a name as markup), Markdown's own characters (`\`, `|`, `*`,
 * `_`, `` ` ``, `[`, `]`, `#`, `~`) are backslash-escaped so a masked name `P****** C*****`
 * stays as written, and a line break inside a value becomes `<br>`.
 *
 * @since 0.2.0
 */
import type { Lang } from "./I18n.js"
import { label, labels } from "./I18n.js"
import type { ReportData } from "./ReportData.js"
import type { Printer, Table } from "./Tables.js"
import {
  byKindTable,
  certificatesTable,
  comparisonTable,
  documentsTable,
  endReasonsTable,
  NO_MARK,
  period,
  printer,
  registerExceptions,
  registerGrid,
  resultsTable,
  rosterTable,
  sessionsTable,
  summaryTable
} from "./Tables.js"
import { formatInstant } from "./Time.js"

/**
 * Escapes a value for a Markdown table cell or a line of text.
 *
 * @since 0.2.0
 * @category encoding
 */
export const escapeMarkdown = (value: string): string =>
  value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\|*_`[\]#~])/g, "\\$1")
    .replace(/\r\n|\r|\n/g, "<br>")

const alignment = (align: "left" | "right" | "center") =>
  align === "right" ? "---:" : align === "center" ? ":---:" : "---"

/**
 * A table in GitHub-flavoured Markdown.
 *
 * @since 0.2.0
 * @category encoding
 */
export const markdownTable = (t: Table): string => {
  const line = (cells: ReadonlyArray<string>) => `| ${cells.join(" | ")} |`
  return [
    line(t.columns.map((c) => escapeMarkdown(c.header))),
    line(t.columns.map((c) => alignment(c.align))),
    ...t.rows.map((row) => line(row.map(escapeMarkdown)))
  ].join("\n")
}

const section = (title: string, ...blocks: ReadonlyArray<string>) =>
  [`## ${escapeMarkdown(title)}`, ...blocks].join("\n\n")
const sub = (title: string, ...blocks: ReadonlyArray<string>) =>
  [`### ${escapeMarkdown(title)}`, ...blocks].join("\n\n")
const note = (text: string) => `_${escapeMarkdown(text)}_`
const orNote = (t: Table, empty: string) => (t.rows.length === 0 ? note(empty) : markdownTable(t))

const registerLegend = (p: Printer) => {
  const { l } = p
  const entries = ["present", "late", "excused-absence", "unexcused-absence"].map(
    (o) => `**${escapeMarkdown(label(l.symbols, o))}** ${escapeMarkdown(label(l.outcomes, o))}`
  )
  return `${escapeMarkdown(l.notes.registerLegend)}: ${entries.join(" · ")} · **${NO_MARK}** ${escapeMarkdown(
    l.notes.noMark
  )} · **\\*** ${escapeMarkdown(l.notes.corrected)}`
}

const assessmentsList = (data: ReportData, p: Printer) =>
  data.assessments
    .map(
      (a, i) =>
        `${i + 1}. ${escapeMarkdown(a.title)} (${escapeMarkdown(label(p.l.instruments, a.instrument))}; ${escapeMarkdown(
          p.l.columns.passMark
        )}: ${escapeMarkdown(
          a.resultType === "competency" ? label(p.l.competencies, "competent") : String(a.passMark)
        )}) \`${a.assessmentId.replace(/`/g, "'")}\``
    )
    .join("\n")

/**
 * The whole report as Markdown.
 *
 * @since 0.2.0
 * @category rendering
 */
export const renderMarkdown = (data: ReportData, options: { readonly lang: Lang }): string => {
  const lang = options.lang
  const p = printer(data, lang, "document")
  const l = labels(lang)
  const s = data.summary
  const zone = s.facility.timeZone
  const evaluation = data.evaluation
  const findings = [
    evaluation.findings === null ? note(l.notes.noFindings) : `> ${escapeMarkdown(evaluation.findings)}`,
    `**${escapeMarkdown(l.fields.recommendation)}:** ${
      evaluation.recommendation === null ? l.none : escapeMarkdown(label(l.recommendations, evaluation.recommendation))
    }${
      evaluation.recordedAt === null
        ? ""
        : ` (${escapeMarkdown(l.fields.recordedAt.toLowerCase())} ${escapeMarkdown(
            formatInstant(evaluation.recordedAt, zone, { lang, style: "long" })
          )})`
    }`
  ].join("\n\n")
  const previous = evaluation.previous
  const comparisonIntro =
    previous === null
      ? note(l.notes.noPrevious)
      : `${escapeMarkdown(l.columns.previous)}: ${escapeMarkdown(previous.title)} \`${previous.programId.replace(
          /`/g,
          "'"
        )}\`, ${escapeMarkdown(period(previous.plannedStart, previous.plannedEnd, p))}`

  const blocks = [
    `# ${escapeMarkdown(l.reportKind)}: ${escapeMarkdown(s.title)}`,
    `**${escapeMarkdown(s.facility.name)} (${escapeMarkdown(s.facility.code)})** · ${escapeMarkdown(period(s.plannedStart, s.plannedEnd, p))} · ${escapeMarkdown(label(l.programStatuses, s.status))} · ${escapeMarkdown(l.generatedBy)}`,
    section(
      l.headings.summary,
      markdownTable(summaryTable(data, p)),
      sub(l.headings.byKind, markdownTable(byKindTable(data, p))),
      note(`${l.notes.attendanceDefinition} ${l.notes.passDefinition} ${l.notes.heldDefinition}`)
    ),
    section(
      l.headings.attendance,
      sub(l.headings.sessions, orNote(sessionsTable(data, p), l.notes.noSessions)),
      sub(
        l.headings.register,
        data.sessions.some((x) => x.held) ? markdownTable(registerGrid(data, p)) : note(l.notes.noSessions),
        registerLegend(p)
      ),
      sub(
        l.headings.registerExceptions,
        orNote(registerExceptions(data, p), l.notes.noSessions),
        note(l.notes.registerFull)
      )
    ),
    section(l.headings.roster, markdownTable(rosterTable(data, p))),
    section(
      l.headings.results,
      data.assessments.length === 0 ? note(l.notes.noAssessments) : assessmentsList(data, p),
      ...(data.results.length === 0 ? [] : [markdownTable(resultsTable(data, p))])
    ),
    section(l.headings.certificates, orNote(certificatesTable(data, p), l.notes.noCertificates)),
    section(
      l.headings.evaluation,
      sub(l.headings.endReasons, orNote(endReasonsTable(data, p), l.notes.noEndReasons)),
      sub(l.headings.documents, orNote(documentsTable(data, p), l.notes.noDocuments)),
      sub(l.headings.findings, findings),
      sub(l.headings.comparison, comparisonIntro, markdownTable(comparisonTable(data, p)))
    ),
    section(
      l.headings.traceability,
      [
        `${escapeMarkdown(l.fields.generatedAt)}: ${escapeMarkdown(
          formatInstant(data.meta.generatedAt, zone, { lang, style: "long", offset: true })
        )} · ${escapeMarkdown(l.generatedBy)}`,
        `${escapeMarkdown(l.fields.logPosition)}: ${escapeMarkdown(p.count(data.meta.logPosition))} · ${escapeMarkdown(
          l.fields.logHash
        )}: \`${data.meta.logHash.replace(/`/g, "'")}\``,
        `${escapeMarkdown(l.fields.names)}: ${escapeMarkdown(
          data.meta.namesShown ? l.fields.namesShown : l.fields.namesMasked
        )}`,
        note(l.notes.traceability)
      ].join("  \n")
    )
  ]
  return blocks.join("\n\n") + "\n"
}
