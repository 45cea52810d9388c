/**
 * What the areas of `decide` share: the result type and its constructors, the {@link Context}
 * every command after DraftProgram is decided in (built once by {@link contextOf}), and the
 * checks that more than one area makes.
 *
 * @since 0.1.0
 */
import type * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import type { ParticipantId } from "../../Identifiers.js"
import type { ParticipantKind } from "../../ReferenceData.js"
import * as TimeZone from "../../TimeZone.js"
import * as Calendar from "../Calendar.js"
import type * as C from "../Commands.js"
import * as E from "../Errors.js"
import type * as Ev from "../Events.js"
import type { Enrollment, Session, State } from "../State.js"
import type { ResultValue } from "../Values.js"

/**
 * What deciding a command gives: the events to append, or why not.
 *
 * @since 0.1.0
 * @category decide
 */
export type Result = Either.Either<ReadonlyArray<Ev.Event>, E.ProgramError>

type Status = E.ProgramStatus

/**
 * Accepts a command with these events.
 *
 * @since 0.1.0
 * @category decide
 */
export const ok = (...events: ReadonlyArray<Ev.Event>): Result => Either.right(events)

/**
 * Rejects a command.
 *
 * @since 0.1.0
 * @category decide
 */
export const fail = (error: E.ProgramError): Result => Either.left(error)

/**
 * The facts every command after DraftProgram can rely on.
 *
 * @since 0.1.0
 * @category context
 */
export interface Context {
  readonly state: State
  readonly def: Ev.ProgramDrafted
  readonly tz: DateTime.TimeZone
  readonly status: Status
}

/**
 * The context of a command other than DraftProgram, or why there is none: the program was never
 * drafted, the command is for another program, or the program's time zone is unknown.
 *
 * @since 0.1.0
 * @category context
 */
export const contextOf = (
  command: Exclude<C.Command, C.DraftProgram>,
  state: State
): Either.Either<Context, E.ProgramError> => {
  if (state.status === "none" || state.definition === undefined)
    return Either.left(new E.ProgramNotFound({ programId: command.programId, command: command._tag }))
  if (state.definition.programId !== command.programId)
    return Either.left(new E.ProgramMismatch({ expected: state.definition.programId, actual: command.programId }))
  const tz = Calendar.zone(state.definition.timeZone)
  if (Option.isNone(tz))
    return Either.left(
      new E.InvalidProgramField({
        field: "timeZone",
        value: state.definition.timeZone,
        rule: `this runtime does not know the zone: ${TimeZone.timeZoneRule}`
      })
    )
  return Either.right({ state, def: state.definition, tz: tz.value, status: state.status })
}

/**
 * Whether a free-text reason or note is missing.
 *
 * @since 0.1.0
 * @category checks
 */
export const blank = (s: string | undefined): boolean => s === undefined || s.trim().length === 0

/**
 * Why the command is not allowed in the program's status, or undefined when it is.
 *
 * @since 0.1.0
 * @category checks
 */
export const allowed = (command: { readonly _tag: string }, ctx: Context, statuses: ReadonlyArray<Status>) =>
  statuses.includes(ctx.status)
    ? undefined
    : new E.ProgramStatusForbids({ command: command._tag, status: ctx.status, allowed: statuses })

/**
 * Every status but archived.
 *
 * @since 0.1.0
 * @category checks
 */
export const notArchived: ReadonlyArray<Status> = ["draft", "published", "running", "closed", "cancelled"]

/**
 * The statuses in which the program can still be planned: draft, published, running.
 *
 * @since 0.1.0
 * @category checks
 */
export const planning: ReadonlyArray<Status> = ["draft", "published", "running"]

/**
 * Why the program is not open to the participant's kind, or undefined when it is.
 *
 * @since 0.1.0
 * @category checks
 */
export const eligible = (ctx: Context, participantId: ParticipantId, kind: ParticipantKind) =>
  ctx.def.eligibleKinds.includes(kind)
    ? undefined
    : new E.KindNotEligible({ participantId, kind, eligibleKinds: ctx.def.eligibleKinds })

/**
 * The participant's enrolment, or NotEnrolled.
 *
 * @since 0.1.0
 * @category checks
 */
export const enrollmentOf = (ctx: Context, participantId: ParticipantId): Either.Either<Enrollment, E.ProgramError> => {
  const e = ctx.state.enrollments.get(participantId)
  return e === undefined ? Either.left(new E.NotEnrolled({ participantId })) : Either.right(e)
}

/**
 * The session, or SessionNotFound.
 *
 * @since 0.1.0
 * @category checks
 */
export const sessionOf = (
  ctx: Context,
  sessionId: C.ScheduleSession["sessionId"]
): Either.Either<Session, E.ProgramError> => {
  const s = ctx.state.sessions.get(sessionId)
  return s === undefined ? Either.left(new E.SessionNotFound({ sessionId })) : Either.right(s)
}

/**
 * A result value as a message shows it: the score, or the judgement.
 *
 * @since 0.1.0
 * @category checks
 */
export const showValue = (v: ResultValue): string => (v._tag === "Score" ? String(v.value) : v.value)
