/**
 * The waiting list: applying, and approving, declining or withdrawing an application.
 *
 * @since 0.1.0
 */
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, eligible, fail, ok, planning } from "./Context.js"

/**
 * ApplyToWaitlist: a participant of an eligible kind, neither enrolled nor with an open
 * application, joins the waiting list of a draft, published or running program.
 *
 * @since 0.1.0
 * @category decide
 */
export const applyToWaitlist = (c: C.ApplyToWaitlist, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (ctx.state.applications.has(c.applicationId))
    return fail(new E.ApplicationIdTaken({ applicationId: c.applicationId }))
  const open = Array.from(ctx.state.applications.values()).find(
    (a) => a.participantId === c.participantId && a.status === "pending"
  )
  if (open)
    return fail(new E.ApplicationAlreadyOpen({ participantId: c.participantId, applicationId: open.applicationId }))
  const enrolment = ctx.state.enrollments.get(c.participantId)
  if (enrolment) return fail(new E.AlreadyEnrolled({ participantId: c.participantId, status: enrolment.status }))
  const notEligible = eligible(ctx, c.participantId, c.kind)
  if (notEligible) return fail(notEligible)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.WaitlistApplied(fields))
}

/**
 * ApproveApplication, DeclineApplication and WithdrawApplication: the decision on an open
 * (pending) application.
 *
 * @since 0.1.0
 * @category decide
 */
export const decideApplication = (
  c: C.ApproveApplication | C.DeclineApplication | C.WithdrawApplication,
  ctx: Context
): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  const a = ctx.state.applications.get(c.applicationId)
  if (a === undefined) return fail(new E.ApplicationNotFound({ applicationId: c.applicationId }))
  if (a.status !== "pending")
    return fail(new E.ApplicationNotOpen({ applicationId: c.applicationId, status: a.status }))
  const ids = { programId: c.programId, applicationId: c.applicationId, participantId: a.participantId }
  switch (c._tag) {
    case "ApproveApplication":
      return ok(new Ev.ApplicationApproved(ids))
    case "WithdrawApplication":
      return ok(new Ev.ApplicationWithdrawn(ids))
    case "DeclineApplication":
      if (c.reason === "other" && blank(c.note))
        return fail(new E.ReasonRequired({ field: "note", because: "decline reason 'other' needs a note" }))
      return ok(
        new Ev.ApplicationDeclined({ ...ids, reason: c.reason, ...(c.note === undefined ? {} : { note: c.note }) })
      )
  }
}
