/**
 * Rejections of the session schedule: scheduling, rescheduling, cancelling and uncancelling.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { LocalDate, SessionId } from "../../Identifiers.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionAlreadyScheduled extends Schema.TaggedError<SessionAlreadyScheduled>()("SessionAlreadyScheduled", {
  sessionId: SessionId
}) {
  override get message() {
    return `Session ${this.sessionId} is already scheduled: reschedule it, or use a new session id`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionOverlaps extends Schema.TaggedError<SessionOverlaps>()("SessionOverlaps", {
  sessionId: SessionId,
  otherSessionId: SessionId,
  date: LocalDate
}) {
  override get message() {
    return `Session ${this.sessionId} on ${this.date} overlaps session ${this.otherSessionId} of the same program: a cohort attends one session at a time`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionHasAttendance extends Schema.TaggedError<SessionHasAttendance>()("SessionHasAttendance", {
  sessionId: SessionId,
  recorded: Schema.Number
}) {
  override get message() {
    return `Session ${this.sessionId} already has ${this.recorded} attendance record(s): it was held and can no longer be moved or cancelled`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionNotCancelled extends Schema.TaggedError<SessionNotCancelled>()("SessionNotCancelled", {
  sessionId: SessionId
}) {
  override get message() {
    return `Session ${this.sessionId} is not cancelled: nothing to uncancel`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class SessionAlreadyPast extends Schema.TaggedError<SessionAlreadyPast>()("SessionAlreadyPast", {
  sessionId: SessionId,
  startsAt: Schema.String
}) {
  override get message() {
    return `Session ${this.sessionId} started at ${this.startsAt}: a past session cannot be uncancelled; schedule a new one`
  }
}
