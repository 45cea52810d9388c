/**
 * The program's lifecycle: drafting, authorisation, partners, publishing, starting, closing,
 * cancelling and archiving, documentation and evaluation.
 *
 * @since 0.1.0
 */
import * as Option from "effect/Option"
import * as TimeZone from "../../TimeZone.js"
import * as Calendar from "../Calendar.js"
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import type { State } from "../State.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, fail, notArchived, ok, planning } from "./Context.js"

/**
 * DraftProgram: the program's definition, checked field by field; the one command decided
 * without a drafted program.
 *
 * @since 0.1.0
 * @category decide
 */
export const draftProgram = (c: C.DraftProgram, state: State): Result => {
  if (state.status !== "none") return fail(new E.ProgramAlreadyDrafted({ programId: c.programId }))
  const invalid = (field: string, value: unknown, rule: string) =>
    fail(new E.InvalidProgramField({ field, value: String(value), rule }))
  if (c.plannedStart > c.plannedEnd)
    return invalid("plannedEnd", c.plannedEnd, `must not be before plannedStart ${c.plannedStart}`)
  if (Option.isNone(Calendar.zone(c.timeZone))) return invalid("timeZone", c.timeZone, TimeZone.timeZoneRule)
  if (!(c.capacity > 0)) return invalid("capacity", c.capacity, "must be at least 1")
  if (c.eligibleKinds.length === 0) return invalid("eligibleKinds", "[]", "name at least one kind of participant")
  const p = c.completionPolicy
  if (!(p.minAttendanceRatio >= 0 && p.minAttendanceRatio <= 1))
    return invalid("completionPolicy.minAttendanceRatio", p.minAttendanceRatio, "must be between 0 and 1")
  if (p.requiredAssessments !== "all" && new Set(p.requiredAssessments).size !== p.requiredAssessments.length)
    return invalid("completionPolicy.requiredAssessments", p.requiredAssessments.join(","), "lists an assessment twice")
  const problem = Calendar.templateProblem(c.certificateNumberTemplate)
  if (Option.isSome(problem)) return invalid("certificateNumberTemplate", c.certificateNumberTemplate, problem.value)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.ProgramDrafted(fields))
}

/**
 * AttachAuthorisation: the letter that authorises the program, in any status but archived.
 *
 * @since 0.1.0
 * @category decide
 */
export const attachAuthorisation = (c: C.AttachAuthorisation, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.AuthorisationAttached(fields))
}

/**
 * AddPartner: an organisation that is not yet a partner, in any status but archived.
 *
 * @since 0.1.0
 * @category decide
 */
export const addPartner = (c: C.AddPartner, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  if (ctx.state.partners.has(c.organisation)) return fail(new E.PartnerAlreadyAdded({ organisation: c.organisation }))
  return ok(new Ev.PartnerAdded({ programId: c.programId, organisation: c.organisation, role: c.role }))
}

/**
 * RemovePartner: a current partner, in any status but archived.
 *
 * @since 0.1.0
 * @category decide
 */
export const removePartner = (c: C.RemovePartner, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  if (!ctx.state.partners.has(c.organisation)) return fail(new E.PartnerNotFound({ organisation: c.organisation }))
  return ok(new Ev.PartnerRemoved({ programId: c.programId, organisation: c.organisation, reason: c.reason }))
}

/**
 * PublishProgram: opens a draft to enrolment, once its authorisation letter is attached.
 *
 * @since 0.1.0
 * @category decide
 */
export const publishProgram = (c: C.PublishProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["draft"])
  if (forbidden) return fail(forbidden)
  // a Bimtek runs under a letter: publishing without one would open enrolment without a legal basis
  if (ctx.state.authorisations.length === 0)
    return fail(
      new E.ReasonRequired({ field: "authorisation letter", because: "attach the letter (surat) before publishing" })
    )
  return ok(new Ev.ProgramPublished({ programId: c.programId }))
}

/**
 * StartProgram: starts a published program that has a session that is not cancelled.
 *
 * @since 0.1.0
 * @category decide
 */
export const startProgram = (c: C.StartProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published"])
  if (forbidden) return fail(forbidden)
  if (!Array.from(ctx.state.sessions.values()).some((s) => !s.cancelled))
    return fail(new E.NoSessionsScheduled({ programId: c.programId }))
  return ok(new Ev.ProgramStarted({ programId: c.programId }))
}

/**
 * CloseProgram: closes a running program at the command's time.
 *
 * @since 0.1.0
 * @category decide
 */
export const closeProgram = (c: C.CloseProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running"])
  if (forbidden) return fail(forbidden)
  return ok(
    new Ev.ProgramClosed({
      programId: c.programId,
      closedAt: c.occurredAt,
      ...(c.note === undefined ? {} : { note: c.note })
    })
  )
}

/**
 * CancelProgram: cancels a draft, published or running program, with its future sessions that
 * have no attendance and every enrolment that has not ended.
 *
 * @since 0.1.0
 * @category decide
 */
export const cancelProgram = (c: C.CancelProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (c.reasonCode === "other" && blank(c.note))
    return fail(new E.ReasonRequired({ field: "note", because: "cancellation reason 'other' needs a note" }))
  const now = c.occurredAt.epochMillis
  const today = Calendar.localDate(c.occurredAt, ctx.tz)
  const withAttendance = new Set(Array.from(ctx.state.attendance.values()).map((a) => a.sessionId))
  const sessionCancellations = Array.from(ctx.state.sessions.values())
    .filter((s) => !s.cancelled && !withAttendance.has(s.sessionId) && Calendar.slotStartMillis(s.slot, ctx.tz) > now)
    .map(
      (s) =>
        new Ev.SessionCancelled({
          programId: c.programId,
          sessionId: s.sessionId,
          reasonCode: c.reasonCode,
          note: "the program was cancelled"
        })
    )
  const endings = Array.from(ctx.state.enrollments.values())
    .filter((e) => e.status !== "ended")
    .map((e) => {
      // the last day is today, or later if attendance was already typed in for a later session
      let lastDay = today
      for (const a of ctx.state.attendance.values()) {
        const date = ctx.state.sessions.get(a.sessionId)?.slot.date
        if (a.participantId === e.participantId && date !== undefined && date > lastDay) lastDay = date
      }
      return new Ev.EnrollmentEnded({
        programId: c.programId,
        participantId: e.participantId,
        reason: "program-cancelled",
        lastDay
      })
    })
  return ok(
    new Ev.ProgramCancelled({
      programId: c.programId,
      reasonCode: c.reasonCode,
      ...(c.note === undefined ? {} : { note: c.note })
    }),
    ...sessionCancellations,
    ...endings
  )
}

/**
 * ArchiveProgram: archives a closed or cancelled program.
 *
 * @since 0.1.0
 * @category decide
 */
export const archiveProgram = (c: C.ArchiveProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed", "cancelled"])
  if (forbidden) return fail(forbidden)
  return ok(new Ev.ProgramArchived({ programId: c.programId }))
}

/**
 * AttachDocumentation: a document not yet attached, in any status but archived.
 *
 * @since 0.1.0
 * @category decide
 */
export const attachDocumentation = (c: C.AttachDocumentation, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  if (ctx.state.documents.includes(c.documentId))
    return fail(new E.DocumentAlreadyAttached({ documentId: c.documentId }))
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.DocumentationAttached(fields))
}

/**
 * RecordEvaluation: the evaluation of a closed program.
 *
 * @since 0.1.0
 * @category decide
 */
export const recordEvaluation = (c: C.RecordEvaluation, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed"])
  if (forbidden) return fail(forbidden)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.EvaluationRecorded(fields))
}
