/**
 * Enrolment: enrolling a participant, suspending, resuming and ending the enrolment.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type { LocalDate, SessionId } from "../../Identifiers.js"
import { EndReason, endReasons, SuspensionReason, suspensionReasons } from "../../ReferenceData.js"
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import { attendingOn, enrollmentChanged } from "../Definitions.js"
import type { Enrollment, State } from "../State.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, eligible, enrollmentOf, fail, ok } from "./Context.js"

/** Seats are held by every enrolment that has not ended (a suspension keeps its seat). */
const seatsTaken = (state: State): number =>
  Array.from(state.enrollments.values()).filter((e) => e.status !== "ended").length

/**
 * EnrollParticipant: an eligible participant, starting within the program's dates; beyond
 * capacity only with an overbooking reason.
 *
 * @since 0.1.0
 * @category decide
 */
export const enrollParticipant = (c: C.EnrollParticipant, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published", "running"])
  if (forbidden) return fail(forbidden)
  const existing = ctx.state.enrollments.get(c.participantId)
  if (existing) return fail(new E.AlreadyEnrolled({ participantId: c.participantId, status: existing.status }))
  const notEligible = eligible(ctx, c.participantId, c.kind)
  if (notEligible) return fail(notEligible)
  if (c.startDate < ctx.def.plannedStart || c.startDate > ctx.def.plannedEnd)
    return fail(
      new E.DateOutsideProgram({
        field: "startDate",
        date: c.startDate,
        plannedStart: ctx.def.plannedStart,
        plannedEnd: ctx.def.plannedEnd
      })
    )
  const taken = seatsTaken(ctx.state)
  if (taken >= ctx.def.capacity && blank(c.overbookingReason))
    return fail(new E.CapacityReached({ capacity: ctx.def.capacity, activeEnrolments: taken }))
  const { _tag, occurredAt: _, overbookingReason, ...fields } = c
  // an overbooking reason is kept only when it was needed, so it always marks a seat beyond capacity
  return ok(
    new Ev.ParticipantEnrolled({
      ...fields,
      ...(taken >= ctx.def.capacity && overbookingReason !== undefined ? { overbookingReason } : {})
    })
  )
}

/**
 * The first attendance of the participant recorded on a date the enrolment covers now and would no
 * longer cover after `event` (`attendingOn`, as every reader decides it): the mark the event would
 * contradict, with its session's date. One check for every change of an enrolment, applied with
 * the fold's own `enrollmentChanged`, so no command restates a piece of the interval rules as a
 * date test.
 */
const contradicted = (
  ctx: Context,
  e: Enrollment,
  event: Ev.EnrollmentSuspended | Ev.EnrollmentResumed | Ev.EnrollmentEnded
): { readonly sessionId: SessionId; readonly date: LocalDate } | undefined => {
  const next = enrollmentChanged(e, event)
  for (const a of ctx.state.attendance.values()) {
    if (a.participantId !== e.participantId) continue
    const date = ctx.state.sessions.get(a.sessionId)?.slot.date
    if (date !== undefined && attendingOn(e, date) && !attendingOn(next, date)) return { sessionId: a.sessionId, date }
  }
  return undefined
}

/** The event, unless it would contradict recorded attendance (`field` names what does). */
const unlessContradicting = (
  ctx: Context,
  e: Enrollment,
  event: Ev.EnrollmentSuspended | Ev.EnrollmentResumed | Ev.EnrollmentEnded,
  field: string
): Result => {
  const clash = contradicted(ctx, e, event)
  return clash === undefined
    ? ok(event)
    : fail(new E.ConflictsWithRecordedAttendance({ participantId: e.participantId, ...clash, field }))
}

/**
 * SuspendEnrollment: suspends an active enrolment for a period without recorded attendance.
 *
 * @since 0.1.0
 * @category decide
 */
export const suspendEnrollment = (c: C.SuspendEnrollment, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published", "running"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(enrollmentOf(ctx, c.participantId), (e) => {
    if (e.status !== "active")
      return fail(
        new E.EnrollmentStatusForbids({
          participantId: c.participantId,
          command: c._tag,
          status: e.status,
          rule: "only an active enrolment can be suspended"
        })
      )
    if (c.to !== undefined && c.to < c.from)
      return fail(new E.InvalidPeriod({ field: "suspension", from: c.from, to: c.to }))
    const info = suspensionReasons.get(c.reason)
    // unreachable for a decoded command; a command built in code may carry any string
    if (info === undefined)
      return fail(
        new E.InvalidProgramField({
          field: "reason",
          value: c.reason,
          rule: `must be one of: ${SuspensionReason.literals.join(", ")}`
        })
      )
    if (info.requiresNote && blank(c.note))
      return fail(new E.ReasonRequired({ field: "note", because: `suspension reason '${c.reason}' needs a note` }))
    const { _tag, occurredAt: _, ...fields } = c
    return unlessContradicting(
      ctx,
      e,
      new Ev.EnrollmentSuspended({ ...fields, automatic: info.automatic }),
      "the suspension"
    )
  })
}

/**
 * ResumeEnrollment: resumes a suspended enrolment; a custody return resumes only an automatic
 * suspension. The suspension then runs from its start to the day before `on`, so no attendance
 * may be recorded on those days.
 *
 * @since 0.1.0
 * @category decide
 */
export const resumeEnrollment = (c: C.ResumeEnrollment, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published", "running"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(enrollmentOf(ctx, c.participantId), (e) => {
    if (e.status !== "suspended" && e.status !== "auto-suspended")
      return fail(
        new E.EnrollmentStatusForbids({
          participantId: c.participantId,
          command: c._tag,
          status: e.status,
          rule: "only a suspended enrolment can be resumed"
        })
      )
    if (c.cause === "custody-return" && e.status !== "auto-suspended")
      return fail(
        new E.EnrollmentStatusForbids({
          participantId: c.participantId,
          command: c._tag,
          status: e.status,
          rule: "a custody return resumes only an automatic suspension; staff must resume this one"
        })
      )
    const current = e.suspensions[e.suspensions.length - 1]
    if (current !== undefined && c.on < current.from)
      return fail(new E.InvalidPeriod({ field: "suspension", from: current.from, to: c.on }))
    // a resumption closes the suspension the day before `on`: when it comes after the planned
    // end (`to`), the days between become suspended too, and attendance recorded on them (allowed
    // then, since the planned end had passed) would be contradicted afterwards
    return unlessContradicting(
      ctx,
      e,
      new Ev.EnrollmentResumed({ programId: c.programId, participantId: c.participantId, cause: c.cause, on: c.on }),
      `resuming on ${c.on}`
    )
  })
}

/**
 * EndEnrollment: ends an enrolment for a reason that fits the participant, on a last day after
 * which no attendance is recorded.
 *
 * @since 0.1.0
 * @category decide
 */
export const endEnrollment = (c: C.EndEnrollment, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published", "running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(enrollmentOf(ctx, c.participantId), (e) => {
    if (e.status === "ended")
      return fail(
        new E.EnrollmentStatusForbids({
          participantId: c.participantId,
          command: c._tag,
          status: `ended (${e.endReason})`,
          rule: "an ended enrolment cannot be ended again"
        })
      )
    const info = endReasons.get(c.reason)
    if (info === undefined)
      return fail(
        new E.EndReasonNotAllowed({
          participantId: c.participantId,
          reason: c.reason,
          kind: e.kind,
          rule: `must be one of: ${EndReason.literals.join(", ")}`
        })
      )
    if (c.reason === "program-cancelled")
      return fail(
        new E.EndReasonNotAllowed({
          participantId: c.participantId,
          reason: c.reason,
          kind: e.kind,
          rule: "it is recorded only by cancelling the program"
        })
      )
    if (!info.officersAllowed && e.kind === "officer")
      return fail(
        new E.EndReasonNotAllowed({
          participantId: c.participantId,
          reason: c.reason,
          kind: e.kind,
          rule: "custody reasons (released, transferred, deceased) never apply to officers"
        })
      )
    if (info.requiresNote && blank(c.note))
      return fail(new E.ReasonRequired({ field: "note", because: `end reason '${c.reason}' needs a note` }))
    const { _tag, occurredAt: _, ...fields } = c
    return unlessContradicting(ctx, e, new Ev.EnrollmentEnded(fields), `lastDay ${c.lastDay}`)
  })
}
