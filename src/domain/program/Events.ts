/**
 * The Program's events: facts, past tense. Each carries what `evolve` needs (thresholds, pass
 * marks, the policy at the time), so a replay never reads configuration, and its program id,
 * so a projection reading many streams needs nothing else. No personal data: participants are
 * opaque ids.
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
import { HolderName, NotRecorded } from "../EncryptedField.js"
import { Instant } from "../Instant.js"
import { Integer, FiniteNumber } from "../Numbers.js"
import { ZoneName } from "../TimeZone.js"
import { CompletionPolicy, ResultValue, SessionSlot, Signatory, Text } from "./Values.js"

const base = { programId: ProgramId }

/**
 * @since 0.1.0
 * @category events
 */
export class ProgramDrafted extends Schema.TaggedClass<ProgramDrafted>()("ProgramDrafted", {
  ...base,
  title: Text,
  category: Text,
  facility: FacilityCode,
  timeZone: ZoneName,
  venue: Text,
  plannedStart: LocalDate,
  plannedEnd: LocalDate,
  capacity: Integer,
  eligibleKinds: Schema.Array(ParticipantKind),
  completionPolicy: CompletionPolicy,
  certificateType: Text,
  certificateNumberTemplate: Text,
  seriesId: Schema.optional(SeriesId)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class AuthorisationAttached extends Schema.TaggedClass<AuthorisationAttached>()("AuthorisationAttached", {
  ...base,
  letterNumber: Text,
  letterDate: LocalDate,
  issuer: Text,
  subject: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class PartnerAdded extends Schema.TaggedClass<PartnerAdded>()("PartnerAdded", {
  ...base,
  organisation: Text,
  role: PartnerRole
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class PartnerRemoved extends Schema.TaggedClass<PartnerRemoved>()("PartnerRemoved", {
  ...base,
  organisation: Text,
  reason: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ProgramPublished extends Schema.TaggedClass<ProgramPublished>()("ProgramPublished", { ...base }) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ProgramStarted extends Schema.TaggedClass<ProgramStarted>()("ProgramStarted", { ...base }) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ProgramClosed extends Schema.TaggedClass<ProgramClosed>()("ProgramClosed", {
  ...base,
  closedAt: Instant,
  note: Schema.optional(Text)
}) {}

/**
 * Followed, in the same decision, by an EnrollmentEnded (`program-cancelled`) per open
 * enrolment and a SessionCancelled per session not yet started.
 *
 * @since 0.1.0
 * @category events
 */
export class ProgramCancelled extends Schema.TaggedClass<ProgramCancelled>()("ProgramCancelled", {
  ...base,
  reasonCode: CancellationReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ProgramArchived extends Schema.TaggedClass<ProgramArchived>()("ProgramArchived", { ...base }) {}

/**
 * @since 0.1.0
 * @category events
 */
export class DocumentationAttached extends Schema.TaggedClass<DocumentationAttached>()("DocumentationAttached", {
  ...base,
  documentId: DocumentId,
  kind: DocumentKind,
  sha256: Sha256Hex,
  uri: Text,
  containsPersonalData: Schema.Boolean
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class EvaluationRecorded extends Schema.TaggedClass<EvaluationRecorded>()("EvaluationRecorded", {
  ...base,
  findings: Text,
  recommendation: Recommendation
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class WaitlistApplied extends Schema.TaggedClass<WaitlistApplied>()("WaitlistApplied", {
  ...base,
  applicationId: ApplicationId,
  participantId: ParticipantId,
  kind: ParticipantKind
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ApplicationApproved extends Schema.TaggedClass<ApplicationApproved>()("ApplicationApproved", {
  ...base,
  applicationId: ApplicationId,
  participantId: ParticipantId
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ApplicationDeclined extends Schema.TaggedClass<ApplicationDeclined>()("ApplicationDeclined", {
  ...base,
  applicationId: ApplicationId,
  participantId: ParticipantId,
  reason: DeclineReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ApplicationWithdrawn extends Schema.TaggedClass<ApplicationWithdrawn>()("ApplicationWithdrawn", {
  ...base,
  applicationId: ApplicationId,
  participantId: ParticipantId
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ParticipantEnrolled extends Schema.TaggedClass<ParticipantEnrolled>()("ParticipantEnrolled", {
  ...base,
  participantId: ParticipantId,
  kind: ParticipantKind,
  startDate: LocalDate,
  enrolledBy: ActorId,
  overbookingReason: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class EnrollmentSuspended extends Schema.TaggedClass<EnrollmentSuspended>()("EnrollmentSuspended", {
  ...base,
  participantId: ParticipantId,
  reason: SuspensionReason,
  automatic: Schema.Boolean,
  from: LocalDate,
  to: Schema.optional(LocalDate),
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class EnrollmentResumed extends Schema.TaggedClass<EnrollmentResumed>()("EnrollmentResumed", {
  ...base,
  participantId: ParticipantId,
  cause: ResumeCause,
  on: LocalDate
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class EnrollmentEnded extends Schema.TaggedClass<EnrollmentEnded>()("EnrollmentEnded", {
  ...base,
  participantId: ParticipantId,
  reason: EndReason,
  lastDay: LocalDate,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class SessionScheduled extends Schema.TaggedClass<SessionScheduled>()("SessionScheduled", {
  ...base,
  sessionId: SessionId,
  slot: SessionSlot,
  venue: Text,
  facilitators: Schema.Array(Text),
  topic: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class SessionRescheduled extends Schema.TaggedClass<SessionRescheduled>()("SessionRescheduled", {
  ...base,
  sessionId: SessionId,
  to: SessionSlot,
  reason: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class SessionCancelled extends Schema.TaggedClass<SessionCancelled>()("SessionCancelled", {
  ...base,
  sessionId: SessionId,
  reasonCode: CancellationReason,
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class SessionUncancelled extends Schema.TaggedClass<SessionUncancelled>()("SessionUncancelled", {
  ...base,
  sessionId: SessionId
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class AttendanceRecorded extends Schema.TaggedClass<AttendanceRecorded>()("AttendanceRecorded", {
  ...base,
  sessionId: SessionId,
  participantId: ParticipantId,
  outcome: AttendanceOutcome,
  reasonCode: Schema.optional(AbsenceReasonCode),
  note: Schema.optional(Text)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class AttendanceCorrected extends Schema.TaggedClass<AttendanceCorrected>()("AttendanceCorrected", {
  ...base,
  sessionId: SessionId,
  participantId: ParticipantId,
  outcome: AttendanceOutcome,
  reasonCode: Schema.optional(AbsenceReasonCode),
  note: Schema.optional(Text),
  correctionReason: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class AssessmentDefined extends Schema.TaggedClass<AssessmentDefined>()("AssessmentDefined", {
  ...base,
  assessmentId: AssessmentId,
  title: Text,
  instrument: Instrument,
  resultType: ResultType,
  min: FiniteNumber,
  max: FiniteNumber,
  passMark: FiniteNumber,
  weight: FiniteNumber,
  competencyUnits: Schema.Array(Text),
  maxAttempts: Integer
}) {}

/**
 * `passed` is decided against the pass mark at the time and stored, so a reader needs no rule.
 *
 * @since 0.1.0
 * @category events
 */
export class AssessmentResultRecorded extends Schema.TaggedClass<AssessmentResultRecorded>()(
  "AssessmentResultRecorded",
  {
    ...base,
    assessmentId: AssessmentId,
    participantId: ParticipantId,
    attempt: Integer,
    value: ResultValue,
    passed: Schema.Boolean,
    assessorId: ActorId
  }
) {}

/**
 * @since 0.1.0
 * @category events
 */
export class AssessmentResultCorrected extends Schema.TaggedClass<AssessmentResultCorrected>()(
  "AssessmentResultCorrected",
  {
    ...base,
    assessmentId: AssessmentId,
    participantId: ParticipantId,
    attempt: Integer,
    value: ResultValue,
    passed: Schema.Boolean,
    reason: Text
  }
) {}

/**
 * @since 0.1.0
 * @category events
 */
export class AssessmentResultVoided extends Schema.TaggedClass<AssessmentResultVoided>()("AssessmentResultVoided", {
  ...base,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  attempt: Integer,
  reason: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class ReassessmentGranted extends Schema.TaggedClass<ReassessmentGranted>()("ReassessmentGranted", {
  ...base,
  assessmentId: AssessmentId,
  participantId: ParticipantId,
  reason: Text
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class CertificateIssued extends Schema.TaggedClass<CertificateIssued>()("CertificateIssued", {
  ...base,
  certificateId: CertificateId,
  participantId: ParticipantId,
  type: CertificateType,
  number: Text,
  sequence: Integer,
  verificationCodeHash: Sha256Hex,
  /** The name as printed, encrypted with the holder's key (schema version 2; `not-recorded` before). */
  holderName: HolderName,
  issuedAt: Instant,
  issuer: FacilityCode,
  signatories: Schema.Array(Signatory)
}) {}

/**
 * @since 0.1.0
 * @category events
 */
export class CertificateRevoked extends Schema.TaggedClass<CertificateRevoked>()("CertificateRevoked", {
  ...base,
  certificateId: CertificateId,
  reasonCode: RevokeReason,
  note: Schema.optional(Text)
}) {}

/**
 * The old certificate becomes superseded; the new one is valid, for the same participant and
 * type.
 *
 * @since 0.1.0
 * @category events
 */
export class CertificateReissued extends Schema.TaggedClass<CertificateReissued>()("CertificateReissued", {
  ...base,
  supersedes: CertificateId,
  newCertificateId: CertificateId,
  participantId: ParticipantId,
  type: CertificateType,
  newNumber: Text,
  newSequence: Integer,
  newVerificationCodeHash: Sha256Hex,
  /** The name as printed, encrypted with the holder's key (schema version 2; `not-recorded` before). */
  holderName: HolderName,
  reason: Text,
  issuedAt: Instant,
  issuer: FacilityCode
}) {}

/**
 * Every event of the Program aggregate.
 *
 * @since 0.1.0
 * @category events
 */
export const Event = Schema.Union(
  ProgramDrafted,
  AuthorisationAttached,
  PartnerAdded,
  PartnerRemoved,
  ProgramPublished,
  ProgramStarted,
  ProgramClosed,
  ProgramCancelled,
  ProgramArchived,
  DocumentationAttached,
  EvaluationRecorded,
  WaitlistApplied,
  ApplicationApproved,
  ApplicationDeclined,
  ApplicationWithdrawn,
  ParticipantEnrolled,
  EnrollmentSuspended,
  EnrollmentResumed,
  EnrollmentEnded,
  SessionScheduled,
  SessionRescheduled,
  SessionCancelled,
  SessionUncancelled,
  AttendanceRecorded,
  AttendanceCorrected,
  AssessmentDefined,
  AssessmentResultRecorded,
  AssessmentResultCorrected,
  AssessmentResultVoided,
  ReassessmentGranted,
  CertificateIssued,
  CertificateRevoked,
  CertificateReissued
)
/**
 * @since 0.1.0
 * @category events
 */
export type Event = typeof Event.Type

/**
 * The schema version of each event's payload. Bump one when its shape changes and add an
 * upcaster; stored rows are never rewritten.
 *
 * @since 0.1.0
 * @category events
 */
export const eventSchemaVersion: { readonly [K in Event["_tag"]]: number } = {
  ProgramDrafted: 1,
  AuthorisationAttached: 1,
  PartnerAdded: 1,
  PartnerRemoved: 1,
  ProgramPublished: 1,
  ProgramStarted: 1,
  ProgramClosed: 1,
  ProgramCancelled: 1,
  ProgramArchived: 1,
  DocumentationAttached: 1,
  EvaluationRecorded: 1,
  WaitlistApplied: 1,
  ApplicationApproved: 1,
  ApplicationDeclined: 1,
  ApplicationWithdrawn: 1,
  ParticipantEnrolled: 1,
  EnrollmentSuspended: 1,
  EnrollmentResumed: 1,
  EnrollmentEnded: 1,
  SessionScheduled: 1,
  SessionRescheduled: 1,
  SessionCancelled: 1,
  SessionUncancelled: 1,
  AttendanceRecorded: 1,
  AttendanceCorrected: 1,
  AssessmentDefined: 1,
  AssessmentResultRecorded: 1,
  AssessmentResultCorrected: 1,
  AssessmentResultVoided: 1,
  ReassessmentGranted: 1,
  CertificateIssued: 2,
  CertificateRevoked: 1,
  CertificateReissued: 2
}

/**
 * The Program's own upcasters, applied by every store on read (`ports/Upcasters.ts`):
 * `CertificateIssued` and `CertificateReissued` of version 1 were recorded before the holder's
 * name was kept, and read as {@link NotRecorded}.
 *
 * @since 0.2.0
 * @category events
 */
export const upcasters: ReadonlyArray<{
  readonly type: Event["_tag"]
  readonly fromVersion: number
  readonly toVersion: number
  readonly upcast: (data: unknown) => unknown
}> = (["CertificateIssued", "CertificateReissued"] as const).map((type) => ({
  type,
  fromVersion: 1,
  toVersion: 2,
  upcast: (data: unknown) => ({ ...(data as object), holderName: NotRecorded })
}))
