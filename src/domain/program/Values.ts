/**
 * Value objects shared by the Program's commands and events.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { AssessmentId, LocalDate, LocalTime } from "../Identifiers.js"
import { FiniteNumber } from "../Numbers.js"
import { oneOf } from "../ReferenceData.js"
import { bounded, maxTextLength } from "../Text.js"

/**
 * Free text an officer types: not empty, at most 2,000 characters, clean text (no U+0000, no
 * lone surrogate).
 *
 * @since 0.1.0
 * @category values
 */
export const Text = bounded(1, maxTextLength)

/**
 * A reason or note whose presence a rule of `decide` checks (`ReasonRequired` names the rule):
 * may be empty at the boundary, otherwise like {@link Text}.
 *
 * @since 0.2.0
 * @category values
 */
export const Reason = bounded(0, maxTextLength)

/**
 * A value `decide` checks and refuses with its own rule (a verification code hash: 64 hex
 * characters): at most 128 characters of clean text at the boundary.
 *
 * @since 0.2.0
 * @category values
 */
export const ShortText = bounded(0, 128)

/**
 * A yes or no.
 *
 * @since 0.2.0
 * @category values
 */
export const Flag = Schema.Boolean.annotations({ message: () => "must be true or false" })

/**
 * A list of at most `max` items (100 unless said): a command lists a few facilitators,
 * competency units or signatories, never thousands.
 *
 * @since 0.2.0
 * @category values
 */
export const List = <A, I, R>(
  item: Schema.Schema<A, I, R>,
  max = 100
): Schema.Schema<ReadonlyArray<A>, ReadonlyArray<I>, R> =>
  Schema.Array(item)
    .annotations({ message: () => "must be a list" })
    .pipe(Schema.maxItems(max, { message: () => `must list at most ${max} items` }))

/**
 * When a participant has completed a program.
 *
 * - `minAttendanceRatio`: attended (present or late) / sessions applicable, in [0, 1].
 * - `excusedAbsencesLeaveDenominator`: when true, a session with an excused absence is not
 *   applicable (it leaves the denominator); when false it counts as not attended.
 * - `requiredAssessments`: `"all"` = every assessment defined when the certificate is issued,
 *   or an explicit list of assessment ids.
 * - `requireEnrollmentCompleted`: the enrolment must still be running (active) or ended as
 *   `completed`; ended for any other reason or suspended does not complete.
 * - `allowParticipationCertificate`: whether a participation certificate may be issued to an
 *   enrolled participant who attended at least one session.
 *
 * @since 0.1.0
 * @category values
 */
export class CompletionPolicy extends Schema.Class<CompletionPolicy>("CompletionPolicy")({
  minAttendanceRatio: FiniteNumber,
  excusedAbsencesLeaveDenominator: Flag,
  requiredAssessments: Schema.Union(Schema.Literal("all"), List(AssessmentId)).annotations({
    message: () => `must be "all" or a list of assessment ids`
  }),
  requireEnrollmentCompleted: Flag,
  allowParticipationCertificate: Flag
}) {}

/**
 * When a session takes place, in the program's time zone.
 *
 * @since 0.1.0
 * @category values
 */
export class SessionSlot extends Schema.Class<SessionSlot>("SessionSlot")({
  date: LocalDate,
  start: LocalTime,
  end: LocalTime
}) {}

/**
 * A score on the assessment's scale.
 *
 * @since 0.1.0
 * @category values
 */
export class Score extends Schema.TaggedClass<Score>()("Score", { value: FiniteNumber }) {}

/**
 * A competency judgement (SKKNI style).
 *
 * @since 0.1.0
 * @category values
 */
export class Competency extends Schema.TaggedClass<Competency>()("Competency", {
  value: oneOf("competent", "not-yet-competent")
}) {}

/**
 * The value of an assessment attempt.
 *
 * @since 0.1.0
 * @category values
 */
export const ResultValue = Schema.Union(Score, Competency)
/**
 * @since 0.1.0
 * @category values
 */
export type ResultValue = typeof ResultValue.Type

/**
 * An official who signs a certificate, by title only (e.g. "Kepala Lapas"): no names.
 *
 * @since 0.1.0
 * @category values
 */
export class Signatory extends Schema.Class<Signatory>("Signatory")({ title: Text }) {}

/**
 * The default certificate number template, in the style of Indonesian letter numbers.
 *
 * @since 0.1.0
 * @category values
 */
export const defaultCertificateNumberTemplate = "{seq:3}/SERT-BLK/{facility}/{romanMonth}/{year}"
