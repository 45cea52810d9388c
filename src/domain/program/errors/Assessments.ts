/**
 * Rejections of assessments: defining them, recording, correcting and voiding results, granting
 * reassessments.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { AssessmentId, ParticipantId } from "../../Identifiers.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class AssessmentAlreadyDefined extends Schema.TaggedError<AssessmentAlreadyDefined>()(
  "AssessmentAlreadyDefined",
  { assessmentId: AssessmentId }
) {
  override get message() {
    return `Assessment ${this.assessmentId} is already defined in this program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class InvalidAssessmentScale extends Schema.TaggedError<InvalidAssessmentScale>()("InvalidAssessmentScale", {
  assessmentId: AssessmentId,
  field: Schema.String,
  value: Schema.Number,
  rule: Schema.String
}) {
  override get message() {
    return `Assessment ${this.assessmentId}: ${this.field} = ${this.value} is invalid (${this.rule})`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AssessmentNotFound extends Schema.TaggedError<AssessmentNotFound>()("AssessmentNotFound", {
  assessmentId: AssessmentId
}) {
  override get message() {
    return `There is no assessment ${this.assessmentId} in this program: define it first`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class InvalidResultValue extends Schema.TaggedError<InvalidResultValue>()("InvalidResultValue", {
  assessmentId: AssessmentId,
  value: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Result ${this.value} for assessment ${this.assessmentId} is invalid: ${this.rule}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AssessorIsParticipant extends Schema.TaggedError<AssessorIsParticipant>()("AssessorIsParticipant", {
  participantId: ParticipantId,
  assessmentId: AssessmentId
}) {
  override get message() {
    return `Participant ${this.participantId} cannot assess their own ${this.assessmentId}: another assessor must record it`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AttemptOutOfSequence extends Schema.TaggedError<AttemptOutOfSequence>()("AttemptOutOfSequence", {
  participantId: ParticipantId,
  assessmentId: AssessmentId,
  attempt: Schema.Number,
  expected: Schema.Number
}) {
  override get message() {
    return `Attempt ${this.attempt} of ${this.assessmentId} for participant ${this.participantId} is out of sequence: the next attempt is ${this.expected}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AttemptsExhausted extends Schema.TaggedError<AttemptsExhausted>()("AttemptsExhausted", {
  participantId: ParticipantId,
  assessmentId: AssessmentId,
  attempt: Schema.Number,
  allowed: Schema.Number
}) {
  override get message() {
    return `Participant ${this.participantId} has used all ${this.allowed} allowed attempt(s) at ${this.assessmentId}: grant a reassessment for attempt ${this.attempt}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AlreadyPassed extends Schema.TaggedError<AlreadyPassed>()("AlreadyPassed", {
  participantId: ParticipantId,
  assessmentId: AssessmentId
}) {
  override get message() {
    return `Participant ${this.participantId} has already passed ${this.assessmentId}: no further attempt or reassessment; correct or void the result if it is wrong`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AttemptNotFound extends Schema.TaggedError<AttemptNotFound>()("AttemptNotFound", {
  participantId: ParticipantId,
  assessmentId: AssessmentId,
  attempt: Schema.Number
}) {
  override get message() {
    return `There is no attempt ${this.attempt} of ${this.assessmentId} for participant ${this.participantId}`
  }
}

/**
 * A voided attempt cannot be voided again or corrected.
 *
 * @since 0.1.0
 * @category errors
 */
export class AttemptVoided extends Schema.TaggedError<AttemptVoided>()("AttemptVoided", {
  participantId: ParticipantId,
  assessmentId: AssessmentId,
  attempt: Schema.Number
}) {
  override get message() {
    return `Attempt ${this.attempt} of ${this.assessmentId} for participant ${this.participantId} is void: a void cannot be voided or corrected; record a new attempt`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ReassessmentNotNeeded extends Schema.TaggedError<ReassessmentNotNeeded>()("ReassessmentNotNeeded", {
  participantId: ParticipantId,
  assessmentId: AssessmentId,
  why: Schema.String
}) {
  override get message() {
    return `No reassessment of ${this.assessmentId} is needed for participant ${this.participantId}: ${this.why}`
  }
}
