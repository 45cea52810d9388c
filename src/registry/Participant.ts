/**
 * Personal data of a participant: kept OUTSIDE the event log, keyed by the opaque
 * `ParticipantId` that events carry, so that it can be erased on a lawful request (UU 27/2022)
 * while every event, replay and read model keeps working.
 *
 * Pure: validation only. Storage is `adapters/ParticipantRegistry.ts`.
 *
 * @since 0.1.0
 */
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"

/**
 * @since 0.1.0
 * @category models
 */
export const ParticipantKind = Schema.Literal("inmate", "detainee", "officer")

/**
 * @since 0.1.0
 * @category models
 */
export type ParticipantKind = Schema.Schema.Type<typeof ParticipantKind>

/**
 * What a registration carries. NIK (Nomor Induk Kependudukan, 16 digits) and NIP (Nomor Induk
 * Pegawai, 18 digits) are checked for shape only and never used as ids.
 *
 * @since 0.1.0
 * @category models
 */
export interface Registration {
  readonly participantId: string
  readonly kind: ParticipantKind
  readonly facility: string
  readonly fullName: string
  readonly nik?: string | undefined
  readonly nip?: string | undefined
  /** The facility's inmate registration number (nomor register), stored verbatim. */
  readonly inmateNumber?: string | undefined
}

/**
 * A registry entry. After erasure the personal fields are gone and `erasedAt` says when.
 *
 * @since 0.1.0
 * @category models
 */
export type Participant =
  | (Registration & { readonly status: "registered"; readonly registeredAt: Date })
  | {
      readonly status: "erased"
      readonly participantId: string
      readonly kind: ParticipantKind
      readonly facility: string
      readonly registeredAt: Date
      readonly erasedAt: Date
      readonly erasureReason: string
    }

/**
 * How reports show a person whose data was erased.
 *
 * @since 0.1.0
 * @category constants
 */
export const ErasedName = "[erased]"

/**
 * The display name of an entry, or {@link ErasedName}.
 *
 * @since 0.1.0
 * @category accessors
 */
export const displayName = (participant: Participant): string =>
  participant.status === "erased" ? ErasedName : participant.fullName

/**
 * A registration that breaks a rule. The message names the field and the rule but never echoes
 * the value: it may be personal data, and errors end up in logs.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidParticipantData extends Schema.TaggedError<InvalidParticipantData>()("InvalidParticipantData", {
  field: Schema.String,
  rule: Schema.String
}) {
  override get message() {
    return `Participant field "${this.field}" is invalid: ${this.rule}`
  }
}

const digits = (n: number) => new RegExp(`^\\d{${n}}$`)
const idPattern = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/

/**
 * Checks a registration's shape: required fields, NIK of 16 digits, NIP of 18 digits, a NIP for
 * officers only and an inmate number for inmates and detainees only.
 *
 * @since 0.1.0
 * @category validation
 */
export const validate = (input: Registration): Either.Either<Registration, InvalidParticipantData> => {
  const fail = (field: string, rule: string) => Either.left(new InvalidParticipantData({ field, rule }))
  if (!idPattern.test(input.participantId)) {
    return fail("participantId", "1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit")
  }
  if (!Schema.is(ParticipantKind)(input.kind)) return fail("kind", "one of inmate, detainee, officer")
  if (input.facility.trim() === "") return fail("facility", "the facility code is required")
  if (input.fullName.trim() === "") return fail("fullName", "the full name is required")
  if (input.nik !== undefined && !digits(16).test(input.nik)) {
    return fail("nik", `a NIK has exactly 16 digits (got ${input.nik.length} characters)`)
  }
  if (input.nip !== undefined && !digits(18).test(input.nip)) {
    return fail("nip", `a NIP has exactly 18 digits (got ${input.nip.length} characters)`)
  }
  if (input.nip !== undefined && input.kind !== "officer") return fail("nip", "only officers (petugas) have a NIP")
  if (input.inmateNumber !== undefined && input.kind === "officer") {
    return fail("inmateNumber", "officers have no inmate registration number")
  }
  return Either.right(input)
}
