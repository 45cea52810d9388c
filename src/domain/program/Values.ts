/**
 * Value objects shared by the Program's commands and events.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { AssessmentId, LocalDate, LocalTime } from "../Identifiers.js"

/**
 * Free text an officer types: trimmed, not empty, bounded.
 *
 * @since 0.1.0
 * @category values
 */
export const Text = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(2000))

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
  minAttendanceRatio: Schema.Number,
  excusedAbsencesLeaveDenominator: Schema.Boolean,
  requiredAssessments: Schema.Union(Schema.Literal("all"), Schema.Array(AssessmentId)),
  requireEnrollmentCompleted: Schema.Boolean,
  allowParticipationCertificate: Schema.Boolean
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
export class Score extends Schema.TaggedClass<Score>()("Score", { value: Schema.Number }) {}

/**
 * A competency judgement (SKKNI style).
 *
 * @since 0.1.0
 * @category values
 */
export class Competency extends Schema.TaggedClass<Competency>()("Competency", {
  value: Schema.Literal("competent", "not-yet-competent")
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
