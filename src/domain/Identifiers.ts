/**
 * Identifiers and calendar values of the domain, as branded strings.
 *
 * Ids are opaque: they never encode a name, NIK, NIP or inmate number (see DESIGN.md, Privacy).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

const Id = <B extends string>(brand: B) =>
  Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128), Schema.pattern(/^\S(.*\S)?$/), Schema.brand(brand))

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
export const FacilityCode = Schema.String.pipe(Schema.pattern(/^[A-Z][A-Z0-9]{1,15}$/), Schema.brand("FacilityCode"))
/**
 * @since 0.1.0
 * @category identifiers
 */
export type FacilityCode = typeof FacilityCode.Type

const daysInMonth = (year: number, month: number): number =>
  month === 2
    ? year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
      ? 29
      : 28
    : [4, 6, 9, 11].includes(month)
      ? 30
      : 31

/**
 * A calendar date `YYYY-MM-DD`, read in the program's time zone. Strings of this shape sort in
 * calendar order, so they are compared as strings.
 *
 * @since 0.1.0
 * @category calendar
 */
export const LocalDate = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}$/),
  Schema.filter((s) => {
    const [y, m, d] = s.split("-").map(Number) as [number, number, number]
    return (m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m)) || `not a calendar date: ${s}`
  }),
  Schema.brand("LocalDate")
)
/**
 * @since 0.1.0
 * @category calendar
 */
export type LocalDate = typeof LocalDate.Type

/**
 * A wall-clock time `HH:mm` (24 h), read in the program's time zone.
 *
 * @since 0.1.0
 * @category calendar
 */
export const LocalTime = Schema.String.pipe(Schema.pattern(/^([01]\d|2[0-3]):[0-5]\d$/), Schema.brand("LocalTime"))
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
export const Sha256Hex = Schema.String.pipe(Schema.pattern(/^[0-9a-f]{64}$/), Schema.brand("Sha256Hex"))
/**
 * @since 0.1.0
 * @category identifiers
 */
export type Sha256Hex = typeof Sha256Hex.Type
