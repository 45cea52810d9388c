/**
 * The definitions that decide certificates, in one place, for `decide` and for every report:
 * when a session is held, when a participant is attending, how attendance is counted against the
 * completion policy, which assessment attempt is final, and how an enrolment changes. The
 * read models (`projections/*`) call these same functions, so a report prints the numbers that
 * decided the certificates.
 *
 * They take plain values (not the whole `State`), so a read model can keep its own state and
 * still count exactly as the domain does.
 *
 * @since 0.2.0
 */
import type { LocalDate } from "../Identifiers.js"
import type { AttendanceOutcome } from "../ReferenceData.js"
import type { EnrollmentEnded, EnrollmentResumed, EnrollmentSuspended, ParticipantEnrolled } from "./Events.js"
import type { Attempt, Enrollment, Suspension } from "./State.js"
import { notAttendingOn } from "./State.js"

/**
 * A session is *held*, for the completion rule and for every report, when it is not cancelled
 * and, once the program is closed, it started by the closing. Before the closing every session
 * that is not cancelled counts (the rule looks at the program as planned).
 *
 * `startMillis` is the session's start in the program's time zone (`Calendar.slotStartMillis`);
 * NaN (a zone that cannot be read) counts the session, as the rule always has.
 *
 * @since 0.2.0
 * @category definitions
 */
export const isHeld = (cancelled: boolean, startMillis: number, closedAtMillis: number | undefined): boolean =>
  !cancelled && (closedAtMillis === undefined || !(startMillis > closedAtMillis))

/**
 * What counting attendance needs of an enrolment.
 *
 * @since 0.2.0
 * @category definitions
 */
export type EnrollmentPeriod = Pick<Enrollment, "startDate" | "lastDay" | "endReason" | "suspensions">

/**
 * True when the participant was enrolled and attending on that date (see `notAttendingOn`).
 *
 * @since 0.2.0
 * @category definitions
 */
export const attendingOn = (e: EnrollmentPeriod, date: LocalDate): boolean => notAttendingOn(e, date) === undefined

/**
 * A session as the attendance count sees it.
 *
 * @since 0.2.0
 * @category definitions
 */
export interface CountedSession {
  readonly sessionId: string
  readonly date: LocalDate
  /** {@link isHeld} */
  readonly held: boolean
}

/**
 * A participant's attendance as the completion policy counts it.
 *
 * - `sessions`: held sessions on days the participant was enrolled and attending;
 * - `applicable`: the denominator: `sessions`, minus excused absences when the policy takes them
 *   out (`excusedAbsencesLeaveDenominator`);
 * - `attended`: present or late marks among them; `present`, `late`, `excused`, `unexcused` and
 *   `notRecorded` count the marks of the `sessions` (they add up to `sessions`).
 *
 * @since 0.2.0
 * @category definitions
 */
export interface AttendanceTally {
  readonly sessions: number
  readonly applicable: number
  readonly attended: number
  readonly present: number
  readonly late: number
  readonly excused: number
  readonly unexcused: number
  readonly notRecorded: number
}

/**
 * @since 0.2.0
 * @category definitions
 */
export const emptyTally: AttendanceTally = {
  sessions: 0,
  applicable: 0,
  attended: 0,
  present: 0,
  late: 0,
  excused: 0,
  unexcused: 0,
  notRecorded: 0
}

/**
 * Counts a participant's attendance: every {@link isHeld} session on a day they were
 * {@link attendingOn}, with the current mark of each (`outcomeOf`, after corrections).
 *
 * @since 0.2.0
 * @category definitions
 */
export const tally = (
  excusedAbsencesLeaveDenominator: boolean,
  enrollment: EnrollmentPeriod,
  sessions: Iterable<CountedSession>,
  outcomeOf: (sessionId: string) => AttendanceOutcome | undefined
): AttendanceTally => {
  const t = { ...emptyTally }
  for (const s of sessions) {
    if (!s.held || !attendingOn(enrollment, s.date)) continue
    const c = contribution(excusedAbsencesLeaveDenominator, outcomeOf(s.sessionId))
    t.sessions += c.sessions
    t.applicable += c.applicable
    t.attended += c.attended
    t.present += c.present
    t.late += c.late
    t.excused += c.excused
    t.unexcused += c.unexcused
    t.notRecorded += c.notRecorded
  }
  return t
}

const contributionOf = (leave: boolean, outcome: AttendanceOutcome | undefined): AttendanceTally => {
  const excused = outcome === "excused-absence" ? 1 : 0
  const present = outcome === "present" ? 1 : 0
  const late = outcome === "late" ? 1 : 0
  return {
    sessions: 1,
    applicable: excused === 1 && leave ? 0 : 1,
    attended: present + late,
    present,
    late,
    excused,
    unexcused: outcome === "unexcused-absence" ? 1 : 0,
    notRecorded: outcome === undefined ? 1 : 0
  }
}

const outcomes = ["present", "late", "excused-absence", "unexcused-absence", undefined] as const
const contributions = [true, false].map((leave) => outcomes.map((outcome) => contributionOf(leave, outcome)))

/**
 * What one counted session (held, on a day the participant attended) adds to a tally, given its
 * mark (undefined: none yet). {@link tally} is the sum of these, so a reader that keeps tallies
 * can move one by a single mark: subtract the old contribution, add the new one.
 *
 * @since 0.2.0
 * @category definitions
 */
export const contribution = (
  excusedAbsencesLeaveDenominator: boolean,
  outcome: AttendanceOutcome | undefined
): AttendanceTally =>
  contributions[excusedAbsencesLeaveDenominator ? 0 : 1]![
    outcome === "present"
      ? 0
      : outcome === "late"
        ? 1
        : outcome === "excused-absence"
          ? 2
          : outcome === "unexcused-absence"
            ? 3
            : 4
  ]!

/**
 * The sum (`sign` 1) or the difference (`sign` -1) of two tallies.
 *
 * @since 0.2.0
 * @category definitions
 */
export const addTally = (a: AttendanceTally, b: AttendanceTally, sign: 1 | -1 = 1): AttendanceTally => ({
  sessions: a.sessions + sign * b.sessions,
  applicable: a.applicable + sign * b.applicable,
  attended: a.attended + sign * b.attended,
  present: a.present + sign * b.present,
  late: a.late + sign * b.late,
  excused: a.excused + sign * b.excused,
  unexcused: a.unexcused + sign * b.unexcused,
  notRecorded: a.notRecorded + sign * b.notRecorded
})

/**
 * attended / applicable, or undefined when no session applies.
 *
 * @since 0.2.0
 * @category definitions
 */
export const attendanceRatio = (t: Pick<AttendanceTally, "attended" | "applicable">): number | undefined =>
  t.applicable === 0 ? undefined : t.attended / t.applicable

/**
 * The completion policy's attendance rule: at least one applicable session and
 * attended / applicable at or above the minimum.
 *
 * @since 0.2.0
 * @category definitions
 */
export const meetsAttendance = (
  minAttendanceRatio: number,
  t: Pick<AttendanceTally, "attended" | "applicable">
): boolean => t.applicable > 0 && !(t.attended / t.applicable < minAttendanceRatio)

/**
 * The final attempt of an assessment: the latest attempt that is not voided (a correction has
 * already replaced its value).
 *
 * @since 0.2.0
 * @category definitions
 */
export const finalAttempt = <A extends Pick<Attempt, "attempt" | "voided">>(attempts: Iterable<A>): A | undefined => {
  let final: A | undefined
  for (const a of attempts) if (!a.voided && (final === undefined || a.attempt > final.attempt)) final = a
  return final
}

// exactOptionalPropertyTypes: an absent optional field is absent, not `undefined`
const withoutUndefined = <A extends object>(a: { readonly [K in keyof A]?: A[K] | undefined }): A =>
  Object.fromEntries(Object.entries(a).filter(([, v]) => v !== undefined)) as A

/**
 * The enrolment a ParticipantEnrolled starts.
 *
 * @since 0.2.0
 * @category definitions
 */
export const enrollmentStarted = (event: ParticipantEnrolled): Enrollment => ({
  participantId: event.participantId,
  kind: event.kind,
  startDate: event.startDate,
  enrolledBy: event.enrolledBy,
  overbooked: event.overbookingReason !== undefined,
  status: "active",
  suspensions: []
})

/**
 * An enrolment after a suspension, a resumption or its end.
 *
 * @since 0.2.0
 * @category definitions
 */
export const enrollmentChanged = (
  e: Enrollment,
  event: EnrollmentSuspended | EnrollmentResumed | EnrollmentEnded
): Enrollment => {
  switch (event._tag) {
    case "EnrollmentSuspended":
      return {
        ...e,
        status: event.automatic ? "auto-suspended" : "suspended",
        suspensions: [
          ...e.suspensions,
          withoutUndefined<Suspension>({ from: event.from, to: event.to, automatic: event.automatic })
        ]
      }
    case "EnrollmentResumed":
      return {
        ...e,
        status: "active",
        suspensions: e.suspensions.map((s, i) => (i === e.suspensions.length - 1 ? { ...s, resumedOn: event.on } : s))
      }
    case "EnrollmentEnded":
      return { ...e, status: "ended", lastDay: event.lastDay, endReason: event.reason }
  }
}
