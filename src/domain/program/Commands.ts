/**
 * The Program's commands: what an officer (or a custody system) asks the ledger to record.
 * Every command names its program and carries `occurredAt`, the business instant the domain
 * uses as "now".
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import {
  ActorId,
  ApplicationId,
  AssessmentId,
  CertificateId,
  DocumentId,
  FacilityCode,
  LocalDate,
  ParticipantId,
  ProgramId,
  SeriesId,
  SessionId,
  Sha256Hex
} from "../Identifiers.js"
import {
  AbsenceReasonCode,
  AttendanceOutcome,
  CancellationReason,
  CertificateType,
  DeclineReason,
  DocumentKind,
  EndReason,
  Instrument,
  ParticipantKind,
  PartnerRole,
  Recommendation,
  ResultType,
  ResumeCause,
  RevokeReason,
  SuspensionReason
} from "../ReferenceData.js"
import { HolderName } from "../EncryptedField.js"
import { Instant } from "../Instant.js"
import { Integer, FiniteNumber } from "../Numbers.js"
import { TimeZone } from "../TimeZone.js"
import { CompletionPolicy, Flag, List, Reason, ResultValue, SessionSlot, ShortText, Signatory, Text } from "./Values.js"

const base = { programId: ProgramId, occurredAt: Instant }

/**
 * @since 0.1.0
 * @category commands
 */
export class DraftProgram extends Schema.TaggedClass<DraftProgram>()("DraftProgram", {
  ...base,
  title: Text,
  category: Text,
  facility: FacilityCode,
  timeZone: TimeZone,
  venue: Text,
  plannedStart: LocalDate,
  plannedEnd: LocalDate,
  capacity: Integer,
  eligibleKinds: List(ParticipantKind),
  completionPolicy: CompletionPolicy,
  certificateType: Text,
  certificateNumberTemplate: Text,
  seriesId: Schema.optional(SeriesId)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class AttachAuthorisation extends Schema.TaggedClass<AttachAuthorisation>()("AttachAuthorisation", {
  ...base,
  letterNumber: Text,
  letterDate: LocalDate,
  issuer: Text,
  subject: Text
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class AddPartner extends Schema.TaggedClass<AddPartner>()("AddPartner", {
  ...base,
  organisation: Text,
  role: PartnerRole
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class RemovePartner extends Schema.TaggedClass<RemovePartner>()("RemovePartner", {
  ...base,
  organisation: Text,
  reason: Text
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class PublishProgram extends Schema.TaggedClass<PublishProgram>()("PublishProgram", { ...base }) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class StartProgram extends Schema.TaggedClass<StartProgram>()("StartProgram", { ...base }) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class CloseProgram extends Schema.TaggedClass<CloseProgram>()("CloseProgram", {
  ...base,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class CancelProgram extends Schema.TaggedClass<CancelProgram>()("CancelProgram", {
  ...base,
  reasonCode: CancellationReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class ArchiveProgram extends Schema.TaggedClass<ArchiveProgram>()("ArchiveProgram", { ...base }) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class AttachDocumentation extends Schema.TaggedClass<AttachDocumentation>()("AttachDocumentation", {
  ...base,
  documentId: DocumentId,
  kind: DocumentKind,
  sha256: Sha256Hex,
  uri: Text,
  containsPersonalData: Flag
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class RecordEvaluation extends Schema.TaggedClass<RecordEvaluation>()("RecordEvaluation", {
  ...base,
  findings: Text,
  recommendation: Recommendation
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class ApplyToWaitlist extends Schema.TaggedClass<ApplyToWaitlist>()("ApplyToWaitlist", {
  ...base,
  applicationId: ApplicationId,
  participantId: ParticipantId,
  kind: ParticipantKind
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class ApproveApplication extends Schema.TaggedClass<ApproveApplication>()("ApproveApplication", {
  ...base,
  applicationId: ApplicationId
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class DeclineApplication extends Schema.TaggedClass<DeclineApplication>()("DeclineApplication", {
  ...base,
  applicationId: ApplicationId,
  reason: DeclineReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class WithdrawApplication extends Schema.TaggedClass<WithdrawApplication>()("WithdrawApplication", {
  ...base,
  applicationId: ApplicationId
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class EnrollParticipant extends Schema.TaggedClass<EnrollParticipant>()("EnrollParticipant", {
  ...base,
  participantId: ParticipantId,
  kind: ParticipantKind,
  startDate: LocalDate,
  enrolledBy: ActorId,
  overbookingReason: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class SuspendEnrollment extends Schema.TaggedClass<SuspendEnrollment>()("SuspendEnrollment", {
  ...base,
  participantId: ParticipantId,
  reason: SuspensionReason,
  from: LocalDate,
  to: Schema.optional(LocalDate),
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class ResumeEnrollment extends Schema.TaggedClass<ResumeEnrollment>()("ResumeEnrollment", {
  ...base,
  participantId: ParticipantId,
  cause: ResumeCause,
  on: LocalDate
}) {}

/**
 * Ends an enrolment. `lastDay` is the last day the participant was enrolled for: sessions after
 * it are not theirs (neither attended nor missed).
 *
 * @since 0.1.0
 * @category commands
 */
export class EndEnrollment extends Schema.TaggedClass<EndEnrollment>()("EndEnrollment", {
  ...base,
  participantId: ParticipantId,
  reason: EndReason,
  lastDay: LocalDate,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class ScheduleSession extends Schema.TaggedClass<ScheduleSession>()("ScheduleSession", {
  ...base,
  sessionId: SessionId,
  slot: SessionSlot,
  venue: Text,
  facilitators: List(Text),
  topic: Text
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class RescheduleSession extends Schema.TaggedClass<RescheduleSession>()("RescheduleSession", {
  ...base,
  sessionId: SessionId,
  to: SessionSlot,
  reason: Text
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class CancelSession extends Schema.TaggedClass<CancelSession>()("CancelSession", {
  ...base,
  sessionId: SessionId,
  reasonCode: CancellationReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class UncancelSession extends Schema.TaggedClass<UncancelSession>()("UncancelSession", {
  ...base,
  sessionId: SessionId
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class RecordAttendance extends Schema.TaggedClass<RecordAttendance>()("RecordAttendance", {
  ...base,
  sessionId: SessionId,
  participantId: ParticipantId,
  outcome: AttendanceOutcome,
  reasonCode: Schema.optional(AbsenceReasonCode),
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class CorrectAttendance extends Schema.TaggedClass<CorrectAttendance>()("CorrectAttendance", {
  ...base,
  sessionId: SessionId,
  participantId: ParticipantId,
  outcome: AttendanceOutcome,
  reasonCode: Schema.optional(AbsenceReasonCode),
  note: Schema.optional(Text),
  correctionReason: Reason
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class DefineAssessment extends Schema.TaggedClass<DefineAssessment>()("DefineAssessment", {
  ...base,
  assessmentId: AssessmentId,
  title: Text,
  instrument: Instrument,
  resultType: ResultType,
  min: FiniteNumber,
  max: FiniteNumber,
  passMark: FiniteNumber,
  weight: FiniteNumber,
  competencyUnits: List(Text),
  maxAttempts: Integer
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class RecordAssessmentResult extends Schema.TaggedClass<RecordAssessmentResult>()("RecordAssessmentResult", {
  ...base,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  attempt: Integer,
  value: ResultValue,
  assessorId: ActorId
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class CorrectAssessmentResult extends Schema.TaggedClass<CorrectAssessmentResult>()("CorrectAssessmentResult", {
  ...base,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  attempt: Integer,
  value: ResultValue,
  reason: Reason
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class VoidAssessmentResult extends Schema.TaggedClass<VoidAssessmentResult>()("VoidAssessmentResult", {
  ...base,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  attempt: Integer,
  reason: Reason
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class GrantReassessment extends Schema.TaggedClass<GrantReassessment>()("GrantReassessment", {
  ...base,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  reason: Reason
}) {}

/**
 * Issues a certificate. `sequence` is allocated by the caller from the numbering stream of
 * (issuer, year); `verificationCodeHash` is the SHA-256 of a random code computed outside;
 * `holderName` is the holder's name as printed, already encrypted with the holder's own key
 * (opaque here: the domain never encrypts).
 *
 * @since 0.1.0
 * @category commands
 */
export class IssueCertificate extends Schema.TaggedClass<IssueCertificate>()("IssueCertificate", {
  ...base,
  certificateId: CertificateId,
  participantId: ParticipantId,
  type: CertificateType,
  sequence: Integer,
  verificationCodeHash: ShortText,
  holderName: HolderName,
  issuedAt: Instant,
  issuer: FacilityCode,
  signatories: List(Signatory)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class RevokeCertificate extends Schema.TaggedClass<RevokeCertificate>()("RevokeCertificate", {
  ...base,
  certificateId: CertificateId,
  reasonCode: RevokeReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category commands
 */
export class ReissueCertificate extends Schema.TaggedClass<ReissueCertificate>()("ReissueCertificate", {
  ...base,
  supersedes: CertificateId,
  newCertificateId: CertificateId,
  newSequence: Integer,
  newVerificationCodeHash: ShortText,
  holderName: HolderName,
  reason: Reason,
  issuedAt: Instant,
  issuer: FacilityCode
}) {}

/**
 * Every command of the Program aggregate.
 *
 * @since 0.1.0
 * @category commands
 */
export const Command = Schema.Union(
  DraftProgram,
  AttachAuthorisation,
  AddPartner,
  RemovePartner,
  PublishProgram,
  StartProgram,
  CloseProgram,
  CancelProgram,
  ArchiveProgram,
  AttachDocumentation,
  RecordEvaluation,
  ApplyToWaitlist,
  ApproveApplication,
  DeclineApplication,
  WithdrawApplication,
  EnrollParticipant,
  SuspendEnrollment,
  ResumeEnrollment,
  EndEnrollment,
  ScheduleSession,
  RescheduleSession,
  CancelSession,
  UncancelSession,
  RecordAttendance,
  CorrectAttendance,
  DefineAssessment,
  RecordAssessmentResult,
  CorrectAssessmentResult,
  VoidAssessmentResult,
  GrantReassessment,
  IssueCertificate,
  RevokeCertificate,
  ReissueCertificate
)
/**
 * @since 0.1.0
 * @category commands
 */
export type Command = typeof Command.Type
