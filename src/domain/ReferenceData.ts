/**
 * Reference data: reason codes and their flags. Kept as data (in the spirit of the HMPPS
 * activities service) so a rule reads the flag, not a hard-coded list of codes.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category participants
 */
export const ParticipantKind = Schema.Literal("inmate", "detainee", "officer")
/**
 * @since 0.1.0
 * @category participants
 */
export type ParticipantKind = typeof ParticipantKind.Type

/**
 * @since 0.1.0
 * @category attendance
 */
export const AttendanceOutcome = Schema.Literal("present", "late", "excused-absence", "unexcused-absence")
/**
 * @since 0.1.0
 * @category attendance
 */
export type AttendanceOutcome = typeof AttendanceOutcome.Type

/**
 * @since 0.1.0
 * @category attendance
 */
export const AbsenceReasonCode = Schema.Literal(
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

/**
 * Absence reasons. Excused are the ones the participant does not control (the court, the
 * regime, the facility); `refused` and `other` are unexcused, and `other` needs a note.
 *
 * @since 0.1.0
 * @category attendance
 */
export const absenceReasons: { readonly [K in AbsenceReasonCode]: AbsenceReason } = {
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
 * @since 0.1.0
 * @category enrolment
 */
export const StaffEndReason = Schema.Literal(
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
export const SystemEndReason = Schema.Literal("released", "transferred", "deceased")
/**
 * Every end reason. `program-cancelled` is only ever emitted by CancelProgram.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const EndReason = Schema.Literal(...StaffEndReason.literals, ...SystemEndReason.literals, "program-cancelled")
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

/**
 * @since 0.1.0
 * @category enrolment
 */
export const endReasons: { readonly [K in EndReason]: EndReasonInfo } = {
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
 * Suspension reasons. The automatic ones come from custody events (the participant leaves the
 * facility for a while) and are the only ones a custody return resumes.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const SuspensionReason = Schema.Literal(
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

/**
 * @since 0.1.0
 * @category enrolment
 */
export const suspensionReasons: {
  readonly [K in SuspensionReason]: { readonly automatic: boolean; readonly requiresNote: boolean }
} = {
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
 * Why a suspension ends: the participant came back into custody (system) or staff decided.
 *
 * @since 0.1.0
 * @category enrolment
 */
export const ResumeCause = Schema.Literal("custody-return", "staff-decision")
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
export const DeclineReason = Schema.Literal(
  "not-eligible",
  "no-capacity",
  "security-assessment",
  "release-date",
  "other"
)
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
export const CancellationReason = Schema.Literal(
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
export const RevokeReason = Schema.Literal("issued-in-error", "fraud", "assessment-voided", "holder-request")
/**
 * @since 0.1.0
 * @category certificates
 */
export type RevokeReason = typeof RevokeReason.Type

/**
 * @since 0.1.0
 * @category certificates
 */
export const CertificateType = Schema.Literal("completion", "participation")
/**
 * @since 0.1.0
 * @category certificates
 */
export type CertificateType = typeof CertificateType.Type

/**
 * @since 0.1.0
 * @category lifecycle
 */
export const PartnerRole = Schema.Literal("trainer", "funder", "assessor")
/**
 * @since 0.1.0
 * @category lifecycle
 */
export type PartnerRole = typeof PartnerRole.Type

/**
 * @since 0.1.0
 * @category lifecycle
 */
export const DocumentKind = Schema.Literal("photo", "report", "attendance-sheet", "letter")

/**
 * @since 0.1.0
 * @category lifecycle
 */
export const Recommendation = Schema.Literal("continue", "revise", "stop")

/**
 * @since 0.1.0
 * @category assessments
 */
export const Instrument = Schema.Literal("practical", "written", "observation", "portfolio")

/**
 * @since 0.1.0
 * @category assessments
 */
export const ResultType = Schema.Literal("score", "competency")
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
  absenceReasons[code].excused ? "excused-absence" : "unexcused-absence"
