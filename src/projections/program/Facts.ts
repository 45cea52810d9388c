/**
 * What several program read models keep of a program: its definition and closing, its
 * enrolments (the domain's `Enrollment`, changed by the domain's own functions), its sessions
 * with whether each is held, and the current attendance mark of each participant in each
 * session. Attendance is counted by the domain's `tally` over these facts, so every read model
 * prints the numbers the certificate rule decided on.
 *
 * Mutable and owned by one projection state (see `Projection.ts`); each update says what it
 * changed, so a read model recomputes only the rows that depend on it.
 *
 * @since 0.2.0
 * @internal
 */
import type * as DateTime from "effect/DateTime"
import * as Option from "effect/Option"
import * as Program from "../../domain/Program.js"
import type { AttendanceOutcome, ParticipantKind } from "../../domain/ReferenceData.js"
import type { ProjectedEvent } from "../Projection.js"

/** @internal */
export interface SessionFacts {
  readonly sessionId: string
  date: Program.SessionSlot["date"]
  slot: Program.SessionSlot
  venue: string
  topic: string
  cancelled: boolean
  /** start instant in the program's zone (NaN when the zone is unknown) */
  startMillis: number
  /** `Program.isHeld` */
  held: boolean
}

/** @internal */
export interface EnrollmentFacts {
  enrollment: Program.Enrollment
  readonly enrolledAt: Date
  readonly enrolledRecordedAt: Date
}

/** @internal */
export interface Facts {
  readonly programId: string
  definition: Program.ProgramDrafted | undefined
  tz: DateTime.TimeZone | undefined
  closedAtMillis: number | undefined
  readonly enrollments: Map<string, EnrollmentFacts>
  readonly sessions: Map<string, SessionFacts>
  /** participant -> session -> current outcome */
  readonly marks: Map<string, Map<string, AttendanceOutcome>>
}

/** @internal */
export const make = (programId: string): Facts => ({
  programId,
  definition: undefined,
  tz: undefined,
  closedAtMillis: undefined,
  enrollments: new Map(),
  sessions: new Map(),
  marks: new Map()
})

/**
 * What an event changed in the facts: nothing, one participant's enrolment, one mark, one
 * session (every participant's count may change), or the whole program (its definition or its
 * closing: every session's `held` may change).
 *
 * @internal
 */
export type Change =
  | { readonly _tag: "None" }
  | { readonly _tag: "Enrollment"; readonly participantId: string }
  | {
      readonly _tag: "Mark"
      readonly participantId: string
      readonly sessionId: string
      /** the outcome before this mark (undefined: none) */
      readonly before: AttendanceOutcome | undefined
    }
  | { readonly _tag: "Session"; readonly sessionId: string }
  | { readonly _tag: "Program" }

const none: Change = { _tag: "None" }
const program: Change = { _tag: "Program" }

// reading a local time in a zone goes through Intl, which is slow; a slot's start never changes
const starts = new Map<string, number>()

const startMillis = (facts: Facts, slot: Program.SessionSlot): number => {
  if (facts.tz === undefined || facts.definition === undefined) return Number.NaN
  const key = `${facts.definition.timeZone} ${slot.date} ${slot.start}`
  let millis = starts.get(key)
  if (millis === undefined) {
    millis = Program.slotStartMillis(slot, facts.tz)
    if (starts.size >= 100_000) starts.clear()
    starts.set(key, millis)
  }
  return millis
}

const refreshHeld = (facts: Facts, s: SessionFacts) => {
  s.held = Program.isHeld(s.cancelled, s.startMillis, facts.closedAtMillis)
}

/** @internal */
export const update = (facts: Facts, e: ProjectedEvent<Program.Event>): Change => {
  const event = e.event
  switch (event._tag) {
    case "ProgramDrafted":
      facts.definition = event
      facts.tz = Option.getOrUndefined(Program.zone(event.timeZone))
      for (const s of facts.sessions.values()) {
        s.startMillis = startMillis(facts, s.slot)
        refreshHeld(facts, s)
      }
      return program
    case "ProgramClosed":
      facts.closedAtMillis = event.closedAt.epochMillis
      for (const s of facts.sessions.values()) refreshHeld(facts, s)
      return program
    case "ParticipantEnrolled":
      facts.enrollments.set(event.participantId, {
        enrollment: Program.enrollmentStarted(event),
        enrolledAt: e.occurredAt,
        enrolledRecordedAt: e.recordedAt
      })
      return { _tag: "Enrollment", participantId: event.participantId }
    case "EnrollmentSuspended":
    case "EnrollmentResumed":
    case "EnrollmentEnded": {
      const f = facts.enrollments.get(event.participantId)
      if (f === undefined) return none
      f.enrollment = Program.enrollmentChanged(f.enrollment, event)
      return { _tag: "Enrollment", participantId: event.participantId }
    }
    case "SessionScheduled": {
      const s: SessionFacts = {
        sessionId: event.sessionId,
        date: event.slot.date,
        slot: event.slot,
        venue: event.venue,
        topic: event.topic,
        cancelled: false,
        startMillis: startMillis(facts, event.slot),
        held: false
      }
      refreshHeld(facts, s)
      facts.sessions.set(event.sessionId, s)
      return { _tag: "Session", sessionId: event.sessionId }
    }
    case "SessionRescheduled":
    case "SessionCancelled":
    case "SessionUncancelled": {
      const s = facts.sessions.get(event.sessionId)
      if (s === undefined) return none
      if (event._tag === "SessionRescheduled") {
        s.slot = event.to
        s.date = event.to.date
        s.startMillis = startMillis(facts, event.to)
      } else s.cancelled = event._tag === "SessionCancelled"
      refreshHeld(facts, s)
      return { _tag: "Session", sessionId: event.sessionId }
    }
    case "AttendanceRecorded":
    case "AttendanceCorrected": {
      let byParticipant = facts.marks.get(event.participantId)
      if (byParticipant === undefined) facts.marks.set(event.participantId, (byParticipant = new Map()))
      const before = byParticipant.get(event.sessionId)
      byParticipant.set(event.sessionId, event.outcome)
      return { _tag: "Mark", participantId: event.participantId, sessionId: event.sessionId, before }
    }
    default:
      return none
  }
}

/**
 * The participant's attendance as the completion rule counts it (`Program.tally`).
 *
 * @internal
 */
export const tallyOf = (facts: Facts, participantId: string): Program.AttendanceTally => {
  const f = facts.enrollments.get(participantId)
  if (f === undefined || facts.definition === undefined) return Program.emptyTally
  const marks = facts.marks.get(participantId)
  return Program.tally(
    facts.definition.completionPolicy.excusedAbsencesLeaveDenominator,
    f.enrollment,
    facts.sessions.values(),
    (sessionId) => marks?.get(sessionId)
  )
}

/**
 * True when the session counts for the participant (held, on a day they attended).
 *
 * @internal
 */
export const counts = (facts: Facts, participantId: string, sessionId: string): boolean => {
  const s = facts.sessions.get(sessionId)
  const f = facts.enrollments.get(participantId)
  return s !== undefined && f !== undefined && s.held && Program.attendingOn(f.enrollment, s.date)
}

/** @internal */
export const kindOf = (facts: Facts, participantId: string): ParticipantKind | undefined =>
  facts.enrollments.get(participantId)?.enrollment.kind

/** The event types the facts read. @internal */
export const types: ReadonlyArray<Program.Event["_tag"]> = [
  "ProgramDrafted",
  "ProgramClosed",
  "ParticipantEnrolled",
  "EnrollmentSuspended",
  "EnrollmentResumed",
  "EnrollmentEnded",
  "SessionScheduled",
  "SessionRescheduled",
  "SessionCancelled",
  "SessionUncancelled",
  "AttendanceRecorded",
  "AttendanceCorrected"
]

/** The partition of a program read model: the program id, for events of program streams. @internal */
export const partition = (e: ProjectedEvent<{ readonly programId: string }>): string | undefined =>
  e.streamId.startsWith("program-") ? e.event.programId : undefined

/** A program partition's state is rebuilt from the program's stream. @internal */
export const source = {
  _tag: "Stream",
  streamId: (programId: string) => Program.streamId(programId),
  partition: (streamId: string) => (streamId.startsWith("program-") ? streamId.slice("program-".length) : undefined)
} as const

/** `Date` of an effect `DateTime`. @internal */
export const date = (d: DateTime.DateTime): Date => new Date(d.epochMillis)

/** A program event with its envelope. @internal */
export type Projected = ProjectedEvent<Program.Event>
