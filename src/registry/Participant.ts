/**
 * Personal data of a participant: kept OUTSIDE the event log, keyed by the opaque
 * `ParticipantId` that events carry, so that it can be erased on a lawful request (UU 27/2022)
 * while every event, replay and read model keeps working.
 *
 * Pure: validation only. Storage (encrypted, `ports/ParticipantRegistry.ts`) is in
 * `adapters/memory` and `adapters/sql`.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as Decode from "../boundary/Decode.js"
import { FacilityCode, ParticipantId } from "../domain/Identifiers.js"
import { ParticipantKind } from "../domain/ReferenceData.js"

export {
  /**
   * The one definition of participant kinds (`domain/ReferenceData.ts`).
   *
   * @since 0.1.0
   * @category models
   */
  ParticipantKind
} from "../domain/ReferenceData.js"

// Messages never echo the value: it may be personal data, and errors end up in logs.
const text = (rule: string) => Schema.String.annotations({ message: () => rule })
const wellFormed = /^(?:[^\u0000\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/
const personalText = (name: string, max: number) =>
  text(`${name}: a text of 1 to ${max} characters`).pipe(
    Schema.filter((s) => s.trim().length > 0, { message: () => `${name} is required (not blank)` }),
    Schema.filter((s) => s.length <= max, { message: () => `${name}: at most ${max} characters` }),
    Schema.filter((s) => wellFormed.test(s), { message: () => `${name}: text without U+0000 or lone surrogates` })
  )
const digits = (n: number, name: string) =>
  text(`a ${name} is a text of exactly ${n} digits`).pipe(
    Schema.filter((s) => new RegExp(`^\\d{${n}}$`).test(s), {
      message: (issue) => `a ${name} has exactly ${n} digits (got ${String(issue.actual).length} characters)`
    })
  )

/**
 * What a registration carries, decoded by Schema at the boundary. NIK (Nomor Induk
 * Kependudukan, 16 digits) and NIP (Nomor Induk Pegawai, 18 digits) are checked for shape only
 * and never used as ids; a NIP for officers only, an inmate number for inmates and detainees only.
 *
 * @since 0.2.0
 * @category schemas
 */
export const Registration = Schema.Struct({
  participantId: ParticipantId.annotations({
    message: () => "an opaque id of 1 to 128 characters (never a name, NIK, NIP or inmate number)"
  }),
  kind: ParticipantKind.annotations({ message: () => "one of inmate, detainee, officer" }),
  facility: FacilityCode.annotations({ message: () => "a facility code: upper-case letters and digits, e.g. LPCIP" }),
  fullName: personalText("the full name", 200),
  nik: Schema.optionalWith(digits(16, "NIK"), { exact: true }),
  nip: Schema.optionalWith(digits(18, "NIP"), { exact: true }),
  /** The facility's inmate registration number (nomor register), stored verbatim. */
  inmateNumber: Schema.optionalWith(personalText("the inmate number", 64), { exact: true })
}).pipe(
  Schema.filter((r) => {
    if (r.nip !== undefined && r.kind !== "officer") {
      return { path: ["nip"], message: "only officers (petugas) have a NIP" }
    }
    if (r.inmateNumber !== undefined && r.kind === "officer") {
      return { path: ["inmateNumber"], message: "officers have no inmate registration number" }
    }
    return undefined
  })
)

/**
 * @since 0.1.0
 * @category models
 */
export interface Registration extends Schema.Schema.Type<typeof Registration> {}

/**
 * A registration as a caller writes it (plain strings); decoded by {@link validate}.
 *
 * @since 0.2.0
 * @category models
 */
export type RegistrationInput = Schema.Schema.Encoded<typeof Registration>

/**
 * What an erasure request carries besides who asks: the lawful basis (e.g. "permintaan subjek
 * data, UU 27/2022 ps. 8") and, optionally, the request's reference (a letter or ticket number).
 * Neither may hold the erased data: the erasure record keeps them.
 *
 * @since 0.2.0
 * @category schemas
 */
export const ErasureRequest = Schema.Struct({
  lawfulBasis: personalText("the lawful basis of the erasure", 500),
  reference: Schema.optionalWith(personalText("the reference of the request", 200), { exact: true })
})

/**
 * @since 0.2.0
 * @category models
 */
export interface ErasureRequest extends Schema.Schema.Type<typeof ErasureRequest> {}

/**
 * Who registered or erased an entry: the actor of the request (id, role, facility).
 *
 * @since 0.2.0
 * @category models
 */
export interface RegistryActor {
  readonly id: string
  readonly role: string
  readonly facility: string
}

/**
 * The record an erasure leaves: who, when, on which lawful basis, under which reference. It holds
 * none of the erased data.
 *
 * @since 0.2.0
 * @category models
 */
export interface ErasureRecord {
  readonly erasedAt: Date
  readonly erasedBy: RegistryActor
  readonly lawfulBasis: string
  readonly reference?: string | undefined
}

/**
 * A registry entry, its personal fields decrypted (or, through an application service, masked
 * for the reader). After erasure the personal fields are gone and the erasure record says who
 * erased them, when and why.
 *
 * @since 0.1.0
 * @category models
 */
export type Participant =
  | (RegistrationInput & {
      readonly status: "registered"
      readonly registeredAt: Date
      readonly registeredBy: string
    })
  | {
      readonly status: "erased"
      readonly participantId: string
      readonly kind: ParticipantKind
      readonly facility: string
      readonly registeredAt: Date
      readonly registeredBy: string
      readonly erasedAt: Date
      readonly erasure: ErasureRecord
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
 * A registration (or erasure) that breaks a rule: `field` and `rule` name the first fault,
 * `issues` lists every field at fault. Messages name the field and the rule but never echo the
 * value: it may be personal data, and errors end up in logs.
 *
 * @since 0.1.0
 * @category errors
 */
export class InvalidParticipantData extends Schema.TaggedError<InvalidParticipantData>()("InvalidParticipantData", {
  field: Schema.String,
  rule: Schema.String,
  issues: Schema.optionalWith(Schema.Array(Schema.Struct({ field: Schema.String, rule: Schema.String })), {
    default: () => []
  })
}) {
  override get message() {
    const more =
      this.issues.length > 1
        ? ` (and ${this.issues.length - 1} more: ${this.issues
            .slice(1)
            .map((i) => i.field)
            .join(", ")})`
        : ""
    return `Participant field "${this.field}" is invalid: ${this.rule}${more}`
  }
}

const decodeRegistration = Decode.decode(Registration, { whole: "(registration)", onExcessProperty: "error" })
const decodeErasure = Decode.decode(ErasureRequest, { whole: "(erasure)", onExcessProperty: "error" })

/**
 * Decodes a registration from outside (any value) or refuses it naming every field at fault.
 *
 * @since 0.1.0
 * @category validation
 */
export const validate = (input: unknown): Effect.Effect<Registration, InvalidParticipantData> =>
  Either.match(decodeRegistration(input), {
    onRight: Effect.succeed,
    onLeft: (issues) =>
      Effect.fail(new InvalidParticipantData({ field: issues[0].field, rule: issues[0].rule, issues }))
  })

/**
 * Decodes an erasure request (lawful basis, reference) or refuses it naming every field at fault.
 *
 * @since 0.2.0
 * @category validation
 */
export const validateErasure = (input: unknown): Effect.Effect<ErasureRequest, InvalidParticipantData> =>
  Either.match(decodeErasure(input), {
    onRight: Effect.succeed,
    onLeft: (issues) =>
      Effect.fail(new InvalidParticipantData({ field: issues[0].field, rule: issues[0].rule, issues }))
  })
