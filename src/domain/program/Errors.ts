/**
 * Why the Program refuses a command. Each error names the rule (its tag), the offending field
 * and value, and says in its `message` what an officer can do about it.
 *
 * The errors live by area in `./errors/*`; this module re-exports them all and defines their
 * union.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import {
  ProgramNotFound,
  ProgramMismatch,
  ProgramStatusForbids,
  InvalidProgramField,
  ReasonRequired,
  KindNotEligible,
  AlreadyEnrolled,
  DateOutsideProgram,
  NotEnrolled,
  InvalidPeriod,
  SessionNotFound,
  SessionIsCancelled
} from "./errors/Common.js"
import {
  ProgramAlreadyDrafted,
  NoSessionsScheduled,
  PartnerAlreadyAdded,
  PartnerNotFound,
  DocumentAlreadyAttached
} from "./errors/Lifecycle.js"
import {
  ApplicationAlreadyOpen,
  ApplicationIdTaken,
  ApplicationNotFound,
  ApplicationNotOpen
} from "./errors/Waitlist.js"
import {
  CapacityReached,
  EnrollmentStatusForbids,
  EndReasonNotAllowed,
  ConflictsWithRecordedAttendance
} from "./errors/Enrolment.js"
import {
  SessionAlreadyScheduled,
  SessionOverlaps,
  SessionHasAttendance,
  SessionNotCancelled,
  SessionAlreadyPast
} from "./errors/Sessions.js"
import {
  SessionNotHeld,
  ParticipantNotAttending,
  AttendanceAlreadyRecorded,
  AttendanceNotRecorded,
  AbsenceReasonMismatch
} from "./errors/Attendance.js"
import {
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
  ReassessmentNotNeeded
} from "./errors/Assessments.js"
import {
  CertificateIdTaken,
  InvalidCertificateField,
  AttendanceBelowThreshold,
  RequiredAssessmentNotPassed,
  EnrollmentNotCompleted,
  ParticipationCertificateNotAllowed,
  ValidCertificateExists,
  CertificateNotFound,
  CertificateNotValid
} from "./errors/Certificates.js"

export * from "./errors/Common.js"
export * from "./errors/Lifecycle.js"
export * from "./errors/Waitlist.js"
export * from "./errors/Enrolment.js"
export * from "./errors/Sessions.js"
export * from "./errors/Attendance.js"
export * from "./errors/Assessments.js"
export * from "./errors/Certificates.js"

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
