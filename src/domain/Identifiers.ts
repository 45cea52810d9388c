/**
 * Identifiers and calendar values of the domain, as branded strings.
 *
 * Ids are opaque: they never encode a name, NIK, NIP or inmate number (see DESIGN.md, Privacy).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { AnyString, bounded, maxIdLength } from "./Text.js"

// C0 controls, DEL and the line and paragraph separators: an id is printed in registers and
// logs, where these would break the line or hide characters
const controls = /[\u0000-\u001f\u007f\u2028\u2029]/
const trimmed = /^\S(?:[\s\S]*\S)?$/

const Id = <B extends string>(brand: B) =>
  bounded(1, maxIdLength).pipe(
    Schema.filter((s) => !controls.test(s), { message: () => "must not contain control characters or line breaks" }),
    Schema.filter((s) => trimmed.test(s), { message: () => "must not begin or end with a space" }),
    Schema.brand(brand)
  )

/**
 * @since 0.1.0
 * @category identifiers
 */
export const ProgramId = Id("ProgramId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type ProgramId = typeof ProgramId.Type

/**
 * Opaque reference into the participant registry, which holds the personal data.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const ParticipantId = Id("ParticipantId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type ParticipantId = typeof ParticipantId.Type

/**
 * @since 0.1.0
 * @category identifiers
 */
export const SessionId = Id("SessionId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type SessionId = typeof SessionId.Type

/**
 * @since 0.1.0
 * @category identifiers
 */
export const AssessmentId = Id("AssessmentId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type AssessmentId = typeof AssessmentId.Type

/**
 * @since 0.1.0
 * @category identifiers
 */
export const CertificateId = Id("CertificateId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type CertificateId = typeof CertificateId.Type

/**
 * @since 0.1.0
 * @category identifiers
 */
export const DocumentId = Id("DocumentId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type DocumentId = typeof DocumentId.Type

/**
 * Groups the iterations of a program (the 2024 and 2025 batik Bimtek) for evaluation.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const SeriesId = Id("SeriesId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type SeriesId = typeof SeriesId.Type

/**
 * A waiting-list application.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const ApplicationId = Id("ApplicationId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type ApplicationId = typeof ApplicationId.Type

/**
 * Whoever acts for the facility (an officer, an assessor, a system): recorded as an opaque id.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const ActorId = Id("ActorId")
/**
 * @since 0.1.0
 * @category identifiers
 */
export type ActorId = typeof ActorId.Type

/**
 * A facility code such as `LPCIP` (Lapas Kelas I Cipinang): upper-case letters and digits.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const FacilityCode = AnyString.pipe(
  Schema.pattern(/^[A-Z][A-Z0-9]{1,15}$/, {
    message: () =>
      "must be a facility code: an upper-case letter, then 1 to 15 upper-case letters or digits, e.g. LPCIP"
  }),
  Schema.brand("FacilityCode")
)
/**
 * @since 0.1.0
 * @category identifiers
 */
export type FacilityCode = typeof FacilityCode.Type

/**
 * The number of days of a month (1 to 12) in the Gregorian calendar.
 *
 * @since 0.2.0
 * @category calendar
 */
export const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31

/**
 * The words of the local date rule.
 *
 * @since 0.2.0
 * @category calendar
 */
export const localDateRule = "must be a calendar date YYYY-MM-DD, e.g. 2024-09-03"

/**
 * A calendar date `YYYY-MM-DD`, read in the program's time zone. Strings of this shape sort in
 * calendar order, so they are compared as strings.
 *
 * @since 0.1.0
 * @category calendar
 */
export const LocalDate = Schema.String.annotations({ message: () => localDateRule }).pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}$/, { message: () => localDateRule }),
  Schema.filter((s) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number]
    return (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) || `${s} is not a calendar date: ${localDateRule}`
  }),
  Schema.brand("LocalDate")
)
/**
 * @since 0.1.0
 * @category calendar
 */
export type LocalDate = typeof LocalDate.Type

/**
 * The words of the local time rule.
 *
 * @since 0.2.0
 * @category calendar
 */
export const localTimeRule = "must be a time of day HH:mm on the 24-hour clock, e.g. 08:00"

/**
 * A wall-clock time `HH:mm` (24 h), read in the program's time zone.
 *
 * @since 0.1.0
 * @category calendar
 */
export const LocalTime = Schema.String.annotations({ message: () => localTimeRule }).pipe(
  Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/, { message: () => localTimeRule }),
  Schema.brand("LocalTime")
)

/**
 * @since 0.1.0
 * @category calendar
 */
export type LocalTime = typeof LocalTime.Type

/**
 * A lower-case hex SHA-256 digest (64 characters): documents and verification codes are
 * referenced by their hash, never stored.
 *
 * @since 0.1.0
 * @category identifiers
 */
export const Sha256Hex = AnyString.pipe(
  Schema.pattern(/^[0-9a-f]{64}$/, { message: () => "must be a SHA-256 digest: 64 lower-case hex characters" }),
  Schema.brand("Sha256Hex")
)
/**
 * @since 0.1.0
 * @category identifiers
 */
export type Sha256Hex = typeof Sha256Hex.Type
