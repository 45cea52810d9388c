/**
 * Rejections of enrolment: enrolling, suspending, resuming and ending.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { LocalDate, ParticipantId, SessionId } from "../../Identifiers.js"
import { ParticipantKind } from "../../ReferenceData.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class CapacityReached extends Schema.TaggedError<CapacityReached>()("CapacityReached", {
  capacity: Schema.Number,
  activeEnrolments: Schema.Number
}) {
  override get message() {
    return `The program is full (${this.activeEnrolments} of ${this.capacity} places taken): give an overbooking reason to enrol beyond capacity`
  }
}

/**
 * The enrolment's status does not allow the command.
 *
 * @since 0.1.0
 * @category errors
 */
export class EnrollmentStatusForbids extends Schema.TaggedError<EnrollmentStatusForbids>()("EnrollmentStatusForbids", {
  participantId: ParticipantId,
  command: Schema.String,
  status: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `${this.command} for participant ${this.participantId} is not allowed: the enrolment is ${this.status}; ${this.rule}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class EndReasonNotAllowed extends Schema.TaggedError<EndReasonNotAllowed>()("EndReasonNotAllowed", {
  participantId: ParticipantId,
  reason: Schema.String,
  kind: ParticipantKind,
  rule: Schema.String
}) {
  override get message() {
    return `End reason ${this.reason} cannot be used for participant ${this.participantId} (${this.kind}): ${this.rule}`
  }
}

/**
 * A date change would contradict attendance already recorded.
 *
 * @since 0.1.0
 * @category errors
 */
export class ConflictsWithRecordedAttendance extends Schema.TaggedError<ConflictsWithRecordedAttendance>()(
  "ConflictsWithRecordedAttendance",
  { participantId: ParticipantId, sessionId: SessionId, date: LocalDate, field: Schema.String }
) {
  override get message() {
    return `Attendance is already recorded for participant ${this.participantId} at session ${this.sessionId} on ${this.date}, which ${this.field} would exclude: correct the dates or the attendance first`
  }
}
