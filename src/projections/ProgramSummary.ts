/**
 * The program summary read model: what a program officer reports at the closing (penutupan) and
 * what the evaluation (bahan evaluasi) starts from. One row per program, by participant kind.
 * Async by default (every command changes it): `summary()` brings it to the head before reading.
 *
 * Definitions (the domain's, `domain/program/Definitions.ts`, so the numbers are those that
 * decided the certificates):
 * - a session is *held* when it is not cancelled and, once the program is closed, started by the
 *   closing (`isHeld`);
 * - the attendance rate is the sum over enrolments of `attended` / the sum of `applicable`, each
 *   counted by the completion rule (`tally`: held sessions on days the participant was attending,
 *   excused absences out of the denominator when the policy says so); marks are those counted;
 * - an assessment's final result is the latest attempt that is not voided (`finalAttempt`); the
 *   pass rate is participants who passed every defined assessment over participants with at
 *   least one final result;
 * - completed = enrolments ended with reason `completed`; certified = holders of a valid
 *   (not revoked, not superseded) certificate.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import * as Program from "../domain/Program.js"
import type { ParticipantKind } from "../domain/ReferenceData.js"
import * as AssessmentResults from "./AssessmentResults.js"
import * as CertificateRegister from "./CertificateRegister.js"
import * as Columns from "./Columns.js"
import * as Facts from "./program/Facts.js"
import type { ProjectedEvent, Projection } from "./Projection.js"

type Kind = ParticipantKind
const kinds: ReadonlyArray<Kind> = ["inmate", "detainee", "officer"]

const Letter = Schema.Struct({ letterNumber: Schema.String, issuer: Schema.String, letterDate: Schema.String })
const Partner = Schema.Struct({ organisation: Schema.String, role: Schema.String })
const EndReasonCount = Schema.Struct({ reason: Schema.String, count: Schema.Number })

const byKind = (what: string) => ({
  inmate: Columns.integer(`${what}: inmates (WBP)`),
  detainee: Columns.integer(`${what}: detainees (tahanan)`),
  officer: Columns.integer(`${what}: officers (petugas)`),
  total: Columns.integer(`${what}: all`)
})
const prefixed = <P extends string, F extends Record<string, unknown>>(prefix: P, fields: F) =>
  Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${prefix}_${k}`, v])) as {
    [K in keyof F & string as `${P}_${K}`]: F[K]
  }

/**
 * @since 0.2.0
 * @category tables
 */
export const table = Columns.table(
  "program_summary",
  Schema.Struct({
    program_id: Columns.text("the program"),
    title: Columns.text("its title"),
    category: Columns.text("its category (e.g. Pembinaan kemandirian)"),
    facility: Columns.text("the facility code (e.g. LPCIP)"),
    venue: Columns.text("where it takes place (e.g. the BLK)"),
    time_zone: Columns.text("the IANA zone its local dates and times are read in"),
    series_id: Columns.nullable(Columns.text("the series it repeats (iterations are compared)")),
    status: Columns.literal(
      "none, draft, published, running, closed, cancelled or archived",
      "none",
      "draft",
      "published",
      "running",
      "closed",
      "cancelled",
      "archived"
    ),
    planned_start: Columns.text("planned first day (local date)"),
    planned_end: Columns.text("planned last day (local date)"),
    started_at: Columns.nullable(Columns.timestamp("when it started (business time)")),
    closed_at: Columns.nullable(Columns.timestamp("when it was closed (penutupan)")),
    cancelled_at: Columns.nullable(Columns.timestamp("when it was cancelled (business time)")),
    cancellation_reason: Columns.nullable(Columns.text("why it was cancelled")),
    sessions_scheduled: Columns.integer("sessions scheduled, cancelled ones included"),
    sessions_held: Columns.integer("sessions held: not cancelled and started by the closing"),
    sessions_cancelled: Columns.integer("sessions cancelled"),
    ...prefixed("enrolled", byKind("enrolments")),
    ...prefixed("completed", byKind("enrolments ended as completed")),
    ...prefixed("certified", byKind("holders of a valid certificate")),
    ended_early: Columns.integer("enrolments ended for another reason than completed"),
    end_reasons: Columns.json(Schema.Array(EndReasonCount), "ended enrolments by reason: [{reason, count}]"),
    present: Columns.integer("present marks counted by the attendance rule"),
    late: Columns.integer("late marks counted"),
    excused: Columns.integer("excused absences counted"),
    unexcused: Columns.integer("unexcused absences counted"),
    not_recorded: Columns.integer("applicable sessions without a mark"),
    attended: Columns.integer("sum of attended (present or late) over enrolments"),
    applicable: Columns.integer("sum of applicable sessions over enrolments"),
    attendance_rate: Columns.nullable(Columns.real("attended / applicable; null when nothing applies")),
    attendance_rate_inmate: Columns.nullable(Columns.real("the same, inmates only")),
    attendance_rate_detainee: Columns.nullable(Columns.real("the same, detainees only")),
    attendance_rate_officer: Columns.nullable(Columns.real("the same, officers only")),
    assessments: Columns.integer("assessments defined"),
    assessed: Columns.integer("participants with at least one final result"),
    passed_all: Columns.integer("participants who passed every defined assessment"),
    pass_rate: Columns.nullable(Columns.real("passed_all / assessed; null when nobody was assessed")),
    certificates_valid: Columns.integer("certificates valid"),
    certificates_revoked: Columns.integer("certificates revoked"),
    certificates_superseded: Columns.integer("certificates superseded by a reissue"),
    documents: Columns.integer("documents attached (photos, reports, attendance sheets, letters)"),
    evaluations: Columns.integer("evaluations recorded"),
    recommendation: Columns.nullable(Columns.text("the latest evaluation's recommendation: continue, revise, stop")),
    letters: Columns.json(Schema.Array(Letter), "authorising letters: [{letterNumber, issuer, letterDate}]"),
    partners: Columns.json(Schema.Array(Partner), "partners: [{organisation, role}]")
  }),
  {
    description: "one row per program",
    primaryKey: ["program_id"],
    partitionColumn: "program_id",
    indexes: [["series_id"], ["facility"]]
  }
)

/**
 * @since 0.2.0
 * @category models
 */
export type Row = Columns.RowOf<typeof table>

type Status = Row["status"]

interface Sums {
  attended: number
  applicable: number
  present: number
  late: number
  excused: number
  unexcused: number
  notRecorded: number
}

const zero = (): Sums => ({ attended: 0, applicable: 0, present: 0, late: 0, excused: 0, unexcused: 0, notRecorded: 0 })

/**
 * The fold's state.
 *
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly facts: Facts.Facts
  status: Status
  startedAt: Date | null
  closedAt: Date | null
  cancelledAt: Date | null
  cancellationReason: string | null
  readonly letters: Array<typeof Letter.Type>
  readonly partners: Map<string, string>
  readonly results: AssessmentResults.State
  readonly certificates: CertificateRegister.State
  documents: number
  evaluations: number
  recommendation: string | null
  /** each enrolment's attendance as the rule counts it, and their sums by kind */
  readonly tallies: Map<string, Program.AttendanceTally>
  readonly sums: Map<Kind, Sums>
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const initialState = (programId: string): State => ({
  facts: Facts.make(programId),
  status: "none",
  startedAt: null,
  closedAt: null,
  cancelledAt: null,
  cancellationReason: null,
  letters: [],
  partners: new Map(),
  results: AssessmentResults.initialState(programId),
  certificates: CertificateRegister.initialState(programId),
  documents: 0,
  evaluations: 0,
  recommendation: null,
  tallies: new Map(),
  sums: new Map(kinds.map((k) => [k, zero()]))
})

const add = (sums: Sums, t: Program.AttendanceTally, sign: 1 | -1) => {
  sums.attended += sign * t.attended
  sums.applicable += sign * t.applicable
  sums.present += sign * t.present
  sums.late += sign * t.late
  sums.excused += sign * t.excused
  sums.unexcused += sign * t.unexcused
  sums.notRecorded += sign * t.notRecorded
}

const recount = (state: State, participantId: string) => {
  const kind = Facts.kindOf(state.facts, participantId)
  if (kind === undefined) return
  const sums = state.sums.get(kind)!
  const before = state.tallies.get(participantId)
  if (before !== undefined) add(sums, before, -1)
  const after = Facts.tallyOf(state.facts, participantId)
  state.tallies.set(participantId, after)
  add(sums, after, 1)
}

/** One mark changed: its session's contribution moves the participant's tally (`Program.contribution`). */
const remark = (state: State, change: Extract<Facts.Change, { _tag: "Mark" }>) => {
  const { facts } = state
  const before = state.tallies.get(change.participantId)
  const policy = facts.definition?.completionPolicy
  if (before === undefined || policy === undefined) return recount(state, change.participantId)
  if (!Facts.counts(facts, change.participantId, change.sessionId)) return
  const leave = policy.excusedAbsencesLeaveDenominator
  const outcome = facts.marks.get(change.participantId)?.get(change.sessionId)
  const delta = Program.addTally(Program.contribution(leave, outcome), Program.contribution(leave, change.before), -1)
  state.tallies.set(change.participantId, Program.addTally(before, delta))
  add(state.sums.get(Facts.kindOf(facts, change.participantId)!)!, delta, 1)
}

const recountAll = (state: State) => {
  for (const participantId of state.facts.enrollments.keys()) recount(state, participantId)
}

/**
 * @since 0.1.0
 * @category folds
 */
export const evolve = (state: State, e: ProjectedEvent<Program.Event>): State => {
  const change = Facts.update(state.facts, e)
  switch (change._tag) {
    case "Mark":
      remark(state, change)
      break
    case "Enrollment":
      recount(state, change.participantId)
      break
    case "Session":
    case "Program":
      recountAll(state)
      break
  }
  AssessmentResults.update(state.results, e)
  CertificateRegister.update(state.certificates, e)
  const event = e.event
  switch (event._tag) {
    case "ProgramDrafted":
      state.status = "draft"
      break
    case "AuthorisationAttached":
      state.letters.push({ letterNumber: event.letterNumber, issuer: event.issuer, letterDate: event.letterDate })
      break
    case "PartnerAdded":
      state.partners.set(event.organisation, event.role)
      break
    case "PartnerRemoved":
      state.partners.delete(event.organisation)
      break
    case "ProgramPublished":
      state.status = "published"
      break
    case "ProgramStarted":
      state.status = "running"
      state.startedAt = e.occurredAt
      break
    case "ProgramClosed":
      state.status = "closed"
      state.closedAt = Facts.date(event.closedAt)
      break
    case "ProgramCancelled":
      state.status = "cancelled"
      state.cancelledAt = e.occurredAt
      state.cancellationReason = event.reasonCode
      break
    case "ProgramArchived":
      state.status = "archived"
      break
    case "DocumentationAttached":
      state.documents++
      break
    case "EvaluationRecorded":
      state.evaluations++
      state.recommendation = event.recommendation
      break
  }
  return state
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b)

/**
 * The program summary row of the state.
 *
 * @since 0.2.0
 * @category rows
 */
export const rowOf = (state: State): Row => {
  const { facts } = state
  const def = facts.definition
  const count = () => ({ inmate: 0, detainee: 0, officer: 0, total: 0 })
  const enrolled = count()
  const completed = count()
  const certified = count()
  const endReasons = new Map<string, number>()
  let endedEarly = 0
  for (const f of facts.enrollments.values()) {
    const e = f.enrollment
    enrolled[e.kind]++
    enrolled.total++
    if (e.endReason !== undefined) {
      endReasons.set(e.endReason, (endReasons.get(e.endReason) ?? 0) + 1)
      if (e.endReason === "completed") {
        completed[e.kind]++
        completed.total++
      } else endedEarly++
    }
  }
  const holders = new Set<string>()
  const certificates = { valid: 0, revoked: 0, superseded: 0 }
  for (const c of state.certificates.certificates.values()) {
    certificates[c.status]++
    if (c.status === "valid") holders.add(c.holder_id)
  }
  for (const holder of holders) {
    const kind = Facts.kindOf(facts, holder)
    if (kind === undefined) continue
    certified[kind]++
    certified.total++
  }
  let sessionsHeld = 0
  let sessionsCancelled = 0
  for (const s of facts.sessions.values()) {
    if (s.held) sessionsHeld++
    if (s.cancelled) sessionsCancelled++
  }
  const total = zero()
  for (const sums of state.sums.values()) {
    total.attended += sums.attended
    total.applicable += sums.applicable
    total.present += sums.present
    total.late += sums.late
    total.excused += sums.excused
    total.unexcused += sums.unexcused
    total.notRecorded += sums.notRecorded
  }
  // participants with a final result, and those who passed every defined assessment
  const finals = new Map<string, Map<string, boolean>>()
  for (const t of state.results.tracks.values()) {
    const final = Program.finalAttempt(t.attempts)
    if (final === undefined) continue
    let results = finals.get(t.participantId)
    if (results === undefined) finals.set(t.participantId, (results = new Map()))
    results.set(t.assessmentId, final.passed)
  }
  let passedAll = 0
  for (const results of finals.values()) {
    let all = true
    for (const assessmentId of state.results.assessments.keys()) if (results.get(assessmentId) !== true) all = false
    if (all) passedAll++
  }
  const rate = (kind: Kind) => ratio(state.sums.get(kind)!.attended, state.sums.get(kind)!.applicable)
  return {
    program_id: facts.programId,
    title: def?.title ?? "",
    category: def?.category ?? "",
    facility: def?.facility ?? "",
    venue: def?.venue ?? "",
    time_zone: def?.timeZone ?? "",
    series_id: def?.seriesId ?? null,
    status: state.status,
    planned_start: def?.plannedStart ?? "",
    planned_end: def?.plannedEnd ?? "",
    started_at: state.startedAt,
    closed_at: state.closedAt,
    cancelled_at: state.cancelledAt,
    cancellation_reason: state.cancellationReason,
    sessions_scheduled: facts.sessions.size,
    sessions_held: sessionsHeld,
    sessions_cancelled: sessionsCancelled,
    enrolled_inmate: enrolled.inmate,
    enrolled_detainee: enrolled.detainee,
    enrolled_officer: enrolled.officer,
    enrolled_total: enrolled.total,
    completed_inmate: completed.inmate,
    completed_detainee: completed.detainee,
    completed_officer: completed.officer,
    completed_total: completed.total,
    certified_inmate: certified.inmate,
    certified_detainee: certified.detainee,
    certified_officer: certified.officer,
    certified_total: certified.total,
    ended_early: endedEarly,
    end_reasons: Array.from(endReasons, ([reason, count]) => ({ reason, count })).sort((a, b) =>
      a.reason < b.reason ? -1 : 1
    ),
    present: total.present,
    late: total.late,
    excused: total.excused,
    unexcused: total.unexcused,
    not_recorded: total.notRecorded,
    attended: total.attended,
    applicable: total.applicable,
    attendance_rate: ratio(total.attended, total.applicable),
    attendance_rate_inmate: rate("inmate"),
    attendance_rate_detainee: rate("detainee"),
    attendance_rate_officer: rate("officer"),
    assessments: state.results.assessments.size,
    assessed: finals.size,
    passed_all: passedAll,
    pass_rate: ratio(passedAll, finals.size),
    certificates_valid: certificates.valid,
    certificates_revoked: certificates.revoked,
    certificates_superseded: certificates.superseded,
    documents: state.documents,
    evaluations: state.evaluations,
    recommendation: state.recommendation,
    letters: [...state.letters],
    partners: Array.from(state.partners, ([organisation, role]) => ({ organisation, role }))
  }
}

/**
 * The read model as a projection: one partition per program.
 *
 * @since 0.1.0
 * @category projections
 */
export const projection: Projection<Program.Event, State> = {
  name: "program-summary",
  version: 2,
  handles: Array.from(
    new Set([
      ...Facts.types,
      ...AssessmentResults.types,
      ...CertificateRegister.types,
      "AuthorisationAttached",
      "PartnerAdded",
      "PartnerRemoved",
      "ProgramPublished",
      "ProgramStarted",
      "ProgramCancelled",
      "ProgramArchived",
      "DocumentationAttached",
      "EvaluationRecorded"
    ])
  ),
  tables: [table],
  partition: Facts.partition,
  source: Facts.source,
  initialState,
  evolve: (state, e, emit) => {
    evolve(state, e)
    emit.touch(table.name, "")
    return state
  },
  row: (state) => rowOf(state)
}

// ---- the summary as the Promise API and the demo print it --------------------------------

/**
 * Counts by participant kind.
 *
 * @since 0.1.0
 * @category models
 */
export type ByKind = { readonly [K in Kind]: number } & { readonly total: number }

/**
 * @since 0.1.0
 * @category models
 */
export interface CertificateRow {
  readonly certificateId: string
  readonly number: string
  readonly type: string
  readonly participantId: string
  readonly issuedAt: Date
  readonly status: "valid" | "revoked" | "superseded"
}

/**
 * The summary as reports print it.
 *
 * @since 0.1.0
 * @category models
 */
export interface Summary {
  readonly programId: string
  readonly title: string
  readonly facility: string
  readonly venue: string
  readonly status: Status
  readonly plannedStart: string
  readonly plannedEnd: string
  readonly startedAt: Date | undefined
  readonly closedAt: Date | undefined
  readonly letters: ReadonlyArray<typeof Letter.Type>
  readonly partners: ReadonlyArray<{ readonly organisation: string; readonly role: string }>
  readonly sessionsScheduled: number
  readonly sessionsHeld: number
  readonly sessionsCancelled: number
  readonly enrolled: ByKind
  readonly completed: ByKind
  readonly certified: ByKind
  readonly endReasons: Readonly<Record<string, number>>
  readonly marks: {
    readonly present: number
    readonly late: number
    readonly "excused-absence": number
    readonly "unexcused-absence": number
    readonly total: number
  }
  /** attended / applicable, summed over enrolments as the certificate rule counts them. */
  readonly attendanceRate: number | undefined
  /** Participants who passed every defined assessment / participants with a final result. */
  readonly passRate: number | undefined
  readonly certificates: ReadonlyArray<CertificateRow & { readonly kind: Kind | undefined }>
  readonly documents: number
  readonly recommendation: string | undefined
}

const kindCounts = (row: Row, prefix: "enrolled" | "completed" | "certified"): ByKind => ({
  inmate: row[`${prefix}_inmate`],
  detainee: row[`${prefix}_detainee`],
  officer: row[`${prefix}_officer`],
  total: row[`${prefix}_total`]
})

/**
 * The printed summary from the rows of the two tables (what `summary(programId)` reads).
 *
 * @since 0.2.0
 * @category views
 */
export const fromRows = (row: Row, certificates: ReadonlyArray<CertificateRegister.Row>): Summary => ({
  programId: row.program_id,
  title: row.title,
  facility: row.facility,
  venue: row.venue,
  status: row.status,
  plannedStart: row.planned_start,
  plannedEnd: row.planned_end,
  startedAt: row.started_at ?? undefined,
  closedAt: row.closed_at ?? undefined,
  letters: row.letters,
  partners: row.partners,
  sessionsScheduled: row.sessions_scheduled,
  sessionsHeld: row.sessions_held,
  sessionsCancelled: row.sessions_cancelled,
  enrolled: kindCounts(row, "enrolled"),
  completed: kindCounts(row, "completed"),
  certified: kindCounts(row, "certified"),
  endReasons: Object.fromEntries(row.end_reasons.map((r) => [r.reason, r.count])),
  marks: {
    present: row.present,
    late: row.late,
    "excused-absence": row.excused,
    "unexcused-absence": row.unexcused,
    total: row.present + row.late + row.excused + row.unexcused
  },
  attendanceRate: row.attendance_rate ?? undefined,
  passRate: row.pass_rate ?? undefined,
  certificates: [...certificates]
    .sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
    .map((c) => ({
      certificateId: c.certificate_id,
      number: c.number,
      type: c.type,
      participantId: c.holder_id,
      issuedAt: c.issued_at,
      status: c.status,
      kind: c.holder_kind ?? undefined
    })),
  documents: row.documents,
  recommendation: row.recommendation ?? undefined
})

/**
 * Derives the printed summary from the fold's state.
 *
 * @since 0.1.0
 * @category views
 */
export const view = (state: State): Summary =>
  fromRows(
    rowOf(state),
    Array.from(state.certificates.certificates.values(), (c) => ({ ...c }))
  )
