/**
 * Rejections raised by more than one area of the Program: the guards every command passes
 * (the program exists, is this one, allows the command in its status), and the field rules that
 * enrolment, sessions, attendance, assessments and certificates share. Also the program's
 * lifecycle status, which {@link ProgramStatusForbids} names.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { LocalDate, ParticipantId, ProgramId, SessionId } from "../../Identifiers.js"
import { ParticipantKind } from "../../ReferenceData.js"

/**
 * The program's lifecycle status.
 *
 * @since 0.1.0
 * @category state
 */
export const ProgramStatus = Schema.Literal("draft", "published", "running", "closed", "cancelled", "archived")
/**
 * @since 0.1.0
 * @category state
 */
export type ProgramStatus = typeof ProgramStatus.Type

/**
 * A command other than DraftProgram reached a program that was never drafted.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProgramNotFound extends Schema.TaggedError<ProgramNotFound>()("ProgramNotFound", {
  programId: ProgramId,
  command: Schema.String
}) {
  override get message() {
    return `Program ${this.programId} has not been drafted: draft it before ${this.command}`
  }
}

/**
 * The command names a different program than the stream it was sent to.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProgramMismatch extends Schema.TaggedError<ProgramMismatch>()("ProgramMismatch", {
  expected: ProgramId,
  actual: ProgramId
}) {
  override get message() {
    return `The command is for program ${this.actual} but was sent to program ${this.expected}`
  }
}

/**
 * The command is not allowed in the program's current status.
 *
 * @since 0.1.0
 * @category errors
 */
export class ProgramStatusForbids extends Schema.TaggedError<ProgramStatusForbids>()("ProgramStatusForbids", {
  command: Schema.String,
  status: ProgramStatus,
  allowed: Schema.Array(ProgramStatus)
}) {
  override get message() {
    return `${this.command} is not allowed while the program is ${this.status}: it needs a program that is ${this.allowed.join(" or ")}`
  }
}

/**
 * A program field fails its rule (dates, capacity, policy, template, time zone...).
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidProgramField extends Schema.TaggedError<InvalidProgramField>()("InvalidProgramField", {
  field: Schema.String,
  value: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Program field ${this.field} = ${this.value} is invalid: ${this.rule}`
  }
}

/**
 * A free-text reason (or note) the rule requires is missing.
 *
 * @since 0.1.0
 * @category errors
 */
export class ReasonRequired extends Schema.TaggedError<ReasonRequired>()("ReasonRequired", {
  field: Schema.String,
  because: Schema.String
}) {
  override get message() {
    return `${this.field} is required: ${this.because}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class KindNotEligible extends Schema.TaggedError<KindNotEligible>()("KindNotEligible", {
  participantId: ParticipantId,
  kind: ParticipantKind,
  eligibleKinds: Schema.Array(ParticipantKind)
}) {
  override get message() {
    return `Participant ${this.participantId} is a ${this.kind}; this program is open to ${this.eligibleKinds.join(", ")} only`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AlreadyEnrolled extends Schema.TaggedError<AlreadyEnrolled>()("AlreadyEnrolled", {
  participantId: ParticipantId,
  status: Schema.String
}) {
  override get message() {
    return `Participant ${this.participantId} already has an enrolment in this program (${this.status}); one enrolment per participant per program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class DateOutsideProgram extends Schema.TaggedError<DateOutsideProgram>()("DateOutsideProgram", {
  field: Schema.String,
  date: LocalDate,
  plannedStart: LocalDate,
  plannedEnd: LocalDate
}) {
  override get message() {
    return `${this.field} ${this.date} is outside the program's dates (${this.plannedStart} to ${this.plannedEnd})`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class NotEnrolled extends Schema.TaggedError<NotEnrolled>()("NotEnrolled", {
  participantId: ParticipantId
}) {
  override get message() {
    return `Participant ${this.participantId} is not enrolled in this program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class InvalidPeriod extends Schema.TaggedError<InvalidPeriod>()("InvalidPeriod", {
  field: Schema.String,
  from: Schema.String,
  to: Schema.String
}) {
  override get message() {
    return `${this.field} runs from ${this.from} to ${this.to}: the end must come after the start`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionNotFound extends Schema.TaggedError<SessionNotFound>()("SessionNotFound", {
  sessionId: SessionId
}) {
  override get message() {
    return `There is no session ${this.sessionId} in this program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionIsCancelled extends Schema.TaggedError<SessionIsCancelled>()("SessionIsCancelled", {
  sessionId: SessionId
}) {
  override get message() {
    return `Session ${this.sessionId} is cancelled: uncancel it first (only possible before it starts)`
  }
}
