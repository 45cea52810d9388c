/**
 * The session schedule: scheduling, rescheduling, cancelling and uncancelling sessions.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Calendar from "../Calendar.js"
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import type { SessionSlot } from "../Values.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, fail, ok, planning, sessionOf } from "./Context.js"

const checkSlot = (ctx: Context, sessionId: C.ScheduleSession["sessionId"], slot: SessionSlot) => {
  if (slot.date < ctx.def.plannedStart || slot.date > ctx.def.plannedEnd)
    return new E.DateOutsideProgram({
      field: "session date",
      date: slot.date,
      plannedStart: ctx.def.plannedStart,
      plannedEnd: ctx.def.plannedEnd
    })
  if (!(slot.start < slot.end)) return new E.InvalidPeriod({ field: "session time", from: slot.start, to: slot.end })
  const other = Array.from(ctx.state.sessions.values()).find(
    (s) =>
      s.sessionId !== sessionId &&
      !s.cancelled &&
      s.slot.date === slot.date &&
      s.slot.start < slot.end &&
      slot.start < s.slot.end
  )
  return other ? new E.SessionOverlaps({ sessionId, otherSessionId: other.sessionId, date: slot.date }) : undefined
}

const recordsOf = (ctx: Context, sessionId: string): number =>
  Array.from(ctx.state.attendance.values()).filter((a) => a.sessionId === sessionId).length

/**
 * ScheduleSession: a new session within the program's dates that overlaps no other.
 *
 * @since 0.1.0
 * @category decide
 */
export const scheduleSession = (c: C.ScheduleSession, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (ctx.state.sessions.has(c.sessionId)) return fail(new E.SessionAlreadyScheduled({ sessionId: c.sessionId }))
  const bad = checkSlot(ctx, c.sessionId, c.slot)
  if (bad) return fail(bad)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.SessionScheduled(fields))
}

/**
 * RescheduleSession: moves a session that is not cancelled and has no attendance, with a reason.
 *
 * @since 0.1.0
 * @category decide
 */
export const rescheduleSession = (c: C.RescheduleSession, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  return Either.flatMap(sessionOf(ctx, c.sessionId), (s) => {
    if (s.cancelled) return fail(new E.SessionIsCancelled({ sessionId: c.sessionId }))
    const recorded = recordsOf(ctx, c.sessionId)
    if (recorded > 0) return fail(new E.SessionHasAttendance({ sessionId: c.sessionId, recorded }))
    if (blank(c.reason)) return fail(new E.ReasonRequired({ field: "reason", because: "a reschedule says why" }))
    const bad = checkSlot(ctx, c.sessionId, c.to)
    if (bad) return fail(bad)
    return ok(new Ev.SessionRescheduled({ programId: c.programId, sessionId: c.sessionId, to: c.to, reason: c.reason }))
  })
}

/**
 * CancelSession: cancels a session that has no attendance.
 *
 * @since 0.1.0
 * @category decide
 */
export const cancelSession = (c: C.CancelSession, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  return Either.flatMap(sessionOf(ctx, c.sessionId), (s) => {
    if (s.cancelled) return fail(new E.SessionIsCancelled({ sessionId: c.sessionId }))
    const recorded = recordsOf(ctx, c.sessionId)
    if (recorded > 0) return fail(new E.SessionHasAttendance({ sessionId: c.sessionId, recorded }))
    if (c.reasonCode === "other" && blank(c.note))
      return fail(new E.ReasonRequired({ field: "note", because: "cancellation reason 'other' needs a note" }))
    const { _tag, occurredAt: _, ...fields } = c
    return ok(new Ev.SessionCancelled(fields))
  })
}

/**
 * UncancelSession: restores a cancelled session that has not started and still fits the
 * schedule.
 *
 * @since 0.1.0
 * @category decide
 */
export const uncancelSession = (c: C.UncancelSession, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  return Either.flatMap(sessionOf(ctx, c.sessionId), (s) => {
    if (!s.cancelled) return fail(new E.SessionNotCancelled({ sessionId: c.sessionId }))
    const starts = Calendar.slotStartMillis(s.slot, ctx.tz)
    if (!(starts > c.occurredAt.epochMillis))
      return fail(new E.SessionAlreadyPast({ sessionId: c.sessionId, startsAt: `${s.slot.date} ${s.slot.start}` }))
    const bad = checkSlot(ctx, c.sessionId, s.slot)
    if (bad) return fail(bad)
    return ok(new Ev.SessionUncancelled({ programId: c.programId, sessionId: c.sessionId }))
  })
}
