/**
 * Rejections of certificates: issuing (the completion policy), revoking and reissuing.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { AssessmentId, CertificateId, ParticipantId } from "../../Identifiers.js"

const pct = (r: number): string => `${Math.round(r * 100)}%`

/**
 * @since 0.1.0
 * @category errors
 */
export class CertificateIdTaken extends Schema.TaggedError<CertificateIdTaken>()("CertificateIdTaken", {
  certificateId: CertificateId
}) {
  override get message() {
    return `Certificate id ${this.certificateId} is already used: use a new id`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class InvalidCertificateField extends Schema.TaggedError<InvalidCertificateField>()("InvalidCertificateField", {
  field: Schema.String,
  value: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Certificate field ${this.field} = ${this.value} is invalid: ${this.rule}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class AttendanceBelowThreshold extends Schema.TaggedError<AttendanceBelowThreshold>()(
  "AttendanceBelowThreshold",
  {
    participantId: ParticipantId,
    attended: Schema.Number,
    applicable: Schema.Number,
    minimum: Schema.Number
  }
) {
  override get message() {
    const ratio = this.applicable === 0 ? 0 : this.attended / this.applicable
    return `Participant ${this.participantId} attended ${this.attended} of ${this.applicable} sessions (${pct(ratio)}), below the program's minimum of ${pct(this.minimum)}: a completion certificate cannot be issued`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class RequiredAssessmentNotPassed extends Schema.TaggedError<RequiredAssessmentNotPassed>()(
  "RequiredAssessmentNotPassed",
  { participantId: ParticipantId, assessmentId: AssessmentId, finalResult: Schema.String }
) {
  override get message() {
    return `Participant ${this.participantId} has not passed the required assessment ${this.assessmentId} (final result: ${this.finalResult}): a completion certificate cannot be issued`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class EnrollmentNotCompleted extends Schema.TaggedError<EnrollmentNotCompleted>()("EnrollmentNotCompleted", {
  participantId: ParticipantId,
  status: Schema.String,
  endReason: Schema.optional(Schema.String)
}) {
  override get message() {
    return `Participant ${this.participantId} did not complete the enrolment (${this.status}${this.endReason === undefined ? "" : `: ${this.endReason}`}): a completion certificate cannot be issued`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ParticipationCertificateNotAllowed extends Schema.TaggedError<ParticipationCertificateNotAllowed>()(
  "ParticipationCertificateNotAllowed",
  { participantId: ParticipantId, rule: Schema.String }
) {
  override get message() {
    return `A participation certificate cannot be issued to participant ${this.participantId}: ${this.rule}`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ValidCertificateExists extends Schema.TaggedError<ValidCertificateExists>()("ValidCertificateExists", {
  participantId: ParticipantId,
  type: Schema.String,
  certificateId: CertificateId
}) {
  override get message() {
    return `Participant ${this.participantId} already holds a valid ${this.type} certificate (${this.certificateId}) from this program: reissue or revoke it instead`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class CertificateNotFound extends Schema.TaggedError<CertificateNotFound>()("CertificateNotFound", {
  certificateId: CertificateId
}) {
  override get message() {
    return `There is no certificate ${this.certificateId} in this program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class CertificateNotValid extends Schema.TaggedError<CertificateNotValid>()("CertificateNotValid", {
  certificateId: CertificateId,
  status: Schema.String
}) {
  override get message() {
    return `Certificate ${this.certificateId} is ${this.status}: only a valid certificate can be revoked or reissued`
  }
}
