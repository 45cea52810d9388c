/**
 * Attendance: recording a participant's attendance at a session, and correcting it.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import { absenceReasons } from "../../ReferenceData.js"
import type { AbsenceReasonCode, AttendanceOutcome, ParticipantKind } from "../../ReferenceData.js"
import * as Calendar from "../Calendar.js"
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import { attendanceKey, notAttendingOn } from "../State.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, enrollmentOf, fail, ok, sessionOf } from "./Context.js"

const checkAbsenceReason = (
  outcome: AttendanceOutcome,
  reasonCode: AbsenceReasonCode | undefined,
  note: string | undefined,
  kind: ParticipantKind
) => {
  const isAbsence = outcome === "excused-absence" || outcome === "unexcused-absence"
  if (!isAbsence)
    return reasonCode === undefined
      ? undefined
      : new E.AbsenceReasonMismatch({ outcome, reasonCode, rule: "a participant who attended has no absence reason" })
  if (reasonCode === undefined)
    return new E.AbsenceReasonMismatch({ outcome, reasonCode: "(none)", rule: "an absence needs a reason code" })
  const reason = absenceReasons.get(reasonCode)
  // unreachable for a decoded command; a command built in code may carry any string
  if (reason === undefined) return new E.AbsenceReasonMismatch({ outcome, reasonCode, rule: "not an absence reason" })
  if (reason.excused !== (outcome === "excused-absence"))
    return new E.AbsenceReasonMismatch({
      outcome,
      reasonCode,
      rule: `'${reasonCode}' is an ${reason.excused ? "excused" : "unexcused"} absence; record it as ${reason.excused ? "excused-absence" : "unexcused-absence"}`
    })
  if (reason.officersOnly && kind !== "officer")
    return new E.AbsenceReasonMismatch({ outcome, reasonCode, rule: `'${reasonCode}' applies to officers only` })
  if (reason.requiresNote && blank(note))
    return new E.ReasonRequired({ field: "note", because: `absence reason '${reasonCode}' needs a note` })
  return undefined
}

/**
 * RecordAttendance: the first record for a participant attending on the day of a session that
 * was held.
 *
 * @since 0.1.0
 * @category decide
 */
export const recordAttendance = (c: C.RecordAttendance, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(sessionOf(ctx, c.sessionId), (s) => {
    if (s.cancelled) return fail(new E.SessionIsCancelled({ sessionId: c.sessionId }))
    const starts = Calendar.slotStartMillis(s.slot, ctx.tz)
    const startsAt = `${s.slot.date} ${s.slot.start}`
    if (starts > c.occurredAt.epochMillis)
      return fail(new E.SessionNotHeld({ sessionId: c.sessionId, startsAt, why: "it has not started yet" }))
    if (ctx.state.closedAtMillis !== undefined && starts > ctx.state.closedAtMillis)
      return fail(
        new E.SessionNotHeld({ sessionId: c.sessionId, startsAt, why: "it was due after the program closed" })
      )
    return Either.flatMap(enrollmentOf(ctx, c.participantId), (e) => {
      const why = notAttendingOn(e, s.slot.date)
      if (why !== undefined)
        return fail(
          new E.ParticipantNotAttending({
            participantId: c.participantId,
            sessionId: c.sessionId,
            date: s.slot.date,
            why
          })
        )
      const existing = ctx.state.attendance.get(attendanceKey(c.sessionId, c.participantId))
      if (existing)
        return fail(
          new E.AttendanceAlreadyRecorded({
            participantId: c.participantId,
            sessionId: c.sessionId,
            outcome: existing.current.outcome
          })
        )
      const bad = checkAbsenceReason(c.outcome, c.reasonCode, c.note, e.kind)
      if (bad) return fail(bad)
      const { _tag, occurredAt: _, ...fields } = c
      return ok(new Ev.AttendanceRecorded(fields))
    })
  })
}

/**
 * CorrectAttendance: replaces a recorded attendance, saying why the record was wrong.
 *
 * @since 0.1.0
 * @category decide
 */
export const correctAttendance = (c: C.CorrectAttendance, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  const existing = ctx.state.attendance.get(attendanceKey(c.sessionId, c.participantId))
  if (existing === undefined)
    return fail(new E.AttendanceNotRecorded({ participantId: c.participantId, sessionId: c.sessionId }))
  if (blank(c.correctionReason))
    return fail(
      new E.ReasonRequired({ field: "correctionReason", because: "a correction says why the record was wrong" })
    )
  const kind = ctx.state.enrollments.get(c.participantId)?.kind ?? "inmate"
  const bad = checkAbsenceReason(c.outcome, c.reasonCode, c.note, kind)
  if (bad) return fail(bad)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.AttendanceCorrected(fields))
}
