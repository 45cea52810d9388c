/**
 * The sections of the HTML report, each from the report data and a printer: the title block,
 * the key figures, the register grid, the results grid, and the tables that print differently
 * from their CSV form (two-line cells for the roster, the exceptions, the certificates and the
 * documents, so an A4 page holds them).
 *
 * @since 0.2.0
 */
import { formatDateRange, formatInteger, formatLocalDate, formatLocalTime, formatPercent, label } from "./I18n.js"
import type { ReportData } from "./ReportData.js"
import { e, groupedHash, htmlTable, note, th, two } from "./HtmlParts.js"
import type { Printer, Table } from "./Tables.js"
import {
  certificateReason,
  comparisonTable,
  endReasonsTable,
  exceptionEntries,
  formatResult,
  NO_MARK
} from "./Tables.js"
import { describeZone, formatInstant } from "./Time.js"

/**
 * The session summary as printed: without the session id and the "held" column (the CSV keeps
 * both); a cancelled session says so after its topic.
 *
 * @since 0.2.0
 * @category sections
 */
export const sessionsForPrint = (data: ReportData, t: Table, cancelled: string): Table => {
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
 * The title block: program, facility, letters, partners, dates, and the traceability box.
 *
 * @since 0.2.0
 * @category sections
 */
export const masthead = (data: ReportData, p: Printer): string => {
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
<div class="facility"><span data-field="facility">${e(s.facility.name)}</span>${s.facility.name === s.facility.code ? "" : `<span class="code">${e(s.facility.code)}</span>`} · ${e(s.venue)}</div>
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

/**
 * The key figures as tiles, each named by `data-figure`.
 *
 * @since 0.2.0
 * @category sections
 */
export const keyFigures = (data: ReportData, p: Printer): string => {
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

/**
 * The attendance register as a grid (sessions as columns, participants as rows) with its legend.
 *
 * @since 0.2.0
 * @category sections
 */
export const registerGridHtml = (data: ReportData, p: Printer): string => {
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

/**
 * The assessments defined, and each participant's final result, attempts and outcome per assessment.
 *
 * @since 0.2.0
 * @category sections
 */
export const resultsGridHtml = (
  data: ReportData,
  p: Printer
): { readonly definitions: string; readonly grid: string } => {
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

/**
 * The roster as printed: the participant's id under the name, the end reason in place of "ended".
 *
 * @since 0.2.0
 * @category sections
 */
export const rosterHtml = (data: ReportData, p: Printer): string => {
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

/**
 * Absences, late arrivals and corrections, with the reason and note together and who recorded them.
 *
 * @since 0.2.0
 * @category sections
 */
export const exceptionsHtml = (data: ReportData, p: Printer): string => {
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

/**
 * The certificate register: the holder's participant id under the (masked) name.
 *
 * @since 0.2.0
 * @category sections
 */
export const certificatesHtml = (data: ReportData, p: Printer): string => {
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

/**
 * End reasons, the comparison with the previous iteration, findings, recommendation and documents.
 *
 * @since 0.2.0
 * @category sections
 */
export const evaluationHtml = (data: ReportData, p: Printer): string => {
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
