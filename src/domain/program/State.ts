/**
 * The Program's state and `evolve`: a record rebuilt from the events.
 *
 * Ids are data, never object keys: everything keyed by an id is a `ReadonlyMap`, so an id such
 * as `constructor`, `toString` or `__proto__` is an id like any other. `evolve` stays pure by
 * copying a map on change (cohorts are tens of people and sessions, so a copy is cheap).
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import type {
  ActorId,
  ApplicationId,
  AssessmentId,
  CertificateId,
  DocumentId,
  LocalDate,
  ParticipantId,
  ProgramId,
  SessionId
} from "../Identifiers.js"
import type {
  AbsenceReasonCode,
  AttendanceOutcome,
  CertificateType,
  EndReason,
  ParticipantKind,
  PartnerRole
} from "../ReferenceData.js"
import { enrollmentChanged, enrollmentStarted, finalAttempt } from "./Definitions.js"
import type { ProgramStatus } from "./Errors.js"
import type { AssessmentDefined, Event, ProgramDrafted } from "./Events.js"
import type { ResultValue, SessionSlot } from "./Values.js"

/**
 * @since 0.1.0
 * @category state
 */
export type EnrollmentStatus = "active" | "suspended" | "auto-suspended" | "ended"

/**
 * A suspension period: from `from` (inclusive) until `resumedOn` (exclusive) if resumed, else
 * until `to` (inclusive) if given, else open.
 *
 * @since 0.1.0
 * @category state
 */
export interface Suspension {
  readonly from: LocalDate
  readonly to?: LocalDate
  readonly resumedOn?: LocalDate
  readonly automatic: boolean
}

/**
 * @since 0.1.0
 * @category state
 */
export interface Enrollment {
  readonly participantId: ParticipantId
  readonly kind: ParticipantKind
  readonly startDate: LocalDate
  readonly enrolledBy: ActorId
  readonly overbooked: boolean
  readonly status: EnrollmentStatus
  readonly suspensions: ReadonlyArray<Suspension>
  readonly lastDay?: LocalDate
  readonly endReason?: EndReason
}

/**
 * @since 0.1.0
 * @category state
 */
export interface Session {
  readonly sessionId: SessionId
  readonly slot: SessionSlot
  readonly venue: string
  readonly cancelled: boolean
}

/**
 * One mark in the attendance register; corrections keep the earlier marks in `history`.
 *
 * @since 0.1.0
 * @category state
 */
export interface AttendanceMark {
  readonly outcome: AttendanceOutcome
  readonly reasonCode?: AbsenceReasonCode
  readonly correctionReason?: string
}

/**
 * @since 0.1.0
 * @category state
 */
export interface AttendanceEntry {
  readonly sessionId: SessionId
  readonly participantId: ParticipantId
  readonly current: AttendanceMark
  readonly history: ReadonlyArray<AttendanceMark>
}

/**
 * @since 0.1.0
 * @category state
 */
export interface Attempt {
  readonly attempt: number
  readonly value: ResultValue
  readonly passed: boolean
  readonly corrections: number
  readonly voided: boolean
}

/**
 * @since 0.1.0
 * @category state
 */
export interface ResultTrack {
  readonly attempts: ReadonlyArray<Attempt>
  readonly grants: number
}

/**
 * @since 0.1.0
 * @category state
 */
export type CertificateStatus = "valid" | "revoked" | "superseded"

/**
 * @since 0.1.0
 * @category state
 */
export interface Certificate {
  readonly certificateId: CertificateId
  readonly participantId: ParticipantId
  readonly type: CertificateType
  readonly number: string
  readonly sequence: number
  readonly status: CertificateStatus
  readonly supersedes?: CertificateId
}

/**
 * @since 0.1.0
 * @category state
 */
export interface Application {
  readonly applicationId: ApplicationId
  readonly participantId: ParticipantId
  readonly kind: ParticipantKind
  readonly status: "pending" | "approved" | "declined" | "withdrawn"
}

/**
 * The Program aggregate's state. `status` is `"none"` until the program is drafted.
 *
 * @since 0.1.0
 * @category state
 */
export interface State {
  readonly status: ProgramStatus | "none"
  readonly programId?: ProgramId
  readonly definition?: ProgramDrafted
  readonly authorisations: ReadonlyArray<string>
  /** role by organisation */
  readonly partners: ReadonlyMap<string, PartnerRole>
  readonly documents: ReadonlyArray<DocumentId>
  readonly evaluations: number
  /** epoch milliseconds of ProgramClosed.closedAt */
  readonly closedAtMillis?: number
  readonly applications: ReadonlyMap<ApplicationId, Application>
  readonly enrollments: ReadonlyMap<ParticipantId, Enrollment>
  readonly sessions: ReadonlyMap<SessionId, Session>
  /** by {@link attendanceKey} */
  readonly attendance: ReadonlyMap<string, AttendanceEntry>
  readonly assessments: ReadonlyMap<AssessmentId, AssessmentDefined>
  /** by {@link resultKey} */
  readonly results: ReadonlyMap<string, ResultTrack>
  readonly certificates: ReadonlyMap<CertificateId, Certificate>
}

/**
 * @since 0.1.0
 * @category state
 */
export const initialState: State = {
  status: "none",
  authorisations: [],
  partners: new Map(),
  documents: [],
  evaluations: 0,
  applications: new Map(),
  enrollments: new Map(),
  sessions: new Map(),
  attendance: new Map(),
  assessments: new Map(),
  results: new Map(),
  certificates: new Map()
}

// JSON of the pair: one key per pair whatever characters the ids hold (a separator character
// could also appear inside an id and make two pairs share a key)
const pairKey = (a: string, b: string): string => JSON.stringify([a, b])

/**
 * Key of the attendance register: a session and a participant.
 *
 * @since 0.1.0
 * @category state
 */
export const attendanceKey = (sessionId: SessionId, participantId: ParticipantId): string =>
  pairKey(sessionId, participantId)

/**
 * Key of an assessment track: an assessment and a participant.
 *
 * @since 0.1.0
 * @category state
 */
export const resultKey = (assessmentId: AssessmentId, participantId: ParticipantId): string =>
  pairKey(assessmentId, participantId)

// copy on write: the state a caller holds never changes under it
const set = <K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> => new Map(map).set(key, value)
const remove = <K, V>(map: ReadonlyMap<K, V>, key: K): ReadonlyMap<K, V> => {
  if (!map.has(key)) return map
  const next = new Map(map)
  next.delete(key)
  return next
}

const emptyTrack: ResultTrack = { attempts: [], grants: 0 }

// exactOptionalPropertyTypes: an absent optional field is absent, not `undefined`
const withoutUndefined = <A extends object>(a: { readonly [K in keyof A]?: A[K] | undefined }): A =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as A

const updateEnrollment = (state: State, participantId: ParticipantId, f: (e: Enrollment) => Enrollment): State => {
  const e = state.enrollments.get(participantId)
  return e === undefined ? state : { ...state, enrollments: set(state.enrollments, participantId, f(e)) }
}

const updateSession = (state: State, sessionId: SessionId, f: (s: Session) => Session): State => {
  const s = state.sessions.get(sessionId)
  return s === undefined ? state : { ...state, sessions: set(state.sessions, sessionId, f(s)) }
}

const updateTrack = (
  state: State,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  f: (t: ResultTrack) => ResultTrack
): State => {
  const key = resultKey(assessmentId, participantId)
  return { ...state, results: set(state.results, key, f(state.results.get(key) ?? emptyTrack)) }
}

const updateAttempt = (t: ResultTrack, attempt: number, f: (a: Attempt) => Attempt): ResultTrack => ({
  ...t,
  attempts: t.attempts.map((a) => (a.attempt === attempt ? f(a) : a))
})

const setCertificateStatus = (state: State, certificateId: CertificateId, status: CertificateStatus): State => {
  const c = state.certificates.get(certificateId)
  return c === undefined ? state : { ...state, certificates: set(state.certificates, certificateId, { ...c, status }) }
}

const millis = (d: DateTime.DateTime): number => d.epochMillis

/**
 * Folds one event into the state. Total: an event that does not fit (which `decide` never
 * emits) leaves the state as it is rather than failing a replay.
 *
 * @since 0.1.0
 * @category state
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "ProgramDrafted":
      return { ...state, status: "draft", programId: event.programId, definition: event }
    case "AuthorisationAttached":
      return { ...state, authorisations: [...state.authorisations, event.letterNumber] }
    case "PartnerAdded":
      return { ...state, partners: set(state.partners, event.organisation, event.role) }
    case "PartnerRemoved":
      return { ...state, partners: remove(state.partners, event.organisation) }
    case "ProgramPublished":
      return { ...state, status: "published" }
    case "ProgramStarted":
      return { ...state, status: "running" }
    case "ProgramClosed":
      return { ...state, status: "closed", closedAtMillis: millis(event.closedAt) }
    case "ProgramCancelled":
      return { ...state, status: "cancelled" }
    case "ProgramArchived":
      return { ...state, status: "archived" }
    case "DocumentationAttached":
      return { ...state, documents: [...state.documents, event.documentId] }
    case "EvaluationRecorded":
      return { ...state, evaluations: state.evaluations + 1 }
    case "WaitlistApplied":
      return {
        ...state,
        applications: set(state.applications, event.applicationId, {
          applicationId: event.applicationId,
          participantId: event.participantId,
          kind: event.kind,
          status: "pending"
        })
      }
    case "ApplicationApproved":
    case "ApplicationDeclined":
    case "ApplicationWithdrawn": {
      const a = state.applications.get(event.applicationId)
      if (a === undefined) return state
      const status =
        event._tag === "ApplicationApproved"
          ? "approved"
          : event._tag === "ApplicationDeclined"
            ? "declined"
            : "withdrawn"
      return { ...state, applications: set(state.applications, event.applicationId, { ...a, status }) }
    }
    case "ParticipantEnrolled":
      return {
        ...state,
        enrollments: set(state.enrollments, event.participantId, enrollmentStarted(event))
      }
    case "EnrollmentSuspended":
    case "EnrollmentResumed":
    case "EnrollmentEnded":
      return updateEnrollment(state, event.participantId, (e) => enrollmentChanged(e, event))
    case "SessionScheduled":
      return {
        ...state,
        sessions: set(state.sessions, event.sessionId, {
          sessionId: event.sessionId,
          slot: event.slot,
          venue: event.venue,
          cancelled: false
        })
      }
    case "SessionRescheduled":
      return updateSession(state, event.sessionId, (s) => ({ ...s, slot: event.to }))
    case "SessionCancelled":
      return updateSession(state, event.sessionId, (s) => ({ ...s, cancelled: true }))
    case "SessionUncancelled":
      return updateSession(state, event.sessionId, (s) => ({ ...s, cancelled: false }))
    case "AttendanceRecorded": {
      const mark = withoutUndefined<AttendanceMark>({ outcome: event.outcome, reasonCode: event.reasonCode })
      const key = attendanceKey(event.sessionId, event.participantId)
      return {
        ...state,
        attendance: set(state.attendance, key, {
          sessionId: event.sessionId,
          participantId: event.participantId,
          current: mark,
          history: []
        })
      }
    }
    case "AttendanceCorrected": {
      const key = attendanceKey(event.sessionId, event.participantId)
      const entry = state.attendance.get(key)
      if (entry === undefined) return state
      const mark = withoutUndefined<AttendanceMark>({
        outcome: event.outcome,
        reasonCode: event.reasonCode,
        correctionReason: event.correctionReason
      })
      return {
        ...state,
        attendance: set(state.attendance, key, { ...entry, current: mark, history: [...entry.history, entry.current] })
      }
    }
    case "AssessmentDefined":
      return { ...state, assessments: set(state.assessments, event.assessmentId, event) }
    case "AssessmentResultRecorded":
      return updateTrack(state, event.assessmentId, event.participantId, (t) => ({
        ...t,
        attempts: [
          ...t.attempts,
          { attempt: event.attempt, value: event.value, passed: event.passed, corrections: 0, voided: false }
        ]
      }))
    case "AssessmentResultCorrected":
      return updateTrack(state, event.assessmentId, event.participantId, (t) =>
        updateAttempt(t, event.attempt, (a) => ({
          ...a,
          value: event.value,
          passed: event.passed,
          corrections: a.corrections + 1
        }))
      )
    case "AssessmentResultVoided":
      return updateTrack(state, event.assessmentId, event.participantId, (t) =>
        updateAttempt(t, event.attempt, (a) => ({ ...a, voided: true }))
      )
    case "ReassessmentGranted":
      return updateTrack(state, event.assessmentId, event.participantId, (t) => ({ ...t, grants: t.grants + 1 }))
    case "CertificateIssued":
      return {
        ...state,
        certificates: set(state.certificates, event.certificateId, {
          certificateId: event.certificateId,
          participantId: event.participantId,
          type: event.type,
          number: event.number,
          sequence: event.sequence,
          status: "valid"
        })
      }
    case "CertificateRevoked":
      return setCertificateStatus(state, event.certificateId, "revoked")
    case "CertificateReissued": {
      const next = setCertificateStatus(state, event.supersedes, "superseded")
      return {
        ...next,
        certificates: set(next.certificates, event.newCertificateId, {
          certificateId: event.newCertificateId,
          participantId: event.participantId,
          type: event.type,
          number: event.newNumber,
          sequence: event.newSequence,
          status: "valid",
          supersedes: event.supersedes
        })
      }
    }
  }
}

// ---- queries over the state, shared by decide and by readers ------------------------------

/**
 * Why a participant was not attending on a date, or None when attending: enrolled from
 * `startDate`, not after `lastDay`, not inside a suspension period.
 *
 * @since 0.1.0
 * @category queries
 */
export const notAttendingOn = (
  e: Pick<Enrollment, "startDate" | "lastDay" | "endReason" | "suspensions">,
  date: LocalDate
): string | undefined => {
  if (date < e.startDate) return `the enrolment starts on ${e.startDate}`
  if (e.lastDay !== undefined && date > e.lastDay) return `the enrolment ended (${e.endReason}) after ${e.lastDay}`
  for (const s of e.suspensions) {
    const inside =
      date >= s.from && (s.resumedOn !== undefined ? date < s.resumedOn : s.to !== undefined ? date <= s.to : true)
    if (inside) return `the enrolment was ${s.automatic ? "automatically " : ""}suspended from ${s.from}`
  }
  return undefined
}

/**
 * The final result of an assessment for a participant: the latest attempt that is not voided,
 * with its latest correction applied (a correction supersedes the value it corrects).
 *
 * @since 0.1.0
 * @category queries
 */
export const finalResult = (
  state: State,
  assessmentId: AssessmentId,
  participantId: ParticipantId
): Attempt | undefined => finalAttempt(state.results.get(resultKey(assessmentId, participantId))?.attempts ?? [])

/**
 * The valid certificate of a type held by a participant, if any.
 *
 * @since 0.1.0
 * @category queries
 */
export const validCertificate = (
  state: State,
  participantId: ParticipantId,
  type: CertificateType
): Certificate | undefined => {
  for (const c of state.certificates.values())
    if (c.participantId === participantId && c.type === type && c.status === "valid") return c
  return undefined
}
