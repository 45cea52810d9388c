/**
 * Assessments: defining them; recording, correcting and voiding results; granting reassessments.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import * as Ev from "../Events.js"
import { finalResult, resultKey } from "../State.js"
import type { ResultValue } from "../Values.js"
import type { Context, Result } from "./Context.js"
import { allowed, blank, enrollmentOf, fail, ok, planning, showValue } from "./Context.js"

/**
 * DefineAssessment: a new assessment with a consistent scale.
 *
 * @since 0.1.0
 * @category decide
 */
export const defineAssessment = (c: C.DefineAssessment, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, planning)
  if (forbidden) return fail(forbidden)
  if (ctx.state.assessments.has(c.assessmentId))
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
  const a = ctx.state.assessments.get(assessmentId)
  return a === undefined
    ? Either.left<E.ProgramError>(new E.AssessmentNotFound({ assessmentId }))
    : Either.right<Ev.AssessmentDefined>(a)
}

/**
 * RecordAssessmentResult: the next attempt of an enrolled participant, recorded by another
 * assessor, while attempts remain and no attempt has passed.
 *
 * @since 0.1.0
 * @category decide
 */
export const recordAssessmentResult = (c: C.RecordAssessmentResult, ctx: Context): Result => {
  const forbidden = allowed(c, ctx, ["running", "closed"])
  if (forbidden) return fail(forbidden)
  return Either.flatMap(assessmentOf(ctx, c.assessmentId), (a) =>
    Either.flatMap(enrollmentOf(ctx, c.participantId), () => {
      const ids = { participantId: c.participantId, assessmentId: c.assessmentId }
      if ((c.assessorId as string) === (c.participantId as string)) return fail(new E.AssessorIsParticipant(ids))
      const track = ctx.state.results.get(resultKey(c.assessmentId, c.participantId))
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
  const attempt = ctx.state.results
    .get(resultKey(c.assessmentId, c.participantId))
    ?.attempts.find((a) => a.attempt === c.attempt)
  if (attempt === undefined) return Either.left<E.ProgramError>(new E.AttemptNotFound(ids))
  if (attempt.voided) return Either.left<E.ProgramError>(new E.AttemptVoided(ids))
  return Either.right(attempt)
}

/**
 * CorrectAssessmentResult: a new value for an attempt that is not void, with a reason.
 *
 * @since 0.1.0
 * @category decide
 */
export const correctAssessmentResult = (c: C.CorrectAssessmentResult, ctx: Context): Result => {
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

/**
 * VoidAssessmentResult: voids an attempt that is not void, with a reason.
 *
 * @since 0.1.0
 * @category decide
 */
export const voidAssessmentResult = (c: C.VoidAssessmentResult, ctx: Context): Result => {
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

/**
 * GrantReassessment: one more attempt for an enrolled participant whose final result is not a
 * pass, with a reason.
 *
 * @since 0.1.0
 * @category decide
 */
export const grantReassessment = (c: C.GrantReassessment, ctx: Context): Result => {
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
