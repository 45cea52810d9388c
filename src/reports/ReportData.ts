/**
 * What a program report prints: the read models of one program, as the projection engine
 * produces them, described by Schema so a producer (the engine, an export, a test) can be
 * decoded and refused field by field before anything is rendered.
 *
 * The renderers print these numbers; they never recompute a rate or re-apply a rule, so the
 * report shows the numbers that decided the certificates. The only sums they make are counts of
 * rows (passed / not yet passed per assessment) that a reader can redo with a pencil.
 *
 * Conventions:
 * - instants are UTC (`DateTimeUtc`, encoded as ISO-8601) and are printed in the facility's
 *   time zone; local dates (`YYYY-MM-DD`) and times (`HH:mm`) are already the facility's;
 * - rates are ratios in [0, 1], `null` when there is nothing to divide (no mark, no result);
 * - names are already masked by the producer unless `meta.namesShown` (see `Mask.ts`);
 * - participant rows keep the producer's order (the roster's), and every table refers to a
 *   participant by the same id.
 *
 * @since 0.2.0
 */
import * as DateTime from "effect/DateTime"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import * as Decode from "../boundary/Decode.js"
import {
  ActorId,
  AssessmentId,
  CertificateId,
  DocumentId,
  FacilityCode,
  LocalDate,
  LocalTime,
  ParticipantId,
  ProgramId,
  SessionId,
  Sha256Hex
} from "../domain/Identifiers.js"
import {
  AbsenceReasonCode,
  AttendanceOutcome,
  CertificateType,
  DocumentKind,
  EndReason,
  Instrument,
  ParticipantKind,
  PartnerRole,
  Recommendation,
  ResultType
} from "../domain/ReferenceData.js"

const Count = Schema.Int.pipe(Schema.nonNegative())
const Ratio = Schema.NullOr(Schema.Number.pipe(Schema.between(0, 1)))

/**
 * An IANA time zone that this runtime knows (`Asia/Jakarta`, `Asia/Makassar`, `Asia/Jayapura`).
 *
 * @since 0.2.0
 * @category schemas
 */
export const TimeZone = Schema.String.pipe(
  Schema.filter((zone) => Option.isSome(DateTime.zoneMakeNamed(zone)) || `not an IANA time zone: ${zone}`)
)

/**
 * @since 0.2.0
 * @category schemas
 */
export const ProgramStatus = Schema.Literal("draft", "published", "running", "closed", "cancelled", "archived")
/**
 * @since 0.2.0
 * @category schemas
 */
export type ProgramStatus = typeof ProgramStatus.Type

/**
 * @since 0.2.0
 * @category schemas
 */
export const EnrollmentStatus = Schema.Literal("active", "suspended", "auto-suspended", "ended")
/**
 * @since 0.2.0
 * @category schemas
 */
export type EnrollmentStatus = typeof EnrollmentStatus.Type

/**
 * @since 0.2.0
 * @category schemas
 */
export const CertificateStatus = Schema.Literal("valid", "revoked", "superseded")
/**
 * @since 0.2.0
 * @category schemas
 */
export type CertificateStatus = typeof CertificateStatus.Type

/**
 * @since 0.2.0
 * @category schemas
 */
export const Facility = Schema.Struct({
  code: FacilityCode,
  /** e.g. "Lapas Kelas I Cipinang" */
  name: Schema.String,
  /** Every instant of the report is printed in this zone. */
  timeZone: TimeZone
})

/**
 * A letter of authorisation (surat), stored verbatim.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Letter = Schema.Struct({
  letterNumber: Schema.String,
  letterDate: LocalDate,
  issuer: Schema.String,
  subject: Schema.NullOr(Schema.String)
})

/**
 * @since 0.2.0
 * @category schemas
 */
export const Partner = Schema.Struct({ organisation: Schema.String, role: PartnerRole })

/**
 * One participant kind's line of the program summary. `passed` = participants of that kind who
 * passed every required assessment; the outcome counts are the attendance marks of held
 * sessions after corrections.
 *
 * @since 0.2.0
 * @category schemas
 */
export const KindFigures = Schema.Struct({
  kind: ParticipantKind,
  enrolled: Count,
  completed: Count,
  passed: Count,
  certified: Count,
  present: Count,
  late: Count,
  excused: Count,
  unexcused: Count,
  attendanceRate: Ratio
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type KindFigures = typeof KindFigures.Type

/**
 * The figures a program is judged by; the evaluation prints them side by side with the previous
 * iteration of the series.
 *
 * @since 0.2.0
 * @category schemas
 */
export const KeyFigures = Schema.Struct({
  enrolled: Count,
  completed: Count,
  passed: Count,
  certified: Count,
  sessionsHeld: Count,
  sessionsCancelled: Count,
  attendanceRate: Ratio,
  passRate: Ratio
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type KeyFigures = typeof KeyFigures.Type

/**
 * The program summary read model.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ProgramSummary = Schema.Struct({
  programId: ProgramId,
  title: Schema.String,
  category: Schema.NullOr(Schema.String),
  facility: Facility,
  venue: Schema.String,
  letters: Schema.Array(Letter),
  partners: Schema.Array(Partner),
  plannedStart: LocalDate,
  plannedEnd: LocalDate,
  startedAt: Schema.NullOr(Schema.DateTimeUtc),
  closedAt: Schema.NullOr(Schema.DateTimeUtc),
  status: ProgramStatus,
  /** The completion policy's minimum attendance ratio, printed next to the rates. */
  minAttendanceRatio: Ratio,
  figures: KeyFigures,
  /** One line per participant kind with at least one enrolment. */
  byKind: Schema.Array(KindFigures),
  endReasons: Schema.Array(Schema.Struct({ reason: EndReason, count: Count })),
  documents: Count,
  recommendation: Schema.NullOr(Recommendation)
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type ProgramSummary = typeof ProgramSummary.Type

/**
 * One line of the program roster.
 *
 * @since 0.2.0
 * @category schemas
 */
export const RosterRow = Schema.Struct({
  participantId: ParticipantId,
  /** The display name, or its masked form (`P****** C***** S***`) unless names are shown. */
  name: Schema.String,
  kind: ParticipantKind,
  status: EnrollmentStatus,
  startDate: LocalDate,
  endDate: Schema.NullOr(LocalDate),
  endReason: Schema.NullOr(EndReason),
  enrolledBy: ActorId,
  enrolledAt: Schema.DateTimeUtc,
  /** The participant attendance summary's ratio, by the completion policy's definition. */
  attendanceRatio: Ratio
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type RosterRow = typeof RosterRow.Type

/**
 * One cell of the attendance register (daftar hadir): the current mark, after corrections.
 *
 * @since 0.2.0
 * @category schemas
 */
export const AttendanceRow = Schema.Struct({
  sessionId: SessionId,
  participantId: ParticipantId,
  outcome: AttendanceOutcome,
  reasonCode: Schema.NullOr(AbsenceReasonCode),
  note: Schema.NullOr(Schema.String),
  recordedBy: ActorId,
  recordedAt: Schema.DateTimeUtc,
  /** How many times this mark was corrected; the register keeps every version. */
  corrections: Count
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type AttendanceRow = typeof AttendanceRow.Type

/**
 * One line of the session summary. `enrolled` counts participants expected at the session;
 * `notRecorded` those of them without a mark; `rate` = (present + late) / marks.
 *
 * @since 0.2.0
 * @category schemas
 */
export const SessionRow = Schema.Struct({
  sessionId: SessionId,
  date: LocalDate,
  start: LocalTime,
  end: LocalTime,
  topic: Schema.String,
  cancelled: Schema.Boolean,
  /** The domain's definition: not cancelled and started by the closing (or by the as-of time). */
  held: Schema.Boolean,
  enrolled: Count,
  present: Count,
  late: Count,
  excused: Count,
  unexcused: Count,
  notRecorded: Count,
  rate: Ratio
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type SessionRow = typeof SessionRow.Type

/**
 * An assessment as defined for the program.
 *
 * @since 0.2.0
 * @category schemas
 */
export const AssessmentDefinition = Schema.Struct({
  assessmentId: AssessmentId,
  title: Schema.String,
  instrument: Instrument,
  resultType: ResultType,
  min: Schema.Number,
  max: Schema.Number,
  passMark: Schema.Number
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type AssessmentDefinition = typeof AssessmentDefinition.Type

/**
 * The value of a final result.
 *
 * @since 0.2.0
 * @category schemas
 */
export const FinalResult = Schema.Union(
  Schema.TaggedStruct("Score", { value: Schema.Number }),
  Schema.TaggedStruct("Competency", { value: Schema.Literal("competent", "not-yet-competent") })
)
/**
 * @since 0.2.0
 * @category schemas
 */
export type FinalResult = typeof FinalResult.Type

/**
 * One participant's result in one assessment. `finalResult` is the latest attempt neither
 * voided nor superseded (`null` when every attempt was voided).
 *
 * @since 0.2.0
 * @category schemas
 */
export const AssessmentResultRow = Schema.Struct({
  participantId: ParticipantId,
  assessmentId: AssessmentId,
  attempts: Count,
  finalResult: Schema.NullOr(FinalResult),
  passed: Schema.Boolean
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type AssessmentResultRow = typeof AssessmentResultRow.Type

/**
 * One line of the certificate register. Revoked and superseded certificates keep their row.
 *
 * @since 0.2.0
 * @category schemas
 */
export const CertificateRow = Schema.Struct({
  certificateId: CertificateId,
  number: Schema.String,
  type: CertificateType,
  participantId: ParticipantId,
  /** Masked unless names are shown. */
  holder: Schema.String,
  kind: ParticipantKind,
  issuedAt: Schema.DateTimeUtc,
  status: CertificateStatus,
  /** The revocation reason code (printed with its label) or the reissue reason (verbatim). */
  reason: Schema.NullOr(Schema.String)
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type CertificateRow = typeof CertificateRow.Type

/**
 * A document attached to the program: a reference and its hash, never the file.
 *
 * @since 0.2.0
 * @category schemas
 */
export const DocumentRow = Schema.Struct({
  documentId: DocumentId,
  kind: DocumentKind,
  sha256: Sha256Hex,
  uri: Schema.String,
  containsPersonalData: Schema.Boolean
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type DocumentRow = typeof DocumentRow.Type

/**
 * The previous iteration of the series, with the same key figures.
 *
 * @since 0.2.0
 * @category schemas
 */
export const PreviousIteration = Schema.Struct({
  programId: ProgramId,
  title: Schema.String,
  plannedStart: LocalDate,
  plannedEnd: LocalDate,
  figures: KeyFigures
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type PreviousIteration = typeof PreviousIteration.Type

/**
 * Evaluation material (bahan evaluasi). End reasons are the summary's.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Evaluation = Schema.Struct({
  documents: Schema.Array(DocumentRow),
  findings: Schema.NullOr(Schema.String),
  recommendation: Schema.NullOr(Recommendation),
  recordedAt: Schema.NullOr(Schema.DateTimeUtc),
  previous: Schema.NullOr(PreviousIteration)
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type Evaluation = typeof Evaluation.Type

/**
 * Where the report stands in the log, so a reader can re-verify it: the log head (position and
 * hash) the read models were computed at.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ReportMeta = Schema.Struct({
  generatedAt: Schema.DateTimeUtc,
  logPosition: Count,
  logHash: Schema.String,
  /** Whether `name` and `holder` carry names (a role allowed to see them asked). */
  namesShown: Schema.Boolean
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type ReportMeta = typeof ReportMeta.Type

/**
 * Everything a program report prints.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ReportData = Schema.Struct({
  meta: ReportMeta,
  summary: ProgramSummary,
  roster: Schema.Array(RosterRow),
  /** Every scheduled session, cancelled ones included, in calendar order. */
  sessions: Schema.Array(SessionRow),
  attendance: Schema.Array(AttendanceRow),
  assessments: Schema.Array(AssessmentDefinition),
  results: Schema.Array(AssessmentResultRow),
  certificates: Schema.Array(CertificateRow),
  evaluation: Evaluation
})
/**
 * @since 0.2.0
 * @category schemas
 */
export type ReportData = typeof ReportData.Type

/**
 * The sessions that were held, in the order given: the charts draw one bar for each.
 *
 * @since 0.2.0
 * @category getters
 */
export const heldSessions = (data: ReportData): ReadonlyArray<SessionRow> => data.sessions.filter((s) => s.held)

/**
 * Report data that does not decode: `message` names each field and the rule it broke.
 *
 * @since 0.2.0
 * @category errors
 */
export class ReportDataInvalid extends Schema.TaggedError<ReportDataInvalid>()("ReportDataInvalid", {
  issues: Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String }))
}) {
  override get message() {
    return `Report data is invalid: ${this.issues.map((i) => `${i.field}: ${i.rule}`).join("; ")}`
  }
}

const decodeData = Decode.decode(ReportData, { whole: "(report data)" })

/**
 * Decodes report data from its encoded form (JSON: instants as ISO-8601 strings).
 *
 * @since 0.2.0
 * @category decoding
 */
export const decode = (input: unknown): Effect.Effect<ReportData, ReportDataInvalid> =>
  Either.match(decodeData(input), {
    onRight: Effect.succeed,
    onLeft: (issues) => Effect.fail(new ReportDataInvalid({ issues }))
  })
