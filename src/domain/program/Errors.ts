/**
 * Why the Program refuses a command. Each error names the rule (its tag), the offending field
 * and value, and says in its `message` what an officer can do about it.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import {
  ApplicationId,
  AssessmentId,
  CertificateId,
  DocumentId,
  LocalDate,
  ParticipantId,
  ProgramId,
  SessionId
} from "../Identifiers.js"
import { ParticipantKind } from "../ReferenceData.js"

const pct = (r: number): string => `${Math.round(r * 100)}%`

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

// ---- lifecycle ----------------------------------------------------------------------------

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
 * @since 0.1.0
 * @category errors
 */
export class ProgramAlreadyDrafted extends Schema.TaggedError<ProgramAlreadyDrafted>()("ProgramAlreadyDrafted", {
  programId: ProgramId
}) {
  override get message() {
    return `Program ${this.programId} already exists: choose another program id`
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
 * @since 0.1.0
 * @category errors
 */
export class NoSessionsScheduled extends Schema.TaggedError<NoSessionsScheduled>()("NoSessionsScheduled", {
  programId: ProgramId
}) {
  override get message() {
    return `Program ${this.programId} has no scheduled session: schedule at least one before starting it`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class PartnerAlreadyAdded extends Schema.TaggedError<PartnerAlreadyAdded>()("PartnerAlreadyAdded", {
  organisation: Schema.String
}) {
  override get message() {
    return `${this.organisation} is already a partner of this program`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class PartnerNotFound extends Schema.TaggedError<PartnerNotFound>()("PartnerNotFound", {
  organisation: Schema.String
}) {
  override get message() {
    return `${this.organisation} is not a partner of this program: nothing to remove`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class DocumentAlreadyAttached extends Schema.TaggedError<DocumentAlreadyAttached>()("DocumentAlreadyAttached", {
  documentId: DocumentId
}) {
  override get message() {
    return `Document ${this.documentId} is already attached to this program: use a new document id`
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

// ---- waiting list and enrolment -----------------------------------------------------------

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
export class CapacityReached extends Schema.TaggedError<CapacityReached>()("CapacityReached", {
  capacity: Schema.Number,
  activeEnrolments: Schema.Number
}) {
  override get message() {
    return `The program is full (${this.activeEnrolments} of ${this.capacity} places taken): give an overbooking reason to enrol beyond capacity`
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

// ---- sessions and attendance --------------------------------------------------------------

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
export class SessionIsCancelled extends Schema.TaggedError<SessionIsCancelled>()("SessionIsCancelled", {
  sessionId: SessionId
}) {
  override get message() {
    return `Session ${this.sessionId} is cancelled: uncancel it first (only possible before it starts)`
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

// ---- assessments --------------------------------------------------------------------------

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

// ---- certificates -------------------------------------------------------------------------

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

/**
 * Every rejection of the Program aggregate.
 *
 * @since 0.1.0
 * @category errors
 */
export const ProgramError = Schema.Union(
  ProgramNotFound,
  ProgramAlreadyDrafted,
  ProgramMismatch,
  ProgramStatusForbids,
  InvalidProgramField,
  NoSessionsScheduled,
  PartnerAlreadyAdded,
  PartnerNotFound,
  DocumentAlreadyAttached,
  ReasonRequired,
  ApplicationAlreadyOpen,
  ApplicationIdTaken,
  ApplicationNotFound,
  ApplicationNotOpen,
  KindNotEligible,
  AlreadyEnrolled,
  CapacityReached,
  DateOutsideProgram,
  NotEnrolled,
  EnrollmentStatusForbids,
  EndReasonNotAllowed,
  ConflictsWithRecordedAttendance,
  InvalidPeriod,
  SessionAlreadyScheduled,
  SessionOverlaps,
  SessionNotFound,
  SessionHasAttendance,
  SessionIsCancelled,
  SessionNotCancelled,
  SessionAlreadyPast,
  SessionNotHeld,
  ParticipantNotAttending,
  AttendanceAlreadyRecorded,
  AttendanceNotRecorded,
  AbsenceReasonMismatch,
  AssessmentAlreadyDefined,
  InvalidAssessmentScale,
  AssessmentNotFound,
  InvalidResultValue,
  AssessorIsParticipant,
  AttemptOutOfSequence,
  AttemptsExhausted,
  AlreadyPassed,
  AttemptNotFound,
  AttemptVoided,
  ReassessmentNotNeeded,
  CertificateIdTaken,
  InvalidCertificateField,
  AttendanceBelowThreshold,
  RequiredAssessmentNotPassed,
  EnrollmentNotCompleted,
  ParticipationCertificateNotAllowed,
  ValidCertificateExists,
  CertificateNotFound,
  CertificateNotValid
)
/**
 * @since 0.1.0
 * @category errors
 */
export type ProgramError = typeof ProgramError.Type
