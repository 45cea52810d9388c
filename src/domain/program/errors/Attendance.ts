/**
 * Rejections of attendance: recording and correcting it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { LocalDate, ParticipantId, SessionId } from "../../Identifiers.js"

/**
 * Attendance can be recorded only for a session that took place.
 *
 * @since 0.1.0
 * @category errors
 */
export class SessionNotHeld extends Schema.TaggedError<SessionNotHeld>()("SessionNotHeld", {
  sessionId: SessionId,
  startsAt: Schema.String,
  why: Schema.String
}) {
  override get message() {
    return `Session ${this.sessionId} (${this.startsAt}) was not held: ${this.why}; attendance can be recorded only for a session that took place`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ParticipantNotAttending extends Schema.TaggedError<ParticipantNotAttending>()("ParticipantNotAttending", {
  participantId: ParticipantId,
  sessionId: SessionId,
  date: LocalDate,
  why: Schema.String
}) {
  override get message() {
    return `Participant ${this.participantId} was not attending the program on ${this.date} (session ${this.sessionId}): ${this.why}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AttendanceAlreadyRecorded extends Schema.TaggedError<AttendanceAlreadyRecorded>()(
  "AttendanceAlreadyRecorded",
  { participantId: ParticipantId, sessionId: SessionId, outcome: Schema.String }
) {
  override get message() {
    return `Attendance of participant ${this.participantId} at session ${this.sessionId} is already recorded (${this.outcome}): use a correction`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AttendanceNotRecorded extends Schema.TaggedError<AttendanceNotRecorded>()("AttendanceNotRecorded", {
  participantId: ParticipantId,
  sessionId: SessionId
}) {
  override get message() {
    return `No attendance is recorded for participant ${this.participantId} at session ${this.sessionId}: record it instead of correcting it`
  }
}

/**
 * The outcome and the absence reason do not fit the reason's flags.
 *
 * @since 0.1.0
 * @category errors
 */
export class AbsenceReasonMismatch extends Schema.TaggedError<AbsenceReasonMismatch>()("AbsenceReasonMismatch", {
  outcome: Schema.String,
  reasonCode: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Outcome ${this.outcome} with reason ${this.reasonCode}: ${this.rule}`
  }
}
