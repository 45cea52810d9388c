/**
 * Rejections of the waiting list: applying, approving, declining and withdrawing.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { ApplicationId, ParticipantId } from "../../Identifiers.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class ApplicationAlreadyOpen extends Schema.TaggedError<ApplicationAlreadyOpen>()("ApplicationAlreadyOpen", {
  participantId: ParticipantId,
  applicationId: ApplicationId
}) {
  override get message() {
    return `Participant ${this.participantId} already has an open application (${this.applicationId}): decide or withdraw it first`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ApplicationIdTaken extends Schema.TaggedError<ApplicationIdTaken>()("ApplicationIdTaken", {
  applicationId: ApplicationId
}) {
  override get message() {
    return `Application id ${this.applicationId} is already used in this program: use a new id`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ApplicationNotFound extends Schema.TaggedError<ApplicationNotFound>()("ApplicationNotFound", {
  applicationId: ApplicationId
}) {
  override get message() {
    return `There is no application ${this.applicationId} on this program's waiting list`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ApplicationNotOpen extends Schema.TaggedError<ApplicationNotOpen>()("ApplicationNotOpen", {
  applicationId: ApplicationId,
  status: Schema.String
}) {
  override get message() {
    return `Application ${this.applicationId} is already ${this.status}: only an open (pending) application can be decided or withdrawn`
  }
}
