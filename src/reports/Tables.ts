/**
 * The report's tables as rows of printed strings, built once and written by every format (HTML,
 * Markdown, CSV), so the three show the same columns and the same numbers.
 *
 * Two flavours: `document` (for people: `7 Sep 2024`, `1.234`, instants as `7 Sep 2024 10.00
 * WIB`) and `data` (for spreadsheets: ISO dates, instants as `2024-09-07 10:00 WIB`, counts
 * without grouping). Both print coded values (kinds, outcomes, reasons) as the language's
 * labels and rates as percentages in the language's style (`86,9%` / `86.9%`), which a
 * spreadsheet in that language reads as a number.
 *
 * Participants are numbered by their place in the roster and sessions by their place in the
 * session list, so a row of one table can be found in another by its number.
 *
 * @since 0.2.0
 */
import type * as DateTime from "effect/DateTime"
import type { Lang, Labels } from "./I18n.js"
import {
  formatCountChange,
  formatDateRange,
  formatInteger,
  formatLocalDate,
  formatLocalTime,
  formatPercent,
  formatPointChange,
  label,
  labels
} from "./I18n.js"
import type { FinalResult, KeyFigures, ReportData, RosterRow, SessionRow } from "./ReportData.js"
import { formatInstant } from "./Time.js"

/**
 * @since 0.2.0
 * @category models
 */
export type Flavour = "document" | "data"

/**
 * @since 0.2.0
 * @category models
 */
export interface Column {
  readonly header: string
  readonly align: "left" | "right" | "center"
  /** How a renderer may style the column: numbers align on the right, codes and hashes are monospaced. */
  readonly kind: "text" | "number" | "code"
}

/**
 * @since 0.2.0
 * @category models
 */
export interface Table {
  readonly columns: ReadonlyArray<Column>
  readonly rows: ReadonlyArray<ReadonlyArray<string>>
}

/**
 * The tables every format can write, by name: the CSV export writes exactly these.
 *
 * @since 0.2.0
 * @category models
 */
export const tableNames = [
  "summary",
  "by-kind",
  "end-reasons",
  "sessions",
  "attendance",
  "roster",
  "results",
  "certificates",
  "documents",
  "comparison"
] as const
/**
 * @since 0.2.0
 * @category models
 */
export type TableName = (typeof tableNames)[number]

const text = (header: string): Column => ({ header, align: "left", kind: "text" })
const code = (header: string): Column => ({ header, align: "left", kind: "code" })
const number = (header: string): Column => ({ header, align: "right", kind: "number" })

/**
 * How one report prints its values in one language and flavour.
 *
 * @since 0.2.0
 * @category models
 */
export interface Printer {
  readonly lang: Lang
  readonly l: Labels
  readonly flavour: Flavour
  readonly count: (n: number) => string
  readonly percent: (ratio: number | null) => string
  readonly date: (date: string) => string
  readonly instant: (instant: DateTime.DateTime) => string
  readonly optional: (value: string | null) => string
}

/**
 * @since 0.2.0
 * @category constructors
 */
export const printer = (data: ReportData, lang: Lang, flavour: Flavour): Printer => {
  const l = labels(lang)
  const zone = data.summary.facility.timeZone
  return {
    lang,
    l,
    flavour,
    count: (n) => (flavour === "data" ? String(n) : formatInteger(n, lang)),
    percent: (ratio) => formatPercent(ratio, lang),
    date: (date) => (flavour === "data" ? date : formatLocalDate(date, lang, "short")),
    instant: (instant) => formatInstant(instant, zone, { lang, style: flavour === "data" ? "compact" : "short" }),
    optional: (value) => (value === null || value === "" ? (flavour === "data" ? "" : l.none) : value)
  }
}

/**
 * A period between two local dates: `3–7 September 2024` for people, `2024-09-03 – 2024-09-07`
 * for spreadsheets.
 *
 * @since 0.2.0
 * @category formatting
 */
export const period = (start: string, end: string, p: Printer): string =>
  p.flavour === "data" ? `${start} – ${end}` : formatDateRange(start, end, p.lang)

/**
 * The roster's number, name and kind of each participant, by id.
 *
 * @since 0.2.0
 * @category lookups
 */
export const participantIndex = (
  data: ReportData
): ReadonlyMap<string, { readonly no: number; readonly row: RosterRow }> =>
  new Map(data.roster.map((row, i) => [row.participantId, { no: i + 1, row }]))

/**
 * The number of each session (its place in the session list), by id.
 *
 * @since 0.2.0
 * @category lookups
 */
export const sessionIndex = (
  data: ReportData
): ReadonlyMap<string, { readonly no: number; readonly row: SessionRow }> =>
  new Map(data.sessions.map((row, i) => [row.sessionId, { no: i + 1, row }]))

/**
 * A final result as printed: `86` for a score, `Kompeten` for a judgement.
 *
 * @since 0.2.0
 * @category formatting
 */
export const formatResult = (result: FinalResult | null, p: Printer): string =>
  result === null
    ? p.optional(null)
    : result._tag === "Score"
      ? p.flavour === "data"
        ? String(result.value)
        : formatNumber(result.value, p.lang)
      : label(p.l.competencies, result.value)

const formatNumber = (n: number, lang: Lang): string =>
  Number.isInteger(n)
    ? formatInteger(n, lang)
    : String(Math.round(n * 100) / 100).replace(".", labels(lang).decimalSeparator)

/**
 * The program facts and key figures, one per line.
 *
 * @since 0.2.0
 * @category tables
 */
export const summaryTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  const s = data.summary
  const f = s.figures
  const letters = s.letters.map((letter) => `${letter.letterNumber} (${p.date(letter.letterDate)}, ${letter.issuer})`)
  const partners = s.partners.map((partner) => `${partner.organisation} (${label(l.partnerRoles, partner.role)})`)
  const rows: Array<readonly [string, string]> = [
    [l.fields.program, s.title],
    [l.fields.programId, s.programId],
    [l.fields.category, p.optional(s.category)],
    [l.fields.facility, `${s.facility.name} (${s.facility.code})`],
    [l.fields.venue, s.venue],
    [l.fields.letter, letters.length === 0 ? p.optional(null) : letters.join("; ")],
    [l.fields.partners, partners.length === 0 ? p.optional(null) : partners.join("; ")],
    [l.fields.planned, period(s.plannedStart, s.plannedEnd, p)],
    [l.fields.started, s.startedAt === null ? p.optional(null) : p.instant(s.startedAt)],
    [l.fields.closed, s.closedAt === null ? p.optional(null) : p.instant(s.closedAt)],
    [l.fields.status, label(l.programStatuses, s.status)],
    [l.figures.enrolled, p.count(f.enrolled)],
    [l.figures.completed, p.count(f.completed)],
    [l.figures.passed, p.count(f.passed)],
    [l.figures.certified, p.count(f.certified)],
    [l.figures.sessionsHeld, p.count(f.sessionsHeld)],
    [l.figures.sessionsCancelled, p.count(f.sessionsCancelled)],
    [l.figures.attendanceRate, p.percent(f.attendanceRate)],
    [l.fields.minAttendance, p.percent(s.minAttendanceRatio)],
    [l.figures.passRate, p.percent(f.passRate)],
    [l.figures.documents, p.count(s.documents)],
    [
      l.fields.recommendation,
      s.recommendation === null ? p.optional(null) : label(l.recommendations, s.recommendation)
    ],
    [l.fields.generatedAt, p.instant(data.meta.generatedAt)],
    [l.fields.logPosition, p.count(data.meta.logPosition)],
    [l.fields.logHash, data.meta.logHash],
    [l.fields.names, data.meta.namesShown ? l.fields.namesShown : l.fields.namesMasked]
  ]
  return { columns: [text(l.columns.item), text(l.columns.value)], rows }
}

/**
 * Enrolled, completed, passed and certified by participant kind, with a total line.
 *
 * @since 0.2.0
 * @category tables
 */
export const byKindTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  const f = data.summary.figures
  return {
    columns: [
      text(l.columns.kind),
      number(l.figures.enrolled),
      number(l.figures.completed),
      number(l.figures.passed),
      number(l.figures.certified),
      number(l.columns.present),
      number(l.columns.late),
      number(l.columns.excused),
      number(l.columns.unexcused),
      number(l.figures.attendanceRate)
    ],
    rows: [
      ...data.summary.byKind.map((k) => [
        label(l.kindsLong, k.kind),
        p.count(k.enrolled),
        p.count(k.completed),
        p.count(k.passed),
        p.count(k.certified),
        p.count(k.present),
        p.count(k.late),
        p.count(k.excused),
        p.count(k.unexcused),
        p.percent(k.attendanceRate)
      ]),
      [
        l.figures.total,
        p.count(f.enrolled),
        p.count(f.completed),
        p.count(f.passed),
        p.count(f.certified),
        ...(["present", "late", "excused", "unexcused"] as const).map((o) =>
          p.count(data.summary.byKind.reduce((sum, k) => sum + k[o], 0))
        ),
        p.percent(f.attendanceRate)
      ]
    ]
  }
}

/**
 * @since 0.2.0
 * @category tables
 */
export const endReasonsTable = (data: ReportData, p: Printer): Table => ({
  columns: [text(p.l.columns.endReason), number(p.l.columns.count)],
  rows: data.summary.endReasons.map((r) => [label(p.l.endReasons, r.reason), p.count(r.count)])
})

/**
 * Every scheduled session with its counts; a cancelled one says so.
 *
 * @since 0.2.0
 * @category tables
 */
export const sessionsTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  return {
    columns: [
      number(l.columns.no),
      code(l.columns.sessionId),
      text(l.columns.date),
      text(l.columns.time),
      text(l.columns.topic),
      text(l.columns.held),
      number(l.columns.expected),
      number(l.columns.present),
      number(l.columns.late),
      number(l.columns.excused),
      number(l.columns.unexcused),
      number(l.columns.notRecorded),
      number(l.columns.rate)
    ],
    rows: data.sessions.map((s, i) => [
      String(i + 1),
      s.sessionId,
      p.date(s.date),
      `${formatLocalTime(s.start, p.lang)}–${formatLocalTime(s.end, p.lang)}`,
      s.topic,
      s.cancelled ? l.columns.cancelled : s.held ? l.yes : l.no,
      p.count(s.enrolled),
      p.count(s.present),
      p.count(s.late),
      p.count(s.excused),
      p.count(s.unexcused),
      p.count(s.notRecorded),
      p.percent(s.rate)
    ])
  }
}

/**
 * The attendance register in long form: one line per mark, with who recorded it and when.
 *
 * @since 0.2.0
 * @category tables
 */
export const attendanceTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  const people = participantIndex(data)
  const sessions = sessionIndex(data)
  return {
    columns: [
      number(`${l.columns.session} ${l.columns.no}`),
      text(l.columns.date),
      code(l.columns.sessionId),
      number(`${l.columns.participant} ${l.columns.no}`),
      code(l.columns.participantId),
      text(l.columns.name),
      text(l.columns.kind),
      text(l.columns.outcome),
      text(l.columns.reason),
      text(l.columns.note),
      code(l.columns.recordedBy),
      text(l.columns.recordedAt),
      number(l.columns.corrections)
    ],
    rows: data.attendance.map((a) => {
      const session = sessions.get(a.sessionId)
      const person = people.get(a.participantId)
      return [
        session === undefined ? "" : String(session.no),
        session === undefined ? "" : p.date(session.row.date),
        a.sessionId,
        person === undefined ? "" : String(person.no),
        a.participantId,
        person?.row.name ?? "",
        person === undefined ? "" : label(l.kinds, person.row.kind),
        label(l.outcomes, a.outcome),
        a.reasonCode === null ? p.optional(null) : label(l.absenceReasons, a.reasonCode),
        p.optional(a.note),
        a.recordedBy,
        p.instant(a.recordedAt),
        p.count(a.corrections)
      ]
    })
  }
}

/**
 * The program roster.
 *
 * @since 0.2.0
 * @category tables
 */
export const rosterTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  return {
    columns: [
      number(l.columns.no),
      code(l.columns.participantId),
      text(l.columns.name),
      text(l.columns.kind),
      text(l.columns.status),
      text(l.columns.start),
      text(l.columns.end),
      text(l.columns.endReason),
      number(l.columns.attendanceRatio),
      code(l.columns.enrolledBy),
      text(l.columns.enrolledAt)
    ],
    rows: data.roster.map((r, i) => [
      String(i + 1),
      r.participantId,
      r.name,
      label(l.kinds, r.kind),
      label(l.enrollmentStatuses, r.status),
      p.date(r.startDate),
      r.endDate === null ? p.optional(null) : p.date(r.endDate),
      r.endReason === null ? p.optional(null) : label(l.endReasons, r.endReason),
      p.percent(r.attendanceRatio),
      r.enrolledBy,
      p.instant(r.enrolledAt)
    ])
  }
}

/**
 * Assessment results in long form: one line per participant and assessment.
 *
 * @since 0.2.0
 * @category tables
 */
export const resultsTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  const people = participantIndex(data)
  const assessments = new Map(data.assessments.map((a) => [a.assessmentId, a]))
  return {
    columns: [
      number(l.columns.no),
      code(l.columns.participantId),
      text(l.columns.name),
      text(l.columns.kind),
      text(l.columns.assessment),
      number(l.columns.passMark),
      number(l.columns.attempts),
      number(l.columns.finalResult),
      text(l.columns.passed)
    ],
    rows: data.results.map((r) => {
      const person = people.get(r.participantId)
      const assessment = assessments.get(r.assessmentId)
      return [
        person === undefined ? "" : String(person.no),
        r.participantId,
        person?.row.name ?? "",
        person === undefined ? "" : label(l.kinds, person.row.kind),
        assessment?.title ?? r.assessmentId,
        assessment === undefined
          ? ""
          : assessment.resultType === "competency"
            ? label(l.competencies, "competent")
            : formatNumber(assessment.passMark, p.lang),
        p.count(r.attempts),
        formatResult(r.finalResult, p),
        r.passed ? l.yes : l.no
      ]
    })
  }
}

/**
 * A certificate's reason: a revocation code's label, or the reissue reason as written.
 *
 * @since 0.2.0
 * @category formatting
 */
export const certificateReason = (reason: string | null, p: Printer): string =>
  reason === null ? p.optional(null) : label(p.l.revokeReasons, reason)

/**
 * The certificate register.
 *
 * @since 0.2.0
 * @category tables
 */
export const certificatesTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  return {
    columns: [
      code(l.columns.number),
      text(l.columns.certificateType),
      text(l.columns.holder),
      text(l.columns.participantKind),
      code(l.columns.participantId),
      text(l.columns.issuedAt),
      text(l.columns.status),
      text(l.columns.reason)
    ],
    rows: data.certificates.map((c) => [
      c.number,
      label(l.certificateTypes, c.type),
      c.holder,
      label(l.kinds, c.kind),
      c.participantId,
      p.instant(c.issuedAt),
      label(l.certificateStatuses, c.status),
      certificateReason(c.reason, p)
    ])
  }
}

/**
 * The documentation list: references and hashes, never the files.
 *
 * @since 0.2.0
 * @category tables
 */
export const documentsTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  return {
    columns: [
      text(l.columns.documentKind),
      code(l.columns.documentId),
      code(l.columns.uri),
      code(l.columns.sha256),
      text(l.columns.personalData)
    ],
    rows: data.evaluation.documents.map((d) => [
      label(l.documentKinds, d.kind),
      d.documentId,
      d.uri,
      d.sha256,
      d.containsPersonalData ? l.yes : l.no
    ])
  }
}

/**
 * The key figures of this iteration and the previous one, side by side; the previous column
 * and the change are dashes when there is no previous iteration.
 *
 * @since 0.2.0
 * @category tables
 */
export const comparisonTable = (data: ReportData, p: Printer): Table => {
  const { l } = p
  const current = data.summary.figures
  const previous: KeyFigures | null = data.evaluation.previous?.figures ?? null
  const counts = [
    [l.figures.enrolled, "enrolled"],
    [l.figures.completed, "completed"],
    [l.figures.passed, "passed"],
    [l.figures.certified, "certified"],
    [l.figures.sessionsHeld, "sessionsHeld"],
    [l.figures.sessionsCancelled, "sessionsCancelled"]
  ] as const
  const rates = [
    [l.figures.attendanceRate, "attendanceRate"],
    [l.figures.passRate, "passRate"]
  ] as const
  const none = p.optional(null)
  return {
    columns: [text(l.columns.figure), number(l.columns.current), number(l.columns.previous), number(l.columns.change)],
    rows: [
      ...counts.map(([name, key]) => [
        name,
        p.count(current[key]),
        previous === null ? none : p.count(previous[key]),
        previous === null ? none : formatCountChange(current[key], previous[key], p.lang)
      ]),
      ...rates.map(([name, key]) => [
        name,
        p.percent(current[key]),
        previous === null ? none : p.percent(previous[key]),
        previous === null ? none : formatPointChange(current[key], previous[key], p.lang)
      ])
    ]
  }
}

/**
 * Builds a table by name.
 *
 * @since 0.2.0
 * @category tables
 */
export const table = (name: TableName, data: ReportData, p: Printer): Table => {
  switch (name) {
    case "summary":
      return summaryTable(data, p)
    case "by-kind":
      return byKindTable(data, p)
    case "end-reasons":
      return endReasonsTable(data, p)
    case "sessions":
      return sessionsTable(data, p)
    case "attendance":
      return attendanceTable(data, p)
    case "roster":
      return rosterTable(data, p)
    case "results":
      return resultsTable(data, p)
    case "certificates":
      return certificatesTable(data, p)
    case "documents":
      return documentsTable(data, p)
    case "comparison":
      return comparisonTable(data, p)
  }
}

/**
 * The register grid's cell where a participant has no mark for a session. A mark prints as its
 * symbol, `H`/`T`/`I`/`A` (id) or `P`/`L`/`E`/`U` (en), followed by `*` when it was corrected.
 *
 * @since 0.2.0
 * @category formatting
 */
export const NO_MARK = "–"

/**
 * The attendance register as a grid: participants as rows, held sessions as columns, one
 * symbol per mark, each participant's attendance ratio at the end and each session's rate in
 * the last row.
 *
 * @since 0.2.0
 * @category tables
 */
export const registerGrid = (
  data: ReportData,
  p: Printer
): Table & { readonly sessions: ReadonlyArray<SessionRow> } => {
  const { l } = p
  const sessions = data.sessions.filter((s) => s.held)
  const numbers = sessionIndex(data)
  const marks = new Map(data.attendance.map((a) => [`${a.participantId}\u0000${a.sessionId}`, a]))
  return {
    sessions,
    columns: [
      number(l.columns.no),
      text(l.columns.name),
      text(l.columns.kind),
      ...sessions.map((s) => ({
        header: String(numbers.get(s.sessionId)?.no ?? ""),
        align: "center" as const,
        kind: "code" as const
      })),
      number(l.columns.attendanceRatio)
    ],
    rows: [
      ...data.roster.map((r, i) => [
        String(i + 1),
        r.name,
        label(l.kinds, r.kind),
        ...sessions.map((s) => {
          const mark = marks.get(`${r.participantId}\u0000${s.sessionId}`)
          return mark === undefined ? NO_MARK : `${label(l.symbols, mark.outcome)}${mark.corrections > 0 ? "*" : ""}`
        }),
        p.percent(r.attendanceRatio)
      ]),
      [
        "",
        l.columns.rate,
        "",
        ...sessions.map((s) => formatPercent(s.rate, p.lang, 0)),
        p.percent(data.summary.figures.attendanceRate)
      ]
    ]
  }
}

/**
 * One mark worth reading on its own, as printed.
 *
 * @since 0.2.0
 * @category models
 */
export interface ExceptionEntry {
  readonly participantNo: string
  readonly name: string
  readonly sessionNo: string
  readonly date: string
  readonly outcome: string
  readonly reason: string
  readonly note: string
  readonly recordedBy: string
  readonly recordedAt: string
  readonly corrections: string
}

/**
 * The marks worth reading one by one: absences, late arrivals and corrected marks, by
 * participant then session.
 *
 * @since 0.2.0
 * @category tables
 */
export const exceptionEntries = (data: ReportData, p: Printer): ReadonlyArray<ExceptionEntry> => {
  const { l } = p
  const people = participantIndex(data)
  const sessions = sessionIndex(data)
  return data.attendance
    .filter((a) => a.outcome !== "present" || a.corrections > 0)
    .map((a) => ({ a, person: people.get(a.participantId), session: sessions.get(a.sessionId) }))
    .sort((x, y) => (x.person?.no ?? 0) - (y.person?.no ?? 0) || (x.session?.no ?? 0) - (y.session?.no ?? 0))
    .map(({ a, person, session }) => ({
      participantNo: person === undefined ? "" : String(person.no),
      name: person?.row.name ?? a.participantId,
      sessionNo: session === undefined ? "" : String(session.no),
      date: session === undefined ? "" : p.date(session.row.date),
      outcome: label(l.outcomesShort, a.outcome),
      reason: a.reasonCode === null ? p.optional(null) : label(l.absenceReasons, a.reasonCode),
      note: p.optional(a.note),
      recordedBy: a.recordedBy,
      recordedAt: p.instant(a.recordedAt),
      corrections: p.count(a.corrections)
    }))
}

/**
 * The exceptions of the register as a table, with the reason, the note and who recorded them.
 *
 * @since 0.2.0
 * @category tables
 */
export const registerExceptions = (data: ReportData, p: Printer): Table => {
  const { l } = p
  return {
    columns: [
      number(l.columns.no),
      text(l.columns.name),
      number(l.columns.session),
      text(l.columns.date),
      text(l.columns.outcome),
      text(l.columns.reason),
      text(l.columns.note),
      code(l.columns.recordedBy),
      text(l.columns.recordedAt),
      number(l.columns.corrections)
    ],
    rows: exceptionEntries(data, p).map((x) => [
      x.participantNo,
      x.name,
      x.sessionNo,
      x.date,
      x.outcome,
      x.reason,
      x.note,
      x.recordedBy,
      x.recordedAt,
      x.corrections
    ])
  }
}
