/**
 * Transcript (riwayat pelatihan): one row per participant and program, so a participant's
 * transcript across programs is `WHERE participant_id = ?`: the program, its facility and dates,
 * the enrolment's outcome, the attendance ratio as the certificate rule counted it, the final
 * results and the certificates. Async by default.
 *
 * `outcome`: `certified` (holds a valid certificate of the program), else the end reason of an
 * ended enrolment (`released`, `transferred`, `completed`, ...), else `not-certified` once the
 * program is closed, cancelled or archived, else `in-progress`.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import * as Program from "../domain/Program.js"
import * as AssessmentResults from "./AssessmentResults.js"
import * as CertificateRegister from "./CertificateRegister.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { Projection } from "./Projection.js"

const Result = Schema.Struct({
  assessment_id: Schema.String,
  title: Schema.String,
  score: Schema.NullOr(Schema.Number),
  outcome: Schema.NullOr(Schema.String),
  passed: Schema.NullOr(Schema.Boolean)
})
const Certificate = Schema.Struct({
  certificate_id: Schema.String,
  number: Schema.String,
  type: Schema.String,
  status: Schema.String,
  issued_at: Schema.String
})

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "transcript",
  Schema.Struct({
    participant_id: Columns.text("the participant's opaque id"),
    program_id: Columns.text("the program"),
    program_title: Columns.text("the program's title"),
    facility: Columns.text("the program's facility code"),
    planned_start: Columns.text("the program's planned first day"),
    planned_end: Columns.text("the program's planned last day"),
    program_status: Columns.text("the program's status"),
    kind: Columns.literal("inmate, detainee or officer", "inmate", "detainee", "officer"),
    enrolled_from: Columns.text("first day of the enrolment"),
    last_day: Columns.nullable(Columns.text("last day of an ended enrolment")),
    enrolment_status: Columns.text("active, suspended, auto-suspended or ended"),
    end_reason: Columns.nullable(Columns.text("why the enrolment ended")),
    outcome: Columns.text("certified, an end reason, not-certified or in-progress"),
    attended: Columns.integer("attended (present or late), as the certificate rule counts"),
    applicable: Columns.integer("applicable sessions, as the certificate rule counts"),
    attendance_ratio: Columns.nullable(Columns.real("attended / applicable")),
    meets_attendance: Columns.boolean("the policy's attendance rule is met"),
    results: Columns.json(Schema.Array(Result), "final result per defined assessment"),
    passed_all: Columns.nullable(Columns.boolean("passed every defined assessment; null when none is defined")),
    certificates: Columns.json(Schema.Array(Certificate), "certificates of this program: number, type, status"),
    certified: Columns.boolean("holds a valid certificate of this program")
  }),
  {
    description: "one row per participant x program",
    primaryKey: ["participant_id", "program_id"],
    partitionColumn: "program_id",
    indexes: [["program_id"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

/**
 * @since 0.2.0
 * @category models
 */
export interface State {
  readonly facts: Facts.Facts
  status: string
  readonly results: AssessmentResults.State
  readonly certificates: CertificateRegister.State
}

const statusOf: Partial<Record<Program.Event["_tag"], string>> = {
  ProgramDrafted: "draft",
  ProgramPublished: "published",
  ProgramStarted: "running",
  ProgramClosed: "closed",
  ProgramCancelled: "cancelled",
  ProgramArchived: "archived"
}

const rowOf = (state: State, participantId: string): Row | undefined => {
  const { facts } = state
  const f = facts.enrollments.get(participantId)
  const def = facts.definition
  if (f === undefined || def === undefined) return undefined
  const e = f.enrollment
  const t = Facts.tallyOf(facts, participantId)
  const results = Array.from(state.results.assessments.values(), (a) => {
    const final = AssessmentResults.finalOf(state.results, a.assessmentId, participantId)
    return {
      assessment_id: a.assessmentId,
      title: a.title,
      score: final?.value._tag === "Score" ? final.value.value : null,
      outcome: final?.value._tag === "Competency" ? final.value.value : null,
      passed: final === undefined ? null : final.passed
    }
  })
  const certificates = Array.from(state.certificates.certificates.values())
    .filter((c) => c.holder_id === participantId)
    .map((c) => ({
      certificate_id: c.certificate_id,
      number: c.number,
      type: c.type,
      status: c.status,
      issued_at: c.issued_at.toISOString()
    }))
  const certified = certificates.some((c) => c.status === "valid")
  const finished = state.status === "closed" || state.status === "cancelled" || state.status === "archived"
  return {
    participant_id: participantId,
    program_id: facts.programId,
    program_title: def.title,
    facility: def.facility,
    planned_start: def.plannedStart,
    planned_end: def.plannedEnd,
    program_status: state.status,
    kind: e.kind,
    enrolled_from: e.startDate,
    last_day: e.lastDay ?? null,
    enrolment_status: e.status,
    end_reason: e.endReason ?? null,
    outcome: certified ? "certified" : (e.endReason ?? (finished ? "not-certified" : "in-progress")),
    attended: t.attended,
    applicable: t.applicable,
    attendance_ratio: Program.attendanceRatio(t) ?? null,
    meets_attendance: Program.meetsAttendance(def.completionPolicy.minAttendanceRatio, t),
    results,
    passed_all: results.length === 0 ? null : results.every((r) => r.passed === true),
    certificates,
    certified
  }
}

/**
 * @since 0.2.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "transcript",
  version: 1,
  handles: Array.from(
    new Set([...Facts.types, ...AssessmentResults.types, ...CertificateRegister.types, ...Object.keys(statusOf)])
  ),
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState: (programId) => ({
    facts: Facts.make(programId),
    status: "none",
    results: AssessmentResults.initialState(programId),
    certificates: CertificateRegister.initialState(programId)
  }),
  evolve: (state, e, emit) => {
    const change = Facts.update(state.facts, e)
    let all = change._tag === "Session" || change._tag === "Program"
    if (change._tag === "Enrollment" || change._tag === "Mark") emit.touch(table.name, change.participantId)
    AssessmentResults.update(state.results, e)
    const event = e.event
    if (event._tag === "AssessmentDefined") all = true
    else if (event._tag === "CertificateRevoked") {
      const c = state.certificates.certificates.get(event.certificateId)
      if (c !== undefined) emit.touch(table.name, c.holder_id)
    } else if ("participantId" in event && event._tag !== "ParticipantEnrolled")
      emit.touch(table.name, event.participantId)
    CertificateRegister.update(state.certificates, e)
    const status = statusOf[event._tag]
    if (status !== undefined) {
      state.status = status
      all = true
    }
    if (all) for (const participantId of state.facts.enrollments.keys()) emit.touch(table.name, participantId)
    return state
  },
  row: (state, _table, participantId) => rowOf(state, participantId)
}
