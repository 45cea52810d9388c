/**
 * The reports module's `ReportData` for one program at the command's cutoff, from the read
 * models: the program's events within the cutoff (the same events its `ProgramView` was folded
 * from) are folded through the built-in projections in memory (`Replay.rowsOfEvents`), and the
 * rows are copied field by field. No figure is computed here that a read model already defines:
 * held sessions, attendance ratios and rates, pass rates, completed and certified counts are the
 * projections' (`projections/*.ts`, on `domain/program/Definitions.ts`). The two sums made here
 * are counts of rows, noted where they are made.
 *
 * What the read models do not keep comes from the events themselves: a letter's subject and the
 * assessments' definitions (instrument, scale). The result is decoded by `ReportData.decode`, so
 * a row the schema refuses is a typed `ReportDataInvalid`, not a broken page.
 *
 * @since 0.2.0
 */
import type * as Effect from "effect/Effect"
import type { Projected } from "../domain/Envelope.js"
import type * as Program from "../domain/Program.js"
import { rowsOfEvents } from "../engine/Replay.js"
import * as AssessmentResults from "../projections/AssessmentResults.js"
import * as AttendanceRegister from "../projections/AttendanceRegister.js"
import * as CertificateRegister from "../projections/CertificateRegister.js"
import * as Evaluation from "../projections/Evaluation.js"
import * as ParticipantAttendance from "../projections/ParticipantAttendance.js"
import * as ProgramSummary from "../projections/ProgramSummary.js"
import * as Roster from "../projections/Roster.js"
import * as RowSet from "../projections/RowSet.js"
import * as SessionSummary from "../projections/SessionSummary.js"
import * as ReportData from "../reports/ReportData.js"

/** The read models a report prints. */
const projections = [
  ProgramSummary.projection,
  Roster.projection,
  CertificateRegister.projection,
  AttendanceRegister.projection,
  SessionSummary.projection,
  ParticipantAttendance.projection,
  AssessmentResults.projection,
  Evaluation.projection
]

const kinds = ["inmate", "detainee", "officer"] as const

const iso = (date: Date): string => date.toISOString()
const isoOrNull = (date: Date | null): string | null => (date === null ? null : iso(date))

const rowsOf = <A>(set: RowSet.RowSet, table: { readonly name: string }): ReadonlyArray<A> =>
  RowSet.rowsOf(set, table.name) as unknown as ReadonlyArray<A>

/**
 * The program summary row folded from a program's events (undefined before its draft).
 *
 * @since 0.2.0
 * @category read models
 */
export const summaryRowOf = (events: ReadonlyArray<Projected<Program.Event>>): ProgramSummary.Row | undefined =>
  rowsOf<ProgramSummary.Row>(rowsOfEvents([ProgramSummary.projection], events), ProgramSummary.table)[0]

/**
 * The key figures of a program summary row, as the evaluation compares iterations.
 *
 * @since 0.2.0
 * @category mapping
 */
export const keyFigures = (s: ProgramSummary.Row) => ({
  enrolled: s.enrolled_total,
  completed: s.completed_total,
  passed: s.passed_all,
  certified: s.certified_total,
  sessionsHeld: s.sessions_held,
  sessionsCancelled: s.sessions_cancelled,
  attendanceRate: s.attendance_rate,
  passRate: s.pass_rate
})

/**
 * The previous iteration of the program's series, with the events it had within the cutoff.
 *
 * @since 0.2.0
 * @category models
 */
export interface Previous {
  readonly programId: string
  readonly events: ReadonlyArray<Projected<Program.Event>>
}

/**
 * What the mapping needs besides the events.
 *
 * @since 0.2.0
 * @category models
 */
export interface Context {
  /** What to print for each participant: masked name, full name (--show-names) or the id. */
  readonly holders: ReadonlyMap<string, string>
  readonly namesShown: boolean
  readonly generatedAt: Date
  readonly previous: Previous | undefined
}

/**
 * The report's data, in `ReportData`'s encoded form (instants as ISO-8601), not yet decoded.
 *
 * @since 0.2.0
 * @category mapping
 */
export const encodedReportData = (events: ReadonlyArray<Projected<Program.Event>>, context: Context): unknown => {
  const set = rowsOfEvents(projections, events)
  const summary = rowsOf<ProgramSummary.Row>(set, ProgramSummary.table)[0]
  if (summary === undefined) return { summary: null } // no draft within the cutoff: the decoder names the field
  const roster = rowsOf<Roster.Row>(set, Roster.table)
  const attendance = rowsOf<ParticipantAttendance.Row>(set, ParticipantAttendance.table)
  const results = rowsOf<AssessmentResults.Row>(set, AssessmentResults.table)
  const certificates = rowsOf<CertificateRegister.Row>(set, CertificateRegister.table)
  const evaluations = rowsOf<Evaluation.EvaluationRow>(set, Evaluation.evaluations)
  const holder = (participantId: string) => context.holders.get(participantId) ?? participantId
  const kindOf = new Map(roster.map((r) => [r.participant_id, r.kind]))
  const ratioOf = new Map(attendance.map((a) => [a.participant_id, a.ratio]))

  // What the read models do not keep: a letter's subject, an assessment's instrument and scale.
  const subjects = new Map<string, string>()
  const definitions = new Map<string, Program.AssessmentDefined>()
  let drafted: Program.ProgramDrafted | undefined
  for (const { event } of events) {
    if (event._tag === "ProgramDrafted") drafted = event
    else if (event._tag === "AuthorisationAttached") subjects.set(event.letterNumber, event.subject)
    else if (event._tag === "AssessmentDefined") definitions.set(event.assessmentId, event)
  }

  // Participants who passed every defined assessment, by kind: the summary's `passed_all`
  // (ProgramSummary.rowOf) split by kind, counted from the assessment-results rows it is made of.
  const passes = new Map<string, number>()
  for (const r of results) if (r.passed === true) passes.set(r.participant_id, (passes.get(r.participant_id) ?? 0) + 1)
  const passedOf = (kind: string) =>
    summary.assessments === 0
      ? 0
      : Array.from(passes).filter(([id, n]) => n === summary.assessments && kindOf.get(id) === kind).length
  // Before the closing the rule counts every planned session as held (Definitions.isHeld); a
  // report cut in the middle of a program shows the sessions that had taken place by then, those
  // with attendance recorded, as the command line's Markdown does. The rates stay the rule's.
  const closed = summary.status === "closed"
  const sessionRows = [...rowsOf<SessionSummary.Row>(set, SessionSummary.table)]
    .sort((a, b) => `${a.session_date} ${a.start_time}`.localeCompare(`${b.session_date} ${b.start_time}`))
    .map((s) => ({
      sessionId: s.session_id,
      date: s.session_date,
      start: s.start_time,
      end: s.end_time,
      topic: s.topic,
      cancelled: s.cancelled,
      held: closed ? s.held : !s.cancelled && s.present + s.late + s.excused + s.unexcused > 0,
      enrolled: s.enrolled,
      present: s.present,
      late: s.late,
      excused: s.excused,
      unexcused: s.unexcused,
      notRecorded: s.not_recorded,
      // Gap: the session summary's rate is (present + late) / enrolled, where ReportData
      // documents (present + late) / marks; the two agree once every expected mark is recorded.
      rate: s.attendance_rate
    }))
  // Counted marks by kind: the sums of the participant attendance rows (the summary keeps totals only).
  const marksOf = (kind: string) => {
    const of = attendance.filter((a) => a.kind === kind)
    const sum = (f: (a: ParticipantAttendance.Row) => number) => of.reduce((n, a) => n + f(a), 0)
    return {
      present: sum((a) => a.present),
      late: sum((a) => a.late),
      excused: sum((a) => a.excused),
      unexcused: sum((a) => a.unexcused)
    }
  }

  const latest = evaluations[evaluations.length - 1]
  const previous = context.previous === undefined ? undefined : summaryRowOf(context.previous.events)

  return {
    meta: {
      generatedAt: iso(context.generatedAt),
      // the program's last event within the cutoff: its chain hash commits to the log up to it
      logPosition: events[events.length - 1]?.position ?? 0,
      logHash: events[events.length - 1]?.hash ?? "",
      namesShown: context.namesShown
    },
    summary: {
      programId: summary.program_id,
      title: summary.title,
      category: summary.category === "" ? null : summary.category,
      facility: {
        code: summary.facility,
        // Gap: no event carries the facility's display name ("Lapas Kelas I Cipinang"), only its
        // code; until a facility register exists the report prints the code as the name.
        name: summary.facility,
        timeZone: summary.time_zone
      },
      venue: summary.venue,
      letters: summary.letters.map((l) => ({ ...l, subject: subjects.get(l.letterNumber) ?? null })),
      partners: summary.partners,
      plannedStart: summary.planned_start,
      plannedEnd: summary.planned_end,
      startedAt: isoOrNull(summary.started_at),
      closedAt: isoOrNull(summary.closed_at),
      status: summary.status,
      minAttendanceRatio: drafted?.completionPolicy.minAttendanceRatio ?? null,
      figures: { ...keyFigures(summary), sessionsHeld: sessionRows.filter((r) => r.held).length },
      byKind: kinds
        .filter((kind) => summary[`enrolled_${kind}`] > 0)
        .map((kind) => ({
          kind,
          enrolled: summary[`enrolled_${kind}`],
          completed: summary[`completed_${kind}`],
          passed: passedOf(kind),
          certified: summary[`certified_${kind}`],
          ...marksOf(kind),
          attendanceRate: summary[`attendance_rate_${kind}`]
        })),
      endReasons: summary.end_reasons,
      documents: summary.documents,
      recommendation: summary.recommendation
    },
    roster: roster.map((r) => ({
      participantId: r.participant_id,
      name: holder(r.participant_id),
      kind: r.kind,
      status: r.status,
      startDate: r.start_date,
      endDate: r.end_date,
      endReason: r.end_reason,
      enrolledBy: r.enrolled_by,
      enrolledAt: iso(r.enrolled_at),
      attendanceRatio: ratioOf.get(r.participant_id) ?? null
    })),
    sessions: sessionRows,
    attendance: rowsOf<AttendanceRegister.Row>(set, AttendanceRegister.table).map((a) => ({
      sessionId: a.session_id,
      participantId: a.participant_id,
      outcome: a.outcome,
      reasonCode: a.reason_code,
      note: a.note,
      recordedBy: a.recorded_by,
      recordedAt: iso(a.marked_at),
      corrections: a.corrections
    })),
    assessments: Array.from(definitions.values(), (d) => ({
      assessmentId: d.assessmentId,
      title: d.title,
      instrument: d.instrument,
      resultType: d.resultType,
      min: d.min,
      max: d.max,
      passMark: d.passMark
    })),
    results: results.map((r) => ({
      participantId: r.participant_id,
      assessmentId: r.assessment_id,
      attempts: r.attempts,
      finalResult:
        r.final_attempt === null
          ? null
          : r.result_type === "score"
            ? { _tag: "Score", value: r.final_score }
            : { _tag: "Competency", value: r.final_outcome },
      passed: r.passed === true
    })),
    certificates: [...certificates]
      .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
      .map((c) => ({
        certificateId: c.certificate_id,
        number: c.number,
        type: c.type,
        participantId: c.holder_id,
        holder: holder(c.holder_id),
        kind: c.holder_kind ?? kindOf.get(c.holder_id) ?? null,
        issuedAt: iso(c.issued_at),
        status: c.status,
        reason: c.status === "revoked" ? c.status_reason_code : c.status === "superseded" ? c.status_reason : null
      })),
    evaluation: {
      documents: rowsOf<Evaluation.DocumentRow>(set, Evaluation.documents).map((d) => ({
        documentId: d.document_id,
        kind: d.kind,
        sha256: d.sha256,
        uri: d.uri,
        containsPersonalData: d.contains_personal_data
      })),
      findings: latest?.findings ?? null,
      recommendation: latest?.recommendation ?? null,
      recordedAt: latest === undefined ? null : iso(latest.recorded_at),
      previous:
        context.previous === undefined || previous === undefined
          ? null
          : {
              programId: previous.program_id,
              title: previous.title,
              plannedStart: previous.planned_start,
              plannedEnd: previous.planned_end,
              figures: keyFigures(previous)
            }
    }
  }
}

/**
 * The report's data for one program, decoded: a mismatch with the schema is `ReportDataInvalid`.
 *
 * @since 0.2.0
 * @category mapping
 */
export const reportDataOf = (
  events: ReadonlyArray<Projected<Program.Event>>,
  context: Context
): Effect.Effect<ReportData.ReportData, ReportData.ReportDataInvalid> =>
  ReportData.decode(encodedReportData(events, context))
