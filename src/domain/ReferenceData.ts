/**
 * Reference data: reason codes and their flags. Kept as data (in the spirit of the HMPPS
 * activities service) so a rule reads the flag, not a hard-coded list of codes.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * A choice among a few codes, refused with the codes to choose from (the default message would
 * list one "Expected" per code).
 *
 * @since 0.2.0
 * @category constructors
 */
export const oneOf = <const Codes extends readonly [string, ...Array<string>]>(
  ...codes: Codes
): Schema.Literal<[...Codes]> =>
  Schema.Literal(...codes).annotations({
    message: () => ({ message: `must be one of: ${codes.join(", ")}`, override: true })
  })

/**
 * @since 0.1.0
 * @category participants
 */
export const ParticipantKind = oneOf("inmate", "detainee", "officer")
/**
 * @since 0.1.0
 * @category participants
 */
export type ParticipantKind = typeof ParticipantKind.Type

/**
 * @since 0.1.0
 * @category attendance
 */
export const AttendanceOutcome = oneOf("present", "late", "excused-absence", "unexcused-absence")
/**
 * @since 0.1.0
 * @category attendance
 */
export type AttendanceOutcome = typeof AttendanceOutcome.Type

/**
 * @since 0.1.0
 * @category attendance
 */
export const AbsenceReasonCode = oneOf(
  "sick",
  "court-hearing",
  "family-visit",
  "schedule-clash",
  "security-regime",
  "temporary-absence",
  "on-duty",
  "refused",
  "other"
)
/**
 * @since 0.1.0
 * @category attendance
 */
export type AbsenceReasonCode = typeof AbsenceReasonCode.Type

/**
 * The flags of an absence reason.
 *
 * @since 0.1.0
 * @category attendance
 */
export interface AbsenceReason {
  readonly code: AbsenceReasonCode
  readonly label: string
  /** The outcome recorded with this reason must be `excused-absence` (true) or `unexcused-absence` (false). */
  readonly excused: boolean
  readonly requiresNote: boolean
  readonly officersOnly: boolean
}

// Excused are the ones the participant does not control (the court, the regime, the facility);
// `refused` and `other` are unexcused, and `other` needs a note.
const absenceReasonTable: { readonly [K in AbsenceReasonCode]: AbsenceReason } = {
  sick: { code: "sick", label: "Sick (sakit)", excused: true, requiresNote: false, officersOnly: false },
  "court-hearing": {
    code: "court-hearing",
    label: "Court hearing (sidang)",
    excused: true,
    requiresNote: false,
    officersOnly: false
  },
  "family-visit": {
    code: "family-visit",
    label: "Family visit (kunjungan)",
    excused: true,
    requiresNote: false,
    officersOnly: false
  },
  "schedule-clash": {
    code: "schedule-clash",
    label: "Clash with another activity",
    excused: true,
    requiresNote: true,
    officersOnly: false
  },
  "security-regime": {
    code: "security-regime",
    label: "Security regime (lockdown, search)",
    excused: true,
    requiresNote: false,
    officersOnly: false
  },
  "temporary-absence": {
    code: "temporary-absence",
    label: "Temporary absence from custody",
    excused: true,
    requiresNote: false,
    officersOnly: false
  },
  "on-duty": { code: "on-duty", label: "On duty (dinas)", excused: true, requiresNote: false, officersOnly: true },
  refused: { code: "refused", label: "Refused to attend", excused: false, requiresNote: false, officersOnly: false },
  other: { code: "other", label: "Other", excused: false, requiresNote: true, officersOnly: false }
}

/**
 * Absence reasons by code. Excused are the ones the participant does not control (the court,
 * the regime, the facility); `refused` and `other` are unexcused, and `other` needs a note.
 *
 * A Map, not a record: a code that reaches a lookup unchecked (a
 * command built in code) finds nothing rather than `Object.prototype`'s `constructor`.
 *
 * @since 0.1.0
 * @category attendance
 */
export const absenceReasons: ReadonlyMap<AbsenceReasonCode, AbsenceReason> = new Map(
  Object.values(absenceReasonTable).map((r) => [r.code, r])
)

/**
 * @since 0.1.0
 * @category enrolment
 */
export const StaffEndReason = oneOf(
  "completed",
  "withdrawn-own",
  "withdrawn-staff",
  "dismissed",
  "health",
  "security",
  "other"
)
/**
 * Reasons that come from custody events; never used for officers.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const SystemEndReason = oneOf("released", "transferred", "deceased")
/**
 * Every end reason. `program-cancelled` is only ever emitted by CancelProgram.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const EndReason = oneOf(...StaffEndReason.literals, ...SystemEndReason.literals, "program-cancelled")
/**
 * @since 0.1.0
 * @category enrolment
 */
export type EndReason = typeof EndReason.Type

/**
 * @since 0.1.0
 * @category enrolment
 */
export interface EndReasonInfo {
  readonly code: EndReason
  readonly source: "staff" | "system"
  readonly requiresNote: boolean
  readonly officersAllowed: boolean
}

const endReasonTable: { readonly [K in EndReason]: EndReasonInfo } = {
  completed: { code: "completed", source: "staff", requiresNote: false, officersAllowed: true },
  "withdrawn-own": { code: "withdrawn-own", source: "staff", requiresNote: false, officersAllowed: true },
  "withdrawn-staff": { code: "withdrawn-staff", source: "staff", requiresNote: false, officersAllowed: true },
  dismissed: { code: "dismissed", source: "staff", requiresNote: false, officersAllowed: true },
  health: { code: "health", source: "staff", requiresNote: false, officersAllowed: true },
  security: { code: "security", source: "staff", requiresNote: false, officersAllowed: true },
  other: { code: "other", source: "staff", requiresNote: true, officersAllowed: true },
  released: { code: "released", source: "system", requiresNote: false, officersAllowed: false },
  transferred: { code: "transferred", source: "system", requiresNote: false, officersAllowed: false },
  deceased: { code: "deceased", source: "system", requiresNote: false, officersAllowed: false },
  "program-cancelled": { code: "program-cancelled", source: "system", requiresNote: false, officersAllowed: true }
}

/**
 * End reasons by code (a Map: see {@link absenceReasons}).
 *
 * @since 0.1.0
 * @category enrolment
 */
export const endReasons: ReadonlyMap<EndReason, EndReasonInfo> = new Map(
  Object.values(endReasonTable).map((r) => [r.code, r])
)

/**
 * The flags of a suspension reason.
 *
 * @since 0.2.0
 * @category enrolment
 */
export interface SuspensionReasonInfo {
  readonly automatic: boolean
  readonly requiresNote: boolean
}

/**
 * Suspension reasons. The automatic ones come from custody events (the participant leaves the
 * facility for a while) and are the only ones a custody return resumes.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const SuspensionReason = oneOf(
  "court-custody",
  "hospital-transfer",
  "temporary-release",
  "segregation",
  "health",
  "behaviour",
  "security",
  "other"
)
/**
 * @since 0.1.0
 * @category enrolment
 */
export type SuspensionReason = typeof SuspensionReason.Type

const suspensionReasonTable: { readonly [K in SuspensionReason]: SuspensionReasonInfo } = {
  "court-custody": { automatic: true, requiresNote: false },
  "hospital-transfer": { automatic: true, requiresNote: false },
  "temporary-release": { automatic: true, requiresNote: false },
  segregation: { automatic: true, requiresNote: false },
  health: { automatic: false, requiresNote: false },
  behaviour: { automatic: false, requiresNote: false },
  security: { automatic: false, requiresNote: false },
  other: { automatic: false, requiresNote: true }
}

/**
 * Suspension reasons by code (a Map: see {@link absenceReasons}).
 *
 * @since 0.1.0
 * @category enrolment
 */
export const suspensionReasons: ReadonlyMap<SuspensionReason, SuspensionReasonInfo> = new Map(
  Object.entries(suspensionReasonTable) as Array<[SuspensionReason, SuspensionReasonInfo]>
)

/**
 * Why a suspension ends: the participant came back into custody (system) or staff decided.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const ResumeCause = oneOf("custody-return", "staff-decision")
/**
 * @since 0.1.0
 * @category enrolment
 */
export type ResumeCause = typeof ResumeCause.Type

/**
 * Why a waiting-list application was declined.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const DeclineReason = oneOf("not-eligible", "no-capacity", "security-assessment", "release-date", "other")
/**
 * @since 0.1.0
 * @category enrolment
 */
export type DeclineReason = typeof DeclineReason.Type

/**
 * Why a program or a session is cancelled.
 *
 * @since 0.1.0
 * @category lifecycle
 */
export const CancellationReason = oneOf(
  "security-lockdown",
  "facilitator-unavailable",
  "venue-unavailable",
  "insufficient-enrolment",
  "funding-withdrawn",
  "public-holiday",
  "other"
)
/**
 * @since 0.1.0
 * @category lifecycle
 */
export type CancellationReason = typeof CancellationReason.Type

/**
 * @since 0.1.0
 * @category certificates
 */
export const RevokeReason = oneOf("issued-in-error", "fraud", "assessment-voided", "holder-request")
/**
 * @since 0.1.0
 * @category certificates
 */
export type RevokeReason = typeof RevokeReason.Type

/**
 * @since 0.1.0
 * @category certificates
 */
export const CertificateType = oneOf("completion", "participation")
/**
 * @since 0.1.0
 * @category certificates
 */
export type CertificateType = typeof CertificateType.Type

/**
 * @since 0.1.0
 * @category lifecycle
 */
export const PartnerRole = oneOf("trainer", "funder", "assessor")
/**
 * @since 0.1.0
 * @category lifecycle
 */
export type PartnerRole = typeof PartnerRole.Type

/**
 * @since 0.1.0
 * @category lifecycle
 */
export const DocumentKind = oneOf("photo", "report", "attendance-sheet", "letter")

/**
 * @since 0.1.0
 * @category lifecycle
 */
export const Recommendation = oneOf("continue", "revise", "stop")

/**
 * @since 0.1.0
 * @category assessments
 */
export const Instrument = oneOf("practical", "written", "observation", "portfolio")

/**
 * @since 0.1.0
 * @category assessments
 */
export const ResultType = oneOf("score", "competency")
/**
 * @since 0.1.0
 * @category assessments
 */
export type ResultType = typeof ResultType.Type

/**
 * The outcome an absence with this reason is recorded as.
 *
 * @since 0.1.0
 * @category attendance
 */
export const absenceOutcome = (code: AbsenceReasonCode): AttendanceOutcome =>
  absenceReasons.get(code)?.excused === true ? "excused-absence" : "unexcused-absence"
