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
import type { Charts } from "./Charts.js"
import { charts as renderCharts } from "./Charts.js"
import type { Lang } from "./I18n.js"
import {
  formatDateRange,
  formatInteger,
  formatLocalDate,
  formatLocalTime,
  formatPercent,
  label,
  labels
} from "./I18n.js"
import type { ReportData } from "./ReportData.js"
import { stylesheet } from "./HtmlStyle.js"
import type { Printer, Table } from "./Tables.js"
import {
  byKindTable,
  certificateReason,
  comparisonTable,
  endReasonsTable,
  formatResult,
  NO_MARK,
  printer,
  exceptionEntries,
  sessionsTable
} from "./Tables.js"
import { describeZone, formatInstant } from "./Time.js"

/**
 * Escapes text for HTML content and attribute values.
 *
 * @since 0.2.0
 * @category encoding
 */
export const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"
  )

const e = escapeHtml

/**
 * @since 0.2.0
 * @category models
 */
export interface HtmlOptions {
  readonly lang: Lang
}

interface TableOptions {
  readonly name: string
  readonly className?: string
  /** The last row is a total line. */
  readonly total?: boolean
  /** Columns (by index) whose long values may break anywhere (ids, URIs, hashes). */
  readonly wrap?: ReadonlyArray<number>
  readonly nowrap?: ReadonlyArray<number>
  readonly rowClass?: (row: number) => string
}

const cellClass = (t: Table, i: number, options: TableOptions, header = false) => {
  const column = t.columns[i]!
  const classes = [
    column.kind === "number" || column.align === "right" ? "num" : column.align === "center" ? "c" : "",
    column.kind === "code" && !header ? "code" : "",
    options.wrap?.includes(i) === true ? "wrap" : "",
    options.nowrap?.includes(i) === true ? "nowrap" : ""
  ].filter((c) => c !== "")
  return classes.length === 0 ? "" : ` class="${classes.join(" ")}"`
}

const htmlTable = (t: Table, options: TableOptions): string => {
  const head = t.columns.map((c, i) => `<th${cellClass(t, i, options, true)}>${e(c.header)}</th>`).join("")
  const body = t.rows
    .map((row, r) => {
      const total = options.total === true && r === t.rows.length - 1
      const rowClass = total ? "total" : (options.rowClass?.(r) ?? "")
      return `<tr${rowClass === "" ? "" : ` class="${rowClass}"`}>${row.map((cell, i) => `<td${cellClass(t, i, options)}>${e(cell)}</td>`).join("")}</tr>`
    })
    .join("\n")
  return `<table data-table="${e(options.name)}"${options.className === undefined ? "" : ` class="${options.className}"`}><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

/**
 * The session summary as printed: without the session id and the "held" column (the CSV keeps
 * both); a cancelled session says so after its topic.
 */
const sessionsForPrint = (data: ReportData, t: Table, cancelled: string): Table => {
  const keep = (_: unknown, i: number) => i !== 1 && i !== 5
  return {
    columns: t.columns.filter(keep),
    rows: t.rows.map((row, r) =>
      row
        .map((cell, i) => (i === 4 && data.sessions[r]?.cancelled === true ? `${cell} (${cancelled})` : cell))
        .filter(keep)
    )
  }
}

/**
 * A hash in groups of eight characters that a line may break between; the groups are set apart
 * by a margin, not a space, so a copied hash is still the hash.
 */
const groupedHash = (hash: string): string =>
  (hash.match(/.{1,8}/g) ?? [hash]).map((group) => `<span class="g">${e(group)}</span>`).join("<wbr>")

const note = (text: string) => `<p class="note">${e(text)}</p>`

const heading = (no: number, title: string) => `<h2><span class="no">${no}.</span>${e(title)}</h2>`

const masthead = (data: ReportData, p: Printer): string => {
  const { l, lang } = p
  const s = data.summary
  const zone = s.facility.timeZone
  const long = (instant: Parameters<typeof formatInstant>[0]) => formatInstant(instant, zone, { lang, style: "long" })
  const letters =
    s.letters.length === 0
      ? e(l.none)
      : s.letters
          .map(
            (letter) =>
              `<strong class="wrap">${e(letter.letterNumber)}</strong> ${e(l.fields.dated)} ${e(
                formatLocalDate(letter.letterDate, lang)
              )}<br>${e(letter.issuer)}${
                letter.subject === null
                  ? ""
                  : `<br><span class="muted">${e(l.fields.subject)}: ${e(letter.subject)}</span>`
              }`
          )
          .join("<br><br>")
  const partners =
    s.partners.length === 0
      ? e(l.none)
      : s.partners
          .map((x) => `${e(x.organisation)} <span class="muted">(${e(label(l.partnerRoles, x.role))})</span>`)
          .join("<br>")
  const actual = [
    s.startedAt === null ? "" : `${e(l.fields.started)}: ${e(long(s.startedAt))}`,
    s.closedAt === null ? "" : `${e(l.fields.closed)}: ${e(long(s.closedAt))}`
  ].filter((x) => x !== "")
  return `<header class="masthead">
<div class="kicker">${e(l.reportKind)}${s.category === null ? "" : ` · ${e(s.category)}`}</div>
<h1 data-field="title">${e(s.title)}</h1>
<div class="facility"><span data-field="facility">${e(s.facility.name)}</span><span class="code">${e(s.facility.code)}</span> · ${e(s.venue)}</div>
<div class="status-line"><span class="badge" data-field="status">${e(label(l.programStatuses, s.status))}</span>${e(
    formatDateRange(s.plannedStart, s.plannedEnd, lang)
  )}</div>
</header>
<div class="facts">
<dl class="fields">
<dt>${e(l.fields.letter)}</dt><dd data-field="letters">${letters}</dd>
<dt>${e(l.fields.partners)}</dt><dd>${partners}</dd>
<dt>${e(l.fields.planned)}</dt><dd>${e(formatDateRange(s.plannedStart, s.plannedEnd, lang))}</dd>
<dt>${e(l.fields.actual)}</dt><dd>${actual.length === 0 ? e(l.none) : actual.join("<br>")}</dd>
<dt>${e(l.fields.programId)}</dt><dd class="code">${e(s.programId)}</dd>
<dt>${e(l.fields.timeZone)}</dt><dd>${e(describeZone(zone, data.meta.generatedAt))}</dd>
</dl>
<aside class="trace">
<div class="title">${e(l.headings.traceability)}</div>
<dl>
<dt>${e(l.fields.generatedAt)}</dt><dd data-field="generatedAt">${e(long(data.meta.generatedAt))}</dd>
<dt>${e(l.fields.logPosition)}</dt><dd data-field="logPosition">${e(formatInteger(data.meta.logPosition, lang))}</dd>
<dt>${e(l.fields.logHash)}</dt><dd class="hash" data-field="logHash">${groupedHash(data.meta.logHash)}</dd>
<dt>${e(l.fields.names)}</dt><dd>${e(data.meta.namesShown ? l.fields.namesShown : l.fields.namesMasked)}</dd>
</dl>
<div class="muted">${e(l.generatedBy)}</div>
</aside>
</div>`
}

const tile = (figure: string, value: string, name: string, sub: string, isText = false) =>
  `<div class="tile" data-figure="${e(figure)}"><div class="v${isText ? " text" : ""}">${e(value)}</div><div class="k">${e(
    name
  )}</div><div class="s">${e(sub)}</div></div>`

const keyFigures = (data: ReportData, p: Printer): string => {
  const { l, lang } = p
  const s = data.summary
  const f = s.figures
  const share = (n: number) => formatPercent(f.enrolled === 0 ? null : n / f.enrolled, lang)
  const byKind = (key: "enrolled" | "certified") =>
    s.byKind
      .filter((k) => k[key] > 0)
      .map((k) => `${formatInteger(k[key], lang)} ${label(l.kinds, k.kind)}`)
      .join(" · ")
  const withPersonalData = data.evaluation.documents.filter((d) => d.containsPersonalData).length
  return `<div class="tiles">
${tile("enrolled", formatInteger(f.enrolled, lang), l.figures.enrolled, byKind("enrolled"))}
${tile("completed", formatInteger(f.completed, lang), l.figures.completed, l.phrases.ofEnrolled(share(f.completed)))}
${tile("passed", formatInteger(f.passed, lang), l.figures.passed, l.phrases.passRate(formatPercent(f.passRate, lang)))}
${tile("certified", formatInteger(f.certified, lang), l.figures.certified, byKind("certified") || l.phrases.ofEnrolled(share(f.certified)))}
${tile(
  "attendanceRate",
  formatPercent(f.attendanceRate, lang),
  l.figures.attendanceRate,
  s.minAttendanceRatio === null ? "" : l.phrases.minimum(formatPercent(s.minAttendanceRatio, lang, 0))
)}
${tile("sessionsHeld", formatInteger(f.sessionsHeld, lang), l.figures.sessionsHeld, l.phrases.cancelled(formatInteger(f.sessionsCancelled, lang)))}
${tile("documents", formatInteger(s.documents, lang), l.figures.documents, l.phrases.attached(formatInteger(withPersonalData, lang)))}
${tile(
  "recommendation",
  s.recommendation === null ? l.none : label(l.recommendations, s.recommendation),
  l.fields.recommendation,
  data.evaluation.recordedAt === null
    ? ""
    : formatInstant(data.evaluation.recordedAt, s.facility.timeZone, { lang, style: "short" }),
  true
)}
</div>`
}

const figure = (name: keyof Charts, caption: string, svg: string, full = false) =>
  `<figure class="chart${full ? " full" : ""}" data-chart="${name}"><figcaption>${e(caption)}</figcaption>${svg}</figure>`

const registerGridHtml = (data: ReportData, p: Printer): string => {
  const { l, lang } = p
  const held = data.sessions.map((s, i) => ({ s, no: i + 1 })).filter(({ s }) => s.held)
  if (held.length === 0) return note(l.notes.noSessions)
  const marks = new Map(data.attendance.map((a) => [`${a.participantId}\u0000${a.sessionId}`, a]))
  const outcomeClass = new Map([
    ["present", "present"],
    ["late", "late"],
    ["excused-absence", "excused"],
    ["unexcused-absence", "unexcused"]
  ])
  const head = `<tr><th class="num">${e(l.columns.no)}</th><th>${e(l.columns.name)}</th><th>${e(l.columns.kind)}</th>${held
    .map(
      ({ s, no }) =>
        `<th class="s"><b>${no}</b>${e(formatLocalDate(s.date, lang, "day"))}<br>${e(formatLocalTime(s.start, lang))}</th>`
    )
    .join("")}<th class="num">${e(l.columns.attendanceRatio)}</th></tr>`
  const rows = data.roster
    .map((r, i) => {
      const cells = held
        .map(({ s }) => {
          const mark = marks.get(`${r.participantId}\u0000${s.sessionId}`)
          if (mark === undefined) return `<td class="m none">${NO_MARK}</td>`
          const corrected = mark.corrections > 0 ? "<sup>*</sup>" : ""
          return `<td class="m ${outcomeClass.get(mark.outcome) ?? ""}" data-outcome="${e(mark.outcome)}">${e(
            label(l.symbols, mark.outcome)
          )}${corrected}</td>`
        })
        .join("")
      return `<tr><td class="num">${i + 1}</td><td>${e(r.name)}</td><td>${e(label(l.kinds, r.kind))}</td>${cells}<td class="num">${e(
        formatPercent(r.attendanceRatio, lang)
      )}</td></tr>`
    })
    .join("\n")
  const foot = `<tfoot><tr><td></td><td colspan="2">${e(l.columns.rate)}</td>${held
    .map(({ s }) => `<td>${e(formatPercent(s.rate, lang, 0))}</td>`)
    .join("")}<td class="num">${e(formatPercent(data.summary.figures.attendanceRate, lang))}</td></tr></tfoot>`
  const legend = `<div class="legend"><strong>${e(l.notes.registerLegend)}:</strong>${[
    "present",
    "late",
    "excused-absence",
    "unexcused-absence"
  ]
    .map(
      (o) =>
        `<span><span class="sym ${outcomeClass.get(o)}">${e(label(l.symbols, o))}</span>${e(label(l.outcomes, o))}</span>`
    )
    .join("")}<span><span class="sym">${NO_MARK}</span>${e(l.notes.noMark)}</span><span><span class="sym">*</span>${e(
    l.notes.corrected
  )}</span></div>`
  return `<table class="grid" data-table="register"><thead>${head}</thead><tbody>\n${rows}\n</tbody>${foot}</table>${legend}`
}

const resultsGridHtml = (data: ReportData, p: Printer): { readonly definitions: string; readonly grid: string } => {
  const { l, lang } = p
  if (data.assessments.length === 0) return { definitions: note(l.notes.noAssessments), grid: "" }
  const results = new Map(data.results.map((r) => [`${r.participantId}\u0000${r.assessmentId}`, r]))
  const definitions = `<table data-table="assessments"><thead><tr><th class="num">${e(l.columns.no)}</th><th>${e(
    l.columns.assessment
  )}</th><th>${e(l.columns.instrument)}</th><th class="num">${e(l.columns.passMark)}</th></tr></thead><tbody>${data.assessments
    .map(
      (a, i) =>
        `<tr><td class="num">${i + 1}</td><td>${two(e(a.title), e(a.assessmentId), "sub code")}</td><td>${e(label(l.instruments, a.instrument))}</td><td class="num">${e(
          a.resultType === "competency"
            ? label(l.competencies, "competent")
            : `${formatInteger(a.passMark, lang)} (${formatInteger(a.min, lang)}–${formatInteger(a.max, lang)})`
        )}</td></tr>`
    )
    .join("")}</tbody></table>`
  const groups = data.assessments.map((a, i) => `<th class="group" colspan="3">${i + 1}. ${e(a.title)}</th>`).join("")
  const subHeads = data.assessments
    .map(
      () =>
        `<th class="num">${e(l.columns.finalResult)}</th><th class="num">${e(l.columns.attempts)}</th><th>${e(l.columns.passed)}</th>`
    )
    .join("")
  const rows = data.roster
    .map((r, i) => {
      const cells = data.assessments
        .map((a) => {
          const result = results.get(`${r.participantId}\u0000${a.assessmentId}`)
          if (result === undefined)
            return `<td class="num muted">${e(l.none)}</td><td class="num muted">0</td><td class="muted">${e(l.none)}</td>`
          return `<td class="num">${e(formatResult(result.finalResult, p))}</td><td class="num">${e(
            formatInteger(result.attempts, lang)
          )}</td><td class="${result.passed ? "pass" : "fail"}">${e(result.passed ? l.columns.passed : l.columns.notYet)}</td>`
        })
        .join("")
      return `<tr><td class="num">${i + 1}</td><td>${e(r.name)}</td><td>${e(label(l.kinds, r.kind))}</td>${cells}</tr>`
    })
    .join("\n")
  const grid = `<table class="results" data-table="results"><thead><tr><th rowspan="2" class="num">${e(
    l.columns.no
  )}</th><th rowspan="2">${e(l.columns.name)}</th><th rowspan="2">${e(l.columns.kind)}</th>${groups}</tr><tr>${subHeads}</tr></thead><tbody>\n${rows}\n</tbody></table>`
  return { definitions, grid }
}

const th = (text: string, className = "") => `<th${className === "" ? "" : ` class="${className}"`}>${e(text)}</th>`
const two = (main: string, sub: string, subClass = "sub") => `${main}<br><span class="${subClass}">${sub}</span>`

/** The roster as printed: the participant's id under the name, the end reason in place of "ended". */
const rosterHtml = (data: ReportData, p: Printer): string => {
  const { l } = p
  const head = [
    th(l.columns.no, "num"),
    th(l.columns.participant),
    th(l.columns.kind),
    th(l.columns.start),
    th(l.columns.end),
    th(`${l.columns.status} / ${l.columns.endReason.toLowerCase()}`),
    th(l.columns.attendanceRatio, "num"),
    th(l.columns.enrolledBy)
  ].join("")
  const rows = data.roster
    .map((r, i) => {
      const status =
        r.status === "ended" && r.endReason !== null
          ? label(l.endReasons, r.endReason)
          : label(l.enrollmentStatuses, r.status)
      return `<tr><td class="num">${i + 1}</td><td>${two(e(r.name), e(r.participantId), "sub code")}</td><td>${e(
        label(l.kinds, r.kind)
      )}</td><td class="nowrap">${e(p.date(r.startDate))}</td><td class="nowrap">${e(
        r.endDate === null ? l.none : p.date(r.endDate)
      )}</td><td>${e(status)}</td><td class="num">${e(p.percent(r.attendanceRatio))}</td><td>${two(
        `<span class="code nowrap">${e(r.enrolledBy)}</span>`,
        e(p.instant(r.enrolledAt)),
        "sub nowrap"
      )}</td></tr>`
    })
    .join("\n")
  return `<table data-table="roster"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
}

/** Absences, late arrivals and corrections, with the reason and note together and who recorded them. */
const exceptionsHtml = (data: ReportData, p: Printer): string => {
  const { l } = p
  const entries = exceptionEntries(data, p)
  if (entries.length === 0) return note(l.notes.noSessions)
  const head = [
    th(l.columns.no, "num"),
    th(l.columns.name),
    th(l.columns.session),
    th(l.columns.outcome),
    th(`${l.columns.reason} / ${l.columns.note.toLowerCase()}`),
    th(l.columns.recordedBy),
    th(l.columns.corrections, "num")
  ].join("")
  const rows = entries
    .map(
      (x) =>
        `<tr><td class="num">${e(x.participantNo)}</td><td>${e(x.name)}</td><td class="nowrap">${two(
          e(l.phrases.sessionNumber(x.sessionNo)),
          e(x.date)
        )}</td><td>${e(x.outcome)}</td><td>${x.note === l.none ? e(x.reason) : two(e(x.reason), e(x.note))}</td><td>${two(
          `<span class="code nowrap">${e(x.recordedBy)}</span>`,
          e(x.recordedAt),
          "sub nowrap"
        )}</td><td class="num">${e(x.corrections)}</td></tr>`
    )
    .join("\n")
  return `<table data-table="register-exceptions"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
}

/** The certificate register: the holder's participant id under the (masked) name. */
const certificatesHtml = (data: ReportData, p: Printer): string => {
  const { l } = p
  if (data.certificates.length === 0) return note(l.notes.noCertificates)
  const head = [
    th(l.columns.number),
    th(l.columns.certificateType),
    th(l.columns.holder),
    th(l.columns.participantKind),
    th(l.columns.issuedAt),
    th(l.columns.status),
    th(l.columns.reason)
  ].join("")
  const rows = data.certificates
    .map(
      (c) =>
        `<tr class="${e(c.status)}"><td class="code">${e(c.number)}</td><td>${e(label(l.certificateTypes, c.type))}</td><td>${two(
          e(c.holder),
          e(c.participantId),
          "sub code"
        )}</td><td>${e(label(l.kinds, c.kind))}</td><td class="nowrap">${e(p.instant(c.issuedAt))}</td><td>${e(
          label(l.certificateStatuses, c.status)
        )}</td><td>${e(certificateReason(c.reason, p))}</td></tr>`
    )
    .join("\n")
  return `<table data-table="certificates"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
}

/** The documentation list: the archive location under the document's id, the hash in groups. */
const documentsHtml = (data: ReportData, p: Printer): string => {
  const { l } = p
  const documents = data.evaluation.documents
  if (documents.length === 0) return note(l.notes.noDocuments)
  const head = [
    th(l.columns.documentKind),
    th(`${l.columns.documentId} / ${l.columns.uri.toLowerCase()}`),
    th(l.columns.sha256),
    th(l.columns.personalData)
  ].join("")
  const rows = documents
    .map(
      (d) =>
        `<tr><td>${e(label(l.documentKinds, d.kind))}</td><td class="wrap">${two(
          `<span class="code">${e(d.documentId)}</span>`,
          e(d.uri),
          "sub code wrap"
        )}</td><td class="hash">${groupedHash(d.sha256)}</td><td>${e(d.containsPersonalData ? l.yes : l.no)}</td></tr>`
    )
    .join("\n")
  return `<table data-table="documents"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`
}

const evaluationHtml = (data: ReportData, p: Printer): string => {
  const { l, lang } = p
  const ev = data.evaluation
  const endReasons = endReasonsTable(data, p)
  const previous = ev.previous
  const findings =
    ev.findings === null ? note(l.notes.noFindings) : `<blockquote class="findings">${e(ev.findings)}</blockquote>`
  const recommendation = `<p class="recommendation">${e(l.fields.recommendation)}:<span class="badge" data-field="recommendation">${e(
    ev.recommendation === null ? l.none : label(l.recommendations, ev.recommendation)
  )}</span>${
    ev.recordedAt === null
      ? ""
      : `<span class="muted">${e(l.fields.recordedAt)} ${e(
          formatInstant(ev.recordedAt, data.summary.facility.timeZone, { lang, style: "long" })
        )}</span>`
  }</p>`
  const comparisonIntro =
    previous === null
      ? note(l.notes.noPrevious)
      : `<p class="muted">${e(l.columns.previous)}: ${e(previous.title)} (<span class="code">${e(previous.programId)}</span>), ${e(
          formatDateRange(previous.plannedStart, previous.plannedEnd, lang)
        )}</p>`
  return `<div class="two">
<div><h3>${e(l.headings.endReasons)}</h3>${
    endReasons.rows.length === 0 ? note(l.notes.noEndReasons) : htmlTable(endReasons, { name: "end-reasons" })
  }</div>
<div><h3>${e(l.headings.comparison)}</h3>${comparisonIntro}${htmlTable(comparisonTable(data, p), { name: "comparison" })}</div>
</div>
<h3>${e(l.headings.findings)}</h3>${findings}${recommendation}
<h3>${e(l.headings.documents)}</h3>${documentsHtml(data, p)}`
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
<style>${stylesheet({ left: `${s.title} · ${s.facility.name} (${s.facility.code})`, page: l.page, of: l.of })}</style>
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
