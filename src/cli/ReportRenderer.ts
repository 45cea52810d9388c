/**
 * How `report` turns a program's read models into a document, as a port: the command gathers
 * the read models (`ReadModelsPort.ts`) and the holders' names, and hands them to the renderer.
 *
 * {@link minimal} writes Markdown and CSV with plain tables and refuses HTML; the command line
 * uses `HtmlReportRenderer.ts`, which keeps these two and writes `--format html` through the
 * reports module (`src/reports`, one printable page with charts) from the program's read models
 * mapped to its `ReportData` (`ReportDataOf.ts`). The layer is chosen in `Wiring.ts`.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { UndecodableEvent } from "../events/EventCodec.js"
import type { ReadError } from "../ports/EventStore.js"
import type { ReportDataInvalid } from "../reports/ReportData.js"
import { type ChartLibraryMissing, NotAvailableInThisBuild, type ReportNotRendered } from "./Failures.js"
import { type Lang, labels } from "./Labels.js"
import { formatInstant, formatOptionalInstant, percent } from "./Output.js"
import type { ProgramView } from "./ReadModelsPort.js"

/**
 * @since 0.2.0
 * @category models
 */
export type ReportFormat = "html" | "md" | "csv"

/**
 * What a report is made of.
 *
 * @since 0.2.0
 * @category models
 */
export interface ReportInput {
  readonly view: ProgramView
  readonly lang: Lang
  /** What to print for each participant: the masked name, the full name (--show-names), or the id. */
  readonly holders: ReadonlyMap<string, string>
  readonly namesShown: boolean
  /** The cutoff in words (`as recorded now`, `as of business time ...`). */
  readonly cutoff: string
  readonly generatedAt: Date
}

/**
 * Why a report was not written: a format this renderer does not write, a missing chart package,
 * the program's events unreadable, or report data the reports module refuses (a bug).
 *
 * @since 0.2.0
 * @category errors
 */
export type ReportRenderError =
  | NotAvailableInThisBuild
  | ChartLibraryMissing
  | ReportNotRendered
  | ReportDataInvalid
  | ReadError
  | UndecodableEvent

/**
 * @since 0.2.0
 * @category models
 */
export interface ReportRendererService {
  readonly formats: ReadonlyArray<ReportFormat>
  readonly render: (format: ReportFormat, input: ReportInput) => Effect.Effect<string, ReportRenderError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class ReportRenderer extends Context.Tag("training-ledger/cli/ReportRenderer")<
  ReportRenderer,
  ReportRendererService
>() {}

/** The sections of a report as tables of text cells, shared by both formats. */
const sections = (input: ReportInput) => {
  const l = labels(input.lang)
  const { summary, timeZone } = input.view
  const holder = (id: string) => input.holders.get(id) ?? id
  const kinds = (by: { inmate: number; officer: number; detainee: number; total: number }) =>
    `${by.total} (${l.kind.inmate} ${by.inmate}, ${l.kind.officer} ${by.officer}, ${l.kind.detainee} ${by.detainee})`
  return [
    {
      title: l.summary,
      header: [l.item, l.value],
      rows: [
        [l.program, `${summary.title} (${summary.programId})`],
        [l.facility, summary.facility],
        [l.venue, summary.venue],
        [l.statusHeading, l.status[summary.status] ?? summary.status],
        [l.planned, `${summary.plannedStart} - ${summary.plannedEnd}`],
        [l.started, formatOptionalInstant(summary.startedAt, timeZone)],
        [l.closed, formatOptionalInstant(summary.closedAt, timeZone)],
        ...summary.letters.map((x) => [l.letters, `${x.letterNumber} (${x.issuer}, ${x.letterDate})`]),
        ...summary.partners.map((x) => [l.partners, `${x.organisation} (${x.role})`]),
        [l.sessions, l.sessionsHeld(summary.sessionsHeld, summary.sessionsScheduled, summary.sessionsCancelled)],
        [l.enrolled, kinds(summary.enrolled)],
        [l.completed, kinds(summary.completed)],
        [l.certified, kinds(summary.certified)],
        [l.attendanceRate, percent(summary.attendanceRate)],
        [l.passRate, percent(summary.passRate)]
      ]
    },
    {
      title: l.roster,
      header: [l.participant, l.holder, l.kindHeading, l.statusHeading, l.start, l.endReason, l.attendance],
      rows: input.view.roster.map((r) => [
        r.participantId,
        holder(r.participantId),
        l.kind[r.kind] ?? r.kind,
        l.status[r.status] ?? r.status,
        r.startDate,
        r.endReason ?? "",
        `${r.attended}/${r.applicable} (${percent(r.attendanceRatio)})`
      ])
    },
    {
      title: l.sessions,
      header: [l.session, l.date, l.topic, l.enrolled, l.present, l.late, l.excused, l.unexcused, l.notRecorded, "%"],
      rows: input.view.sessions.map((s) => [
        s.sessionId,
        `${s.date} ${s.start}-${s.end}`,
        s.cancelled ? l.status.cancelled! : s.topic,
        String(s.enrolled),
        String(s.present),
        String(s.late),
        String(s.excused),
        String(s.unexcused),
        String(s.notRecorded),
        percent(s.rate)
      ])
    },
    {
      title: l.results,
      header: [l.participant, l.assessment, l.attempts, l.result, l.passed],
      rows: input.view.results.map((r) => [
        r.participantId,
        r.title,
        String(r.attempts),
        r.finalResult ?? "-",
        r.passed ? l.yes : l.no
      ])
    },
    {
      title: l.certificates,
      header: [l.number, l.type, l.holder, l.kindHeading, l.issued, l.statusHeading],
      rows: input.view.certificates.map((c) => [
        c.number,
        c.type,
        holder(c.participantId),
        c.kind === null ? "" : (l.kind[c.kind] ?? c.kind),
        formatInstant(c.issuedAt, timeZone),
        l.status[c.status] ?? c.status
      ])
    },
    {
      title: l.evaluation,
      header: [l.item, l.value],
      rows: [
        ...Object.entries(summary.endReasons).map(([reason, n]) => [`${l.endReasons}: ${reason}`, String(n)]),
        [l.documents, String(summary.documents)],
        [l.recommendation, summary.recommendation ?? "-"]
      ]
    }
  ]
}

const mdCell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ")

const markdown = (input: ReportInput): string => {
  const l = labels(input.lang)
  const { summary } = input.view
  const out: Array<string> = [
    `# ${summary.title}`,
    "",
    `${summary.programId}: ${input.cutoff}. ${l.generated}: ${formatInstant(input.generatedAt, input.view.timeZone)}.`,
    "",
    input.namesShown ? l.namesShown : l.namesMasked
  ]
  for (const section of sections(input)) {
    out.push("", `## ${section.title}`, "")
    if (section.rows.length === 0) {
      out.push("-")
      continue
    }
    out.push(`| ${section.header.map(mdCell).join(" | ")} |`, `|${section.header.map(() => " --- ").join("|")}|`)
    for (const row of section.rows) out.push(`| ${row.map(mdCell).join(" | ")} |`)
  }
  return out.join("\n") + "\n"
}

/** RFC 4180: quoted when needed, quotes doubled, CRLF line ends. */
const csvCell = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

const csv = (input: ReportInput): string => {
  const lines: Array<string> = []
  for (const section of sections(input)) {
    if (lines.length > 0) lines.push("")
    lines.push(csvCell(section.title))
    lines.push(section.header.map(csvCell).join(","))
    for (const row of section.rows) lines.push(row.map(csvCell).join(","))
  }
  return lines.join("\r\n") + "\r\n"
}

/**
 * Markdown and CSV with plain tables: one section per read model (summary, roster, sessions,
 * assessment results, certificate register, evaluation material). The CSV holds the sections
 * one after another, each a title line, a header line and its rows, separated by an empty line.
 *
 * @since 0.2.0
 * @category renderers
 */
export const minimal: ReportRendererService = {
  formats: ["md", "csv"],
  render: (format, input) =>
    format === "md"
      ? Effect.succeed(markdown(input))
      : format === "csv"
        ? Effect.succeed(csv(input))
        : Effect.fail(
            new NotAvailableInThisBuild({
              feature: "report --format html",
              reason: "the HTML report with charts comes with the reports module; use --format md or --format csv"
            })
          )
}

/**
 * @since 0.2.0
 * @category layers
 */
export const layerMinimal: Layer.Layer<ReportRenderer> = Layer.succeed(ReportRenderer, minimal)
