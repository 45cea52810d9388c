/**
 * `decide`: one small function per command, checked against the state. Pure: "now" is the
 * command's `occurredAt`, ids and hashes come in on the command.
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { LocalDate, ParticipantId } from "../Identifiers.js"
import { absenceReasons, endReasons, suspensionReasons } from "../ReferenceData.js"
import type { AttendanceOutcome, AbsenceReasonCode, ParticipantKind } from "../ReferenceData.js"
import * as Calendar from "./Calendar.js"
import type * as C from "./Commands.js"
import * as E from "./Errors.js"
import * as Ev from "./Events.js"
import type { Enrollment, Session, State } from "./State.js"
import { attendanceKey, finalResult, notAttendingOn, resultKey, validCertificate } from "./State.js"
import type { ResultValue, SessionSlot } from "./Values.js"

type Result = Either.Either<ReadonlyArray<Ev.Event>, E.ProgramError>
type Status = E.ProgramStatus

const ok = (...events: ReadonlyArray<Ev.Event>): Result => Either.right(events)
const fail = (error: E.ProgramError): Result => Either.left(error)

/** The facts every command after DraftProgram can rely on. */
interface Context {
  readonly state: State
  readonly def: Ev.ProgramDrafted
  readonly tz: DateTime.TimeZone
  readonly status: Status
}

const blank = (s: string | undefined): boolean => s === undefined || s.trim().length === 0

const allowed = (command: { readonly _tag: string }, ctx: Context, statuses: ReadonlyArray<Status>) =>
  statuses.includes(ctx.status)
    ? undefined
    : new E.ProgramStatusForbids({ command: command._tag, status: ctx.status, allowed: statuses })

const notArchived: ReadonlyArray<Status> = ["draft", "published", "running", "closed", "cancelled"]
const planning: ReadonlyArray<Status> = ["draft", "published", "running"]

// ---- lifecycle ----------------------------------------------------------------------------

const draftProgram = (c: C.DraftProgram, state: State): Result => {
  if (state.status !== "none") return fail(new E.ProgramAlreadyDrafted({ programId: c.programId }))
  const invalid = (field: string, value: unknown, rule: string) =>
    fail(new E.InvalidProgramField({ field, value: String(value), rule }))
  if (c.plannedStart > c.plannedEnd)
    return invalid("plannedEnd", c.plannedEnd, `must not be before plannedStart ${c.plannedStart}`)
  if (Option.isNone(Calendar.zone(c.timeZone)))
    return invalid("timeZone", c.timeZone, "not an IANA time zone (e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)")
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

const attachAuthorisation = (c: C.AttachAuthorisation, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.AuthorisationAttached(fields))
}

const addPartner = (c: C.AddPartner, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  if (ctx.state.partners[c.organisation] !== undefined)
    return fail(new E.PartnerAlreadyAdded({ organisation: c.organisation }))
  return ok(new Ev.PartnerAdded({ programId: c.programId, organisation: c.organisation, role: c.role }))
}

const removePartner = (c: C.RemovePartner, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  if (ctx.state.partners[c.organisation] === undefined)
    return fail(new E.PartnerNotFound({ organisation: c.organisation }))
  return ok(new Ev.PartnerRemoved({ programId: c.programId, organisation: c.organisation, reason: c.reason }))
}

const publishProgram = (c: C.PublishProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["draft"])
  if (forbidden) return fail(forbidden)
  // a Bimtek runs under a letter: publishing without one would open enrolment without a legal basis
  if (ctx.state.authorisations.length === 0)
    return fail(
      new E.ReasonRequired({ field: "authorisation letter", because: "attach the letter (surat) before publishing" })
    )
  return ok(new Ev.ProgramPublished({ programId: c.programId }))
}

const startProgram = (c: C.StartProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published"])
  if (forbidden) return fail(forbidden)
  if (!Object.values(ctx.state.sessions).some((s) => !s.cancelled))
    return fail(new E.NoSessionsScheduled({ programId: c.programId }))
  return ok(new Ev.ProgramStarted({ programId: c.programId }))
}

const closeProgram = (c: C.CloseProgram, ctx: Context): Result => {
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

const cancelProgram = (c: C.CancelProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (c.reasonCode === "other" && blank(c.note))
    return fail(new E.ReasonRequired({ field: "note", because: "cancellation reason 'other' needs a note" }))
  const now = c.occurredAt.epochMillis
  const today = Calendar.localDate(c.occurredAt, ctx.tz)
  const withAttendance = new Set(Object.values(ctx.state.attendance).map((a) => a.sessionId))
  const sessionCancellations = Object.values(ctx.state.sessions)
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
  const endings = Object.values(ctx.state.enrollments)
    .filter((e) => e.status !== "ended")
    .map((e) => {
      // the last day is today, or later if attendance was already typed in for a later session
      let lastDay = today
      for (const a of Object.values(ctx.state.attendance)) {
        const date = ctx.state.sessions[a.sessionId]?.slot.date
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

const archiveProgram = (c: C.ArchiveProgram, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed", "cancelled"])
  if (forbidden) return fail(forbidden)
  return ok(new Ev.ProgramArchived({ programId: c.programId }))
}

const attachDocumentation = (c: C.AttachDocumentation, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, notArchived)
  if (forbidden) return fail(forbidden)
  if (ctx.state.documents.includes(c.documentId))
    return fail(new E.DocumentAlreadyAttached({ documentId: c.documentId }))
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.DocumentationAttached(fields))
}

const recordEvaluation = (c: C.RecordEvaluation, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed"])
  if (forbidden) return fail(forbidden)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.EvaluationRecorded(fields))
}

// ---- waiting list and enrolment -----------------------------------------------------------

const eligible = (ctx: Context, participantId: ParticipantId, kind: ParticipantKind) =>
  ctx.def.eligibleKinds.includes(kind)
    ? undefined
    : new E.KindNotEligible({ participantId, kind, eligibleKinds: ctx.def.eligibleKinds })

const applyToWaitlist = (c: C.ApplyToWaitlist, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (ctx.state.applications[c.applicationId] !== undefined)
    return fail(new E.ApplicationIdTaken({ applicationId: c.applicationId }))
  const open = Object.values(ctx.state.applications).find(
    (a) => a.participantId === c.participantId && a.status === "pending"
  )
  if (open)
    return fail(new E.ApplicationAlreadyOpen({ participantId: c.participantId, applicationId: open.applicationId }))
  const enrolment = ctx.state.enrollments[c.participantId]
  if (enrolment) return fail(new E.AlreadyEnrolled({ participantId: c.participantId, status: enrolment.status }))
  const notEligible = eligible(ctx, c.participantId, c.kind)
  if (notEligible) return fail(notEligible)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.WaitlistApplied(fields))
}

const decideApplication = (
  c: C.ApproveApplication | C.DeclineApplication | C.WithdrawApplication,
  ctx: Context
): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  const a = ctx.state.applications[c.applicationId]
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

/** Seats are held by every enrolment that has not ended (a suspension keeps its seat). */
const seatsTaken = (state: State): number => Object.values(state.enrollments).filter((e) => e.status !== "ended").length

const enrollParticipant = (c: C.EnrollParticipant, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["published", "running"])
  if (forbidden) return fail(forbidden)
  const existing = ctx.state.enrollments[c.participantId]
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

const enrollmentOf = (ctx: Context, participantId: ParticipantId): Either.Either<Enrollment, E.ProgramError> => {
  const e = ctx.state.enrollments[participantId]
  return e === undefined ? Either.left(new E.NotEnrolled({ participantId })) : Either.right(e)
}

/** Attendance of the participant already recorded on or after `from` (and up to `to`). */
const recordedBetween = (ctx: Context, participantId: ParticipantId, from: LocalDate, to?: LocalDate) =>
  Object.values(ctx.state.attendance).find((a) => {
    const date = ctx.state.sessions[a.sessionId]?.slot.date
    return a.participantId === participantId && date !== undefined && date >= from && (to === undefined || date <= to)
  })

const suspendEnrollment = (c: C.SuspendEnrollment, ctx: Context): Result => {
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
    const info = suspensionReasons[c.reason]
    if (info.requiresNote && blank(c.note))
      return fail(new E.ReasonRequired({ field: "note", because: `suspension reason '${c.reason}' needs a note` }))
    const clash = recordedBetween(ctx, c.participantId, c.from, c.to)
    if (clash)
      return fail(
        new E.ConflictsWithRecordedAttendance({
          participantId: c.participantId,
          sessionId: clash.sessionId,
          date: ctx.state.sessions[clash.sessionId]!.slot.date,
          field: "the suspension"
        })
      )
    const { _tag, occurredAt: _, ...fields } = c
    return ok(new Ev.EnrollmentSuspended({ ...fields, automatic: info.automatic }))
  })
}

const resumeEnrollment = (c: C.ResumeEnrollment, ctx: Context): Result => {
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
    return ok(
      new Ev.EnrollmentResumed({ programId: c.programId, participantId: c.participantId, cause: c.cause, on: c.on })
    )
  })
}

const endEnrollment = (c: C.EndEnrollment, ctx: Context): Result => {
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
    const info = endReasons[c.reason]
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
    const later = Object.values(ctx.state.attendance).find((a) => {
      const date = ctx.state.sessions[a.sessionId]?.slot.date
      return a.participantId === c.participantId && date !== undefined && date > c.lastDay
    })
    if (later)
      return fail(
        new E.ConflictsWithRecordedAttendance({
          participantId: c.participantId,
          sessionId: later.sessionId,
          date: ctx.state.sessions[later.sessionId]!.slot.date,
          field: `lastDay ${c.lastDay}`
        })
      )
    const { _tag, occurredAt: _, ...fields } = c
    return ok(new Ev.EnrollmentEnded(fields))
  })
}

// ---- sessions and attendance --------------------------------------------------------------

const checkSlot = (ctx: Context, sessionId: C.ScheduleSession["sessionId"], slot: SessionSlot) => {
  if (slot.date < ctx.def.plannedStart || slot.date > ctx.def.plannedEnd)
    return new E.DateOutsideProgram({
      field: "session date",
      date: slot.date,
      plannedStart: ctx.def.plannedStart,
      plannedEnd: ctx.def.plannedEnd
    })
  if (!(slot.start < slot.end)) return new E.InvalidPeriod({ field: "session time", from: slot.start, to: slot.end })
  const other = Object.values(ctx.state.sessions).find(
    (s) =>
      s.sessionId !== sessionId &&
      !s.cancelled &&
      s.slot.date === slot.date &&
      s.slot.start < slot.end &&
      slot.start < s.slot.end
  )
  return other ? new E.SessionOverlaps({ sessionId, otherSessionId: other.sessionId, date: slot.date }) : undefined
}

const sessionOf = (ctx: Context, sessionId: C.ScheduleSession["sessionId"]): Either.Either<Session, E.ProgramError> => {
  const s = ctx.state.sessions[sessionId]
  return s === undefined ? Either.left(new E.SessionNotFound({ sessionId })) : Either.right(s)
}

const recordsOf = (ctx: Context, sessionId: string): number =>
  Object.values(ctx.state.attendance).filter((a) => a.sessionId === sessionId).length

const scheduleSession = (c: C.ScheduleSession, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (ctx.state.sessions[c.sessionId] !== undefined)
    return fail(new E.SessionAlreadyScheduled({ sessionId: c.sessionId }))
  const bad = checkSlot(ctx, c.sessionId, c.slot)
  if (bad) return fail(bad)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.SessionScheduled(fields))
}

const rescheduleSession = (c: C.RescheduleSession, ctx: Context): Result => {
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

const cancelSession = (c: C.CancelSession, ctx: Context): Result => {
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

const uncancelSession = (c: C.UncancelSession, ctx: Context): Result => {
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
  const reason = absenceReasons[reasonCode]
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

const recordAttendance = (c: C.RecordAttendance, ctx: Context): Result => {
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
      const existing = ctx.state.attendance[attendanceKey(c.sessionId, c.participantId)]
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

const correctAttendance = (c: C.CorrectAttendance, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  const existing = ctx.state.attendance[attendanceKey(c.sessionId, c.participantId)]
  if (existing === undefined)
    return fail(new E.AttendanceNotRecorded({ participantId: c.participantId, sessionId: c.sessionId }))
  if (blank(c.correctionReason))
    return fail(
      new E.ReasonRequired({ field: "correctionReason", because: "a correction says why the record was wrong" })
    )
  const kind = ctx.state.enrollments[c.participantId]?.kind ?? "inmate"
  const bad = checkAbsenceReason(c.outcome, c.reasonCode, c.note, kind)
  if (bad) return fail(bad)
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.AttendanceCorrected(fields))
}

// ---- assessments --------------------------------------------------------------------------

const defineAssessment = (c: C.DefineAssessment, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (ctx.state.assessments[c.assessmentId] !== undefined)
    return fail(new E.AssessmentAlreadyDefined({ assessmentId: c.assessmentId }))
  const bad = (field: string, value: number, rule: string) =>
    fail(new E.InvalidAssessmentScale({ assessmentId: c.assessmentId, field, value, rule }))
  if (!Number.isFinite(c.min) || !Number.isFinite(c.max) || !(c.min < c.max))
    return bad("max", c.max, `must be greater than min ${c.min}`)
  if (!(c.passMark >= c.min && c.passMark <= c.max))
    return bad("passMark", c.passMark, `must be in [${c.min}, ${c.max}]`)
  if (!(c.weight >= 0)) return bad("weight", c.weight, "must not be negative")
  if (!(c.maxAttempts >= 1)) return bad("maxAttempts", c.maxAttempts, "must be at least 1")
  const { _tag, occurredAt: _, ...fields } = c
  return ok(new Ev.AssessmentDefined(fields))
}

const showValue = (v: ResultValue): string => (v._tag === "Score" ? String(v.value) : v.value)

/** Whether a value fits the assessment, and whether it passes. */
const judge = (a: Ev.AssessmentDefined, value: ResultValue): Either.Either<boolean, E.ProgramError> => {
  const invalid = (rule: string) =>
    Either.left(new E.InvalidResultValue({ assessmentId: a.assessmentId, value: showValue(value), rule }))
  if (a.resultType === "score") {
    if (value._tag !== "Score") return invalid("this assessment is scored: give a score")
    if (!(Number.isFinite(value.value) && value.value >= a.min && value.value <= a.max))
      return invalid(`the score must be between ${a.min} and ${a.max}`)
    return Either.right(value.value >= a.passMark)
  }
  if (value._tag !== "Competency") return invalid("this assessment is competent / not-yet-competent: give a judgement")
  return Either.right(value.value === "competent")
}

const assessmentOf = (ctx: Context, assessmentId: C.DefineAssessment["assessmentId"]) => {
  const a = ctx.state.assessments[assessmentId]
  return a === undefined
    ? Either.left<E.ProgramError>(new E.AssessmentNotFound({ assessmentId }))
    : Either.right<Ev.AssessmentDefined>(a)
}

const recordAssessmentResult = (c: C.RecordAssessmentResult, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(assessmentOf(ctx, c.assessmentId), (a) =>
    Either.flatMap(enrollmentOf(ctx, c.participantId), () => {
      const ids = { participantId: c.participantId, assessmentId: c.assessmentId }
      if ((c.assessorId as string) === (c.participantId as string)) return fail(new E.AssessorIsParticipant(ids))
      const track = ctx.state.results[resultKey(c.assessmentId, c.participantId)]
      const used = track?.attempts.length ?? 0
      if (c.attempt !== used + 1)
        return fail(new E.AttemptOutOfSequence({ ...ids, attempt: c.attempt, expected: used + 1 }))
      if (finalResult(ctx.state, c.assessmentId, c.participantId)?.passed) return fail(new E.AlreadyPassed(ids))
      const allowedAttempts = a.maxAttempts + (track?.grants ?? 0)
      if (c.attempt > allowedAttempts)
        return fail(new E.AttemptsExhausted({ ...ids, attempt: c.attempt, allowed: allowedAttempts }))
      return Either.flatMap(judge(a, c.value), (passed) => {
        const { _tag, occurredAt: _, ...fields } = c
        return ok(new Ev.AssessmentResultRecorded({ ...fields, passed }))
      })
    })
  )
}

const attemptOf = (ctx: Context, c: C.CorrectAssessmentResult | C.VoidAssessmentResult) => {
  const ids = { participantId: c.participantId, assessmentId: c.assessmentId, attempt: c.attempt }
  const attempt = ctx.state.results[resultKey(c.assessmentId, c.participantId)]?.attempts.find(
    (a) => a.attempt === c.attempt
  )
  if (attempt === undefined) return Either.left<E.ProgramError>(new E.AttemptNotFound(ids))
  if (attempt.voided) return Either.left<E.ProgramError>(new E.AttemptVoided(ids))
  return Either.right(attempt)
}

const correctAssessmentResult = (c: C.CorrectAssessmentResult, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(assessmentOf(ctx, c.assessmentId), (a) =>
    Either.flatMap(attemptOf(ctx, c), () => {
      if (blank(c.reason)) return fail(new E.ReasonRequired({ field: "reason", because: "a correction says why" }))
      return Either.flatMap(judge(a, c.value), (passed) => {
        const { _tag, occurredAt: _, ...fields } = c
        return ok(new Ev.AssessmentResultCorrected({ ...fields, passed }))
      })
    })
  )
}

const voidAssessmentResult = (c: C.VoidAssessmentResult, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(assessmentOf(ctx, c.assessmentId), () =>
    Either.flatMap(attemptOf(ctx, c), () => {
      if (blank(c.reason)) return fail(new E.ReasonRequired({ field: "reason", because: "a void says why" }))
      const { _tag, occurredAt: _, ...fields } = c
      return ok(new Ev.AssessmentResultVoided(fields))
    })
  )
}

const grantReassessment = (c: C.GrantReassessment, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(assessmentOf(ctx, c.assessmentId), () =>
    Either.flatMap(enrollmentOf(ctx, c.participantId), () => {
      if (finalResult(ctx.state, c.assessmentId, c.participantId)?.passed)
        return fail(
          new E.ReassessmentNotNeeded({
            participantId: c.participantId,
            assessmentId: c.assessmentId,
            why: "the final result is a pass"
          })
        )
      if (blank(c.reason)) return fail(new E.ReasonRequired({ field: "reason", because: "a reassessment says why" }))
      const { _tag, occurredAt: _, ...fields } = c
      return ok(new Ev.ReassessmentGranted(fields))
    })
  )
}

// ---- certificates -------------------------------------------------------------------------

/**
 * Attendance of a participant as the completion policy counts it: `applicable` are the sessions
 * held (not cancelled, started by the close) on days the participant was enrolled and attending,
 * minus excused absences when the policy takes them out of the denominator; `attended` are the
 * present or late marks among them.
 *
 * @since 0.1.0
 * @category certificates
 */
export const attendanceOf = (
  state: State,
  participantId: ParticipantId
): { readonly attended: number; readonly applicable: number; readonly excused: number } => {
  const def = state.definition
  const e = state.enrollments[participantId]
  if (def === undefined || e === undefined) return { attended: 0, applicable: 0, excused: 0 }
  const tz = Option.getOrUndefined(Calendar.zone(def.timeZone))
  let attended = 0
  let applicable = 0
  let excused = 0
  for (const s of Object.values(state.sessions)) {
    if (s.cancelled || notAttendingOn(e, s.slot.date) !== undefined) continue
    if (
      state.closedAtMillis !== undefined &&
      tz !== undefined &&
      Calendar.slotStartMillis(s.slot, tz) > state.closedAtMillis
    )
      continue
    const outcome = state.attendance[attendanceKey(s.sessionId, participantId)]?.current.outcome
    if (outcome === "excused-absence") {
      excused++
      if (def.completionPolicy.excusedAbsencesLeaveDenominator) continue
    }
    applicable++
    if (outcome === "present" || outcome === "late") attended++
  }
  return { attended, applicable, excused }
}

const numberFor = (ctx: Context, sequence: number, issuedAt: DateTime.Utc, issuer: string): string => {
  const parts = Calendar.localParts(issuedAt, ctx.tz)
  return Calendar.formatNumber(ctx.def.certificateNumberTemplate, {
    sequence,
    facility: ctx.def.facility,
    issuer,
    month: parts.month,
    year: parts.year
  })
}

const checkIssueFields = (hash: string, sequence: number, field: string) => {
  if (!/^[0-9a-f]{64}$/.test(hash))
    return new E.InvalidCertificateField({
      field,
      value: hash,
      rule: "must be the 64 lower-case hex characters of a SHA-256 digest"
    })
  if (!(Number.isSafeInteger(sequence) && sequence >= 1))
    return new E.InvalidCertificateField({
      field: "sequence",
      value: String(sequence),
      rule: "must be a positive integer"
    })
  return undefined
}

/** The completion policy, checked in a fixed order so the first failing rule is reported. */
const completionProblem = (ctx: Context, e: Enrollment): E.ProgramError | undefined => {
  const policy = ctx.def.completionPolicy
  if (
    policy.requireEnrollmentCompleted &&
    e.status !== "active" &&
    !(e.status === "ended" && e.endReason === "completed")
  )
    return new E.EnrollmentNotCompleted({
      participantId: e.participantId,
      status: e.status,
      ...(e.endReason === undefined ? {} : { endReason: e.endReason })
    })
  const { applicable, attended } = attendanceOf(ctx.state, e.participantId)
  if (applicable === 0 || attended / applicable < policy.minAttendanceRatio)
    return new E.AttendanceBelowThreshold({
      participantId: e.participantId,
      attended,
      applicable,
      minimum: policy.minAttendanceRatio
    })
  const required =
    policy.requiredAssessments === "all" ? Object.keys(ctx.state.assessments).sort() : [...policy.requiredAssessments]
  for (const assessmentId of required) {
    const final = finalResult(ctx.state, assessmentId as Ev.AssessmentDefined["assessmentId"], e.participantId)
    if (!final?.passed)
      return new E.RequiredAssessmentNotPassed({
        participantId: e.participantId,
        assessmentId: assessmentId as Ev.AssessmentDefined["assessmentId"],
        finalResult:
          ctx.state.assessments[assessmentId] === undefined
            ? "the assessment is not defined"
            : final === undefined
              ? "no result"
              : `${showValue(final.value)} on attempt ${final.attempt}`
      })
  }
  return undefined
}

const issueCertificate = (c: C.IssueCertificate, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed"])
  if (forbidden) return fail(forbidden)
  if (ctx.state.certificates[c.certificateId] !== undefined)
    return fail(new E.CertificateIdTaken({ certificateId: c.certificateId }))
  const bad = checkIssueFields(c.verificationCodeHash, c.sequence, "verificationCodeHash")
  if (bad) return fail(bad)
  if (c.signatories.length === 0)
    return fail(
      new E.InvalidCertificateField({ field: "signatories", value: "[]", rule: "name at least one signing official" })
    )
  return Either.flatMap(enrollmentOf(ctx, c.participantId), (e) => {
    const held = validCertificate(ctx.state, c.participantId, c.type)
    if (held)
      return fail(
        new E.ValidCertificateExists({
          participantId: c.participantId,
          type: c.type,
          certificateId: held.certificateId
        })
      )
    if (c.type === "completion") {
      const problem = completionProblem(ctx, e)
      if (problem) return fail(problem)
    } else {
      if (!ctx.def.completionPolicy.allowParticipationCertificate)
        return fail(
          new E.ParticipationCertificateNotAllowed({
            participantId: c.participantId,
            rule: "the program's policy does not allow participation certificates"
          })
        )
      if (attendanceOf(ctx.state, c.participantId).attended === 0)
        return fail(
          new E.ParticipationCertificateNotAllowed({ participantId: c.participantId, rule: "they attended no session" })
        )
    }
    const { _tag, occurredAt: _, verificationCodeHash, ...fields } = c
    return ok(
      new Ev.CertificateIssued({
        ...fields,
        verificationCodeHash: verificationCodeHash as Ev.CertificateIssued["verificationCodeHash"],
        number: numberFor(ctx, c.sequence, c.issuedAt, c.issuer)
      })
    )
  })
}

const certificateOf = (ctx: Context, certificateId: C.IssueCertificate["certificateId"]) => {
  const cert = ctx.state.certificates[certificateId]
  if (cert === undefined) return Either.left<E.ProgramError>(new E.CertificateNotFound({ certificateId }))
  if (cert.status !== "valid")
    return Either.left<E.ProgramError>(new E.CertificateNotValid({ certificateId, status: cert.status }))
  return Either.right(cert)
}

const revokeCertificate = (c: C.RevokeCertificate, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed", "archived"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(certificateOf(ctx, c.certificateId), () => {
    const { _tag, occurredAt: _, ...fields } = c
    return ok(new Ev.CertificateRevoked(fields))
  })
}

const reissueCertificate = (c: C.ReissueCertificate, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["closed", "archived"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(certificateOf(ctx, c.supersedes), (old) => {
    if (ctx.state.certificates[c.newCertificateId] !== undefined)
      return fail(new E.CertificateIdTaken({ certificateId: c.newCertificateId }))
    const bad = checkIssueFields(c.newVerificationCodeHash, c.newSequence, "newVerificationCodeHash")
    if (bad) return fail(bad)
    if (blank(c.reason)) return fail(new E.ReasonRequired({ field: "reason", because: "a reissue says why" }))
    return ok(
      new Ev.CertificateReissued({
        programId: c.programId,
        supersedes: c.supersedes,
        newCertificateId: c.newCertificateId,
        participantId: old.participantId,
        type: old.type,
        newNumber: numberFor(ctx, c.newSequence, c.issuedAt, c.issuer),
        newSequence: c.newSequence,
        newVerificationCodeHash: c.newVerificationCodeHash as Ev.CertificateReissued["newVerificationCodeHash"],
        reason: c.reason,
        issuedAt: c.issuedAt,
        issuer: c.issuer
      })
    )
  })
}

// ---- dispatch -----------------------------------------------------------------------------

/**
 * Decides what a command means for the program: the events to append, or why not.
 *
 * @since 0.1.0
 * @category decide
 */
export const decide = (command: C.Command, state: State): Result => {
  if (command._tag === "DraftProgram") return draftProgram(command, state)
  if (state.status === "none" || state.definition === undefined)
    return fail(new E.ProgramNotFound({ programId: command.programId, command: command._tag }))
  if (state.definition.programId !== command.programId)
    return fail(new E.ProgramMismatch({ expected: state.definition.programId, actual: command.programId }))
  const tz = Calendar.zone(state.definition.timeZone)
  if (Option.isNone(tz))
    return fail(
      new E.InvalidProgramField({ field: "timeZone", value: state.definition.timeZone, rule: "unknown zone" })
    )
  const ctx: Context = { state, def: state.definition, tz: tz.value, status: state.status }
  switch (command._tag) {
    case "AttachAuthorisation":
      return attachAuthorisation(command, ctx)
    case "AddPartner":
      return addPartner(command, ctx)
    case "RemovePartner":
      return removePartner(command, ctx)
    case "PublishProgram":
      return publishProgram(command, ctx)
    case "StartProgram":
      return startProgram(command, ctx)
    case "CloseProgram":
      return closeProgram(command, ctx)
    case "CancelProgram":
      return cancelProgram(command, ctx)
    case "ArchiveProgram":
      return archiveProgram(command, ctx)
    case "AttachDocumentation":
      return attachDocumentation(command, ctx)
    case "RecordEvaluation":
      return recordEvaluation(command, ctx)
    case "ApplyToWaitlist":
      return applyToWaitlist(command, ctx)
    case "ApproveApplication":
    case "DeclineApplication":
    case "WithdrawApplication":
      return decideApplication(command, ctx)
    case "EnrollParticipant":
      return enrollParticipant(command, ctx)
    case "SuspendEnrollment":
      return suspendEnrollment(command, ctx)
    case "ResumeEnrollment":
      return resumeEnrollment(command, ctx)
    case "EndEnrollment":
      return endEnrollment(command, ctx)
    case "ScheduleSession":
      return scheduleSession(command, ctx)
    case "RescheduleSession":
      return rescheduleSession(command, ctx)
    case "CancelSession":
      return cancelSession(command, ctx)
    case "UncancelSession":
      return uncancelSession(command, ctx)
    case "RecordAttendance":
      return recordAttendance(command, ctx)
    case "CorrectAttendance":
      return correctAttendance(command, ctx)
    case "DefineAssessment":
      return defineAssessment(command, ctx)
    case "RecordAssessmentResult":
      return recordAssessmentResult(command, ctx)
    case "CorrectAssessmentResult":
      return correctAssessmentResult(command, ctx)
    case "VoidAssessmentResult":
      return voidAssessmentResult(command, ctx)
    case "GrantReassessment":
      return grantReassessment(command, ctx)
    case "IssueCertificate":
      return issueCertificate(command, ctx)
    case "RevokeCertificate":
      return revokeCertificate(command, ctx)
    case "ReissueCertificate":
      return reissueCertificate(command, ctx)
  }
}
