/**
 * The program summary read model: what a program officer reports at the closing (penutupan) and
 * what the evaluation (bahan evaluasi) starts from. One summary per program, a pure fold over
 * the program's events; collections are persistent maps so each event costs O(log n).
 *
 * Definitions (the numbers a reader must be able to recompute):
 * - a session is *held* when it is not cancelled and has at least one attendance mark;
 * - the attendance rate is (present + late) / every mark recorded for held sessions, after
 *   corrections;
 * - an assessment's final result is the latest attempt that is not voided (corrections replace
 *   an attempt's value); the pass rate is participants who passed every defined assessment over
 *   participants with at least one final result;
 * - completed = enrolments ended with reason `completed`; certified = holders of a valid
 *   (not revoked, not superseded) certificate.
 *
 * @since 0.1.0
 */
import * as DateTime from "effect/DateTime"
import * as HashMap from "effect/HashMap"
import * as Option from "effect/Option"
import type * as Program from "../domain/Program.js"
import type { ProjectedEvent, Projection } from "./Projection.js"

type Kind = "inmate" | "detainee" | "officer"
type Outcome = "present" | "late" | "excused-absence" | "unexcused-absence"

/**
 * @since 0.1.0
 * @category models
 */
export interface Enrolment {
  readonly kind: Kind
  readonly status: "active" | "suspended" | "ended"
  readonly endReason?: string | undefined
}

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

interface Attempt {
  readonly attempt: number
  readonly passed: boolean
  readonly voided: boolean
}

/**
 * The fold's state.
 *
 * @since 0.1.0
 * @category models
 */
export interface State {
  readonly programId: string
  readonly title: string
  readonly facility: string
  readonly venue: string
  readonly timeZone: string
  readonly plannedStart: string
  readonly plannedEnd: string
  readonly status: "none" | "draft" | "published" | "running" | "closed" | "cancelled" | "archived"
  readonly startedAt: Date | undefined
  readonly closedAt: Date | undefined
  readonly letters: ReadonlyArray<{
    readonly letterNumber: string
    readonly issuer: string
    readonly letterDate: string
  }>
  readonly partners: ReadonlyArray<{ readonly organisation: string; readonly role: string }>
  readonly enrolments: HashMap.HashMap<string, Enrolment>
  readonly sessions: HashMap.HashMap<string, { readonly date: string; readonly cancelled: boolean }>
  readonly marks: HashMap.HashMap<string, { readonly sessionId: string; readonly outcome: Outcome }>
  readonly assessments: ReadonlyArray<string>
  readonly attempts: HashMap.HashMap<string, ReadonlyArray<Attempt>>
  readonly certificates: HashMap.HashMap<string, CertificateRow>
  readonly documents: number
  readonly recommendation: string | undefined
}

/**
 * @since 0.1.0
 * @category constructors
 */
export const initialState = (programId: string): State => ({
  programId,
  title: "",
  facility: "",
  venue: "",
  timeZone: "UTC",
  plannedStart: "",
  plannedEnd: "",
  status: "none",
  startedAt: undefined,
  closedAt: undefined,
  letters: [],
  partners: [],
  enrolments: HashMap.empty(),
  sessions: HashMap.empty(),
  marks: HashMap.empty(),
  assessments: [],
  attempts: HashMap.empty(),
  certificates: HashMap.empty(),
  documents: 0,
  recommendation: undefined
})

const modify = <V>(map: HashMap.HashMap<string, V>, key: string, f: (v: V) => V) =>
  Option.match(HashMap.get(map, key), { onNone: () => map, onSome: (v) => HashMap.set(map, key, f(v)) })

const attemptsKey = (assessmentId: string, participantId: string) => `${assessmentId}\u0000${participantId}`

/**
 * @since 0.1.0
 * @category folds
 */
export const evolve = (state: State, { event, occurredAt }: ProjectedEvent<Program.Event>): State => {
  switch (event._tag) {
    case "ProgramDrafted":
      return {
        ...state,
        title: event.title,
        facility: event.facility,
        venue: event.venue,
        timeZone: event.timeZone,
        plannedStart: event.plannedStart,
        plannedEnd: event.plannedEnd,
        status: "draft"
      }
    case "AuthorisationAttached":
      return {
        ...state,
        letters: [
          ...state.letters,
          { letterNumber: event.letterNumber, issuer: event.issuer, letterDate: event.letterDate }
        ]
      }
    case "PartnerAdded":
      return { ...state, partners: [...state.partners, { organisation: event.organisation, role: event.role }] }
    case "PartnerRemoved":
      return { ...state, partners: state.partners.filter((p) => p.organisation !== event.organisation) }
    case "ProgramPublished":
      return { ...state, status: "published" }
    case "ProgramStarted":
      return { ...state, status: "running", startedAt: occurredAt }
    case "ProgramClosed":
      return { ...state, status: "closed", closedAt: DateTime.toDate(event.closedAt) }
    case "ProgramCancelled":
      return { ...state, status: "cancelled" }
    case "ProgramArchived":
      return { ...state, status: "archived" }
    case "DocumentationAttached":
      return { ...state, documents: state.documents + 1 }
    case "EvaluationRecorded":
      return { ...state, recommendation: event.recommendation }
    case "ParticipantEnrolled":
      return {
        ...state,
        enrolments: HashMap.set(state.enrolments, event.participantId, { kind: event.kind, status: "active" })
      }
    case "EnrollmentSuspended":
      return {
        ...state,
        enrolments: modify(state.enrolments, event.participantId, (e) => ({ ...e, status: "suspended" }))
      }
    case "EnrollmentResumed":
      return {
        ...state,
        enrolments: modify(state.enrolments, event.participantId, (e) => ({ ...e, status: "active" }))
      }
    case "EnrollmentEnded":
      return {
        ...state,
        enrolments: modify(state.enrolments, event.participantId, (e) => ({
          ...e,
          status: "ended",
          endReason: event.reason
        }))
      }
    case "SessionScheduled":
      return {
        ...state,
        sessions: HashMap.set(state.sessions, event.sessionId, { date: event.slot.date, cancelled: false })
      }
    case "SessionRescheduled":
      return { ...state, sessions: modify(state.sessions, event.sessionId, (s) => ({ ...s, date: event.to.date })) }
    case "SessionCancelled":
      return { ...state, sessions: modify(state.sessions, event.sessionId, (s) => ({ ...s, cancelled: true })) }
    case "SessionUncancelled":
      return { ...state, sessions: modify(state.sessions, event.sessionId, (s) => ({ ...s, cancelled: false })) }
    case "AttendanceRecorded":
    case "AttendanceCorrected":
      return {
        ...state,
        marks: HashMap.set(state.marks, `${event.sessionId}\u0000${event.participantId}`, {
          sessionId: event.sessionId,
          outcome: event.outcome
        })
      }
    case "AssessmentDefined":
      return { ...state, assessments: [...state.assessments, event.assessmentId] }
    case "AssessmentResultRecorded": {
      const key = attemptsKey(event.assessmentId, event.participantId)
      const known = Option.getOrElse(HashMap.get(state.attempts, key), () => [] as ReadonlyArray<Attempt>)
      return {
        ...state,
        attempts: HashMap.set(state.attempts, key, [
          ...known,
          { attempt: event.attempt, passed: event.passed, voided: false }
        ])
      }
    }
    case "AssessmentResultCorrected":
      return {
        ...state,
        attempts: modify(state.attempts, attemptsKey(event.assessmentId, event.participantId), (attempts) =>
          attempts.map((a) => (a.attempt === event.attempt ? { ...a, passed: event.passed } : a))
        )
      }
    case "AssessmentResultVoided":
      return {
        ...state,
        attempts: modify(state.attempts, attemptsKey(event.assessmentId, event.participantId), (attempts) =>
          attempts.map((a) => (a.attempt === event.attempt ? { ...a, voided: true } : a))
        )
      }
    case "CertificateIssued":
      return {
        ...state,
        certificates: HashMap.set(state.certificates, event.certificateId, {
          certificateId: event.certificateId,
          number: event.number,
          type: event.type,
          participantId: event.participantId,
          issuedAt: DateTime.toDate(event.issuedAt),
          status: "valid"
        })
      }
    case "CertificateRevoked":
      return {
        ...state,
        certificates: modify(state.certificates, event.certificateId, (c) => ({ ...c, status: "revoked" }))
      }
    case "CertificateReissued":
      return {
        ...state,
        certificates: HashMap.set(
          modify(state.certificates, event.supersedes, (c) => ({ ...c, status: "superseded" })),
          event.newCertificateId,
          {
            certificateId: event.newCertificateId,
            number: event.newNumber,
            type: event.type,
            participantId: event.participantId,
            issuedAt: DateTime.toDate(event.issuedAt),
            status: "valid"
          }
        )
      }
    default:
      return state
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
  version: 1,
  partition: (e) => e.event.programId,
  initialState,
  evolve
}

/**
 * Counts by participant kind.
 *
 * @since 0.1.0
 * @category models
 */
export type ByKind = { readonly [K in Kind]: number } & { readonly total: number }

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
  readonly status: State["status"]
  readonly plannedStart: string
  readonly plannedEnd: string
  readonly startedAt: Date | undefined
  readonly closedAt: Date | undefined
  readonly letters: State["letters"]
  readonly partners: State["partners"]
  readonly sessionsScheduled: number
  readonly sessionsHeld: number
  readonly sessionsCancelled: number
  readonly enrolled: ByKind
  readonly completed: ByKind
  readonly certified: ByKind
  readonly endReasons: Readonly<Record<string, number>>
  readonly marks: { readonly [K in Outcome]: number } & { readonly total: number }
  /** (present + late) / marks of held sessions; undefined when nothing was recorded. */
  readonly attendanceRate: number | undefined
  /** Participants who passed every defined assessment / participants with a final result. */
  readonly passRate: number | undefined
  readonly certificates: ReadonlyArray<CertificateRow & { readonly kind: Kind | undefined }>
  readonly documents: number
  readonly recommendation: string | undefined
}

const countByKind = (kinds: Iterable<Kind>): ByKind => {
  const counts = { inmate: 0, detainee: 0, officer: 0, total: 0 }
  for (const kind of kinds) {
    counts[kind]++
    counts.total++
  }
  return counts
}

/**
 * Derives the printed summary from the fold's state.
 *
 * @since 0.1.0
 * @category views
 */
export const view = (state: State): Summary => {
  const enrolments = Array.from(HashMap.values(state.enrolments))
  const sessions = Array.from(HashMap.entries(state.sessions))
  const marks = Array.from(HashMap.values(state.marks)).filter(
    (m) => Option.getOrUndefined(HashMap.get(state.sessions, m.sessionId))?.cancelled === false
  )
  const markedSessions = new Set(marks.map((m) => m.sessionId))
  const outcomeCounts = { present: 0, late: 0, "excused-absence": 0, "unexcused-absence": 0, total: marks.length }
  for (const m of marks) outcomeCounts[m.outcome]++

  const finals = new Map<string, Map<string, boolean>>()
  for (const [key, attempts] of HashMap.entries(state.attempts)) {
    const [assessmentId, participantId] = key.split("\u0000") as [string, string]
    const final = attempts.filter((a) => !a.voided).sort((a, b) => b.attempt - a.attempt)[0]
    if (final === undefined) continue
    const byAssessment = finals.get(participantId) ?? new Map<string, boolean>()
    byAssessment.set(assessmentId, final.passed)
    finals.set(participantId, byAssessment)
  }
  const passedAll = Array.from(finals.values()).filter((results) =>
    state.assessments.every((a) => results.get(a) === true)
  ).length

  const certificates = Array.from(HashMap.values(state.certificates))
    .sort((a, b) => a.number.localeCompare(b.number))
    .map((c) => ({ ...c, kind: Option.getOrUndefined(HashMap.get(state.enrolments, c.participantId))?.kind }))
  const certifiedHolders = new Map<string, Kind>()
  for (const c of certificates)
    if (c.status === "valid" && c.kind !== undefined) certifiedHolders.set(c.participantId, c.kind)

  const endReasons: Record<string, number> = {}
  for (const e of enrolments)
    if (e.endReason !== undefined) endReasons[e.endReason] = (endReasons[e.endReason] ?? 0) + 1

  return {
    programId: state.programId,
    title: state.title,
    facility: state.facility,
    venue: state.venue,
    status: state.status,
    plannedStart: state.plannedStart,
    plannedEnd: state.plannedEnd,
    startedAt: state.startedAt,
    closedAt: state.closedAt,
    letters: state.letters,
    partners: state.partners,
    sessionsScheduled: sessions.length,
    sessionsHeld: sessions.filter(([id, s]) => !s.cancelled && markedSessions.has(id)).length,
    sessionsCancelled: sessions.filter(([, s]) => s.cancelled).length,
    enrolled: countByKind(enrolments.map((e) => e.kind)),
    completed: countByKind(enrolments.filter((e) => e.endReason === "completed").map((e) => e.kind)),
    certified: countByKind(certifiedHolders.values()),
    endReasons,
    marks: outcomeCounts,
    attendanceRate: marks.length === 0 ? undefined : (outcomeCounts.present + outcomeCounts.late) / marks.length,
    passRate: finals.size === 0 ? undefined : passedAll / finals.size,
    certificates,
    documents: state.documents,
    recommendation: state.recommendation
  }
}
