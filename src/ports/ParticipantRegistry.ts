/**
 * The participant registry port: personal data by `ParticipantId`, outside the event log, stored
 * only encrypted (docs/privacy.md). Every personal field is encrypted with the person's own data
 * key, which is stored wrapped by the operator's key-encryption key; NIK and NIP are found
 * through a keyed blind index, never stored in clear. Erasure destroys the person's data key in
 * the same transaction as it clears the row and records who erased, when and why: every copy of
 * the person's ciphertext, the certificate names in the event log included, becomes unreadable.
 *
 * This port stores and decrypts; it does not decide who may. The application service
 * (`ledger/Participants.ts`) authorises each call with the access policy and masks what the
 * reader may not see.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import type * as Effect from "effect/Effect"
import type * as Option from "effect/Option"
import * as Schema from "effect/Schema"
import type { EncryptedField } from "../domain/EncryptedField.js"
import type { ParticipantKind } from "../domain/ReferenceData.js"
import type { DataKeyNotFound, RewrapReport } from "../privacy/DataKeys.js"
import type { Erased } from "../privacy/Erased.js"
import type { KekUnavailable, KeyUnwrapFailed, UnknownKek } from "../privacy/KeyEncryptionKey.js"
import type { FieldDecryptionFailed, PersonalFieldName } from "../privacy/PersonalField.js"
import type { PrivacyKeysNotConfigured } from "../privacy/PrivacyKeys.js"
import type { InvalidParticipantData, Participant, RegistrationInput, RegistryActor } from "../registry/Participant.js"

/**
 * @since 0.1.0
 * @category errors
 */
export class ParticipantAlreadyRegistered extends Schema.TaggedError<ParticipantAlreadyRegistered>()(
  "ParticipantAlreadyRegistered",
  { participantId: Schema.String }
) {
  override get message() {
    return `Participant ${this.participantId} is already registered`
  }
}

/**
 * A registration whose NIK (or NIP) is already registered for another participant: one person, one
 * registry entry. Found through the blind index, so the number itself is stored nowhere; the
 * message names the field and the entry, never the number.
 *
 * @since 0.2.0
 * @category errors
 */
export class IdentityNumberTaken extends Schema.TaggedError<IdentityNumberTaken>()("IdentityNumberTaken", {
  field: Schema.Literal("nik", "nip"),
  participantId: Schema.String,
  registeredAs: Schema.String
}) {
  override get message() {
    return `The ${this.field.toUpperCase()} given for ${this.participantId} is already registered as participant ${this.registeredAs}: one person has one registry entry (enrol ${this.registeredAs} instead)`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class ParticipantNotFound extends Schema.TaggedError<ParticipantNotFound>()("ParticipantNotFound", {
  participantId: Schema.String
}) {
  override get message() {
    return `No participant ${this.participantId} in the registry: register the person first`
  }
}

/**
 * The person's personal data was erased: nothing of it can be used any more (a new certificate
 * cannot print a name that is gone).
 *
 * @since 0.2.0
 * @category errors
 */
export class ParticipantErased extends Schema.TaggedError<ParticipantErased>()("ParticipantErased", {
  participantId: Schema.String,
  operation: Schema.String
}) {
  override get message() {
    return `${this.operation} needs the personal data of participant ${this.participantId}, which was erased on a lawful request: it cannot be done any more`
  }
}

/**
 * @since 0.1.0
 * @category errors
 */
export class RegistryError extends Schema.TaggedError<RegistryError>()("RegistryError", {
  method: Schema.String,
  cause: Schema.Defect
}) {
  override get message() {
    const cause = this.cause instanceof Error ? this.cause.message : String(this.cause)
    return `Participant registry ${this.method} failed: ${cause}`
  }
}

/**
 * A person's data key cannot be had: not in the keyring (a KEK not configured), refused by the
 * KEK, the KEK unreachable, or no key at all.
 *
 * @since 0.2.0
 * @category errors
 */
export type KeyError = UnknownKek | KeyUnwrapFailed | KekUnavailable | DataKeyNotFound

/**
 * What reading personal data may fail with.
 *
 * @since 0.2.0
 * @category errors
 */
export type PersonalDataError = PrivacyKeysNotConfigured | KeyError | FieldDecryptionFailed | RegistryError

/**
 * What the registry knows of an entry without any key: its id, kind and facility, and whether it
 * was erased. No personal data: enough to authorise a request before anything is decrypted.
 *
 * @since 0.2.0
 * @category models
 */
export interface EntryStatus {
  readonly participantId: string
  readonly kind: ParticipantKind
  readonly facility: string
  readonly status: "registered" | "erased"
}

/**
 * @since 0.1.0
 * @category models
 */
export interface ParticipantRegistryService {
  /**
   * Decodes the registration first (malformed input is an `InvalidParticipantData`, never stored),
   * then stores it encrypted with a new data key, the key and the entry in one transaction.
   */
  readonly register: (
    registration: RegistrationInput,
    registeredBy: RegistryActor
  ) => Effect.Effect<
    Participant,
    | InvalidParticipantData
    | ParticipantAlreadyRegistered
    | IdentityNumberTaken
    | PrivacyKeysNotConfigured
    | KekUnavailable
    | RegistryError
  >
  /** The entry's id, kind, facility and status, without decrypting anything (no key needed). */
  readonly status: (participantId: string) => Effect.Effect<Option.Option<EntryStatus>, RegistryError>
  /** The entry with its fields decrypted; an erased entry shows its erasure record and no personal data. */
  readonly get: (participantId: string) => Effect.Effect<Option.Option<Participant>, PersonalDataError>
  /** The entry registered with this NIK (any spacing), through the blind index. */
  readonly findByNik: (
    nik: string
  ) => Effect.Effect<Option.Option<Participant>, InvalidParticipantData | PersonalDataError>
  /** The entry registered with this NIP (any spacing), through the blind index. */
  readonly findByNip: (
    nip: string
  ) => Effect.Effect<Option.Option<Participant>, InvalidParticipantData | PersonalDataError>
  /**
   * Erases the person's personal data for good, in one transaction: destroys the data key,
   * clears the encrypted fields and the blind indexes, records the erasure (who, when, lawful
   * basis, reference). The entry stays, so ids in the log still resolve (to `[erased]`). Needs no
   * key. Erasing an erased entry answers the entry as it is.
   */
  readonly erase: (
    participantId: string,
    request: {
      readonly lawfulBasis: string
      readonly reference?: string | undefined
      readonly actor: RegistryActor
    }
  ) => Effect.Effect<Participant, ParticipantNotFound | InvalidParticipantData | RegistryError>
  /**
   * The holder's current name, encrypted with the holder's data key: what a certificate records
   * (`CertificateIssued.holderName`), so that erasing the person erases it there too.
   */
  readonly sealHolderName: (
    participantId: string
  ) => Effect.Effect<
    EncryptedField,
    | ParticipantNotFound
    | ParticipantErased
    | PrivacyKeysNotConfigured
    | KeyError
    | FieldDecryptionFailed
    | RegistryError
  >
  /** Decrypts a field of this person stored elsewhere (a certificate's name): the value, or `Erased`. */
  readonly openField: (
    participantId: string,
    field: PersonalFieldName,
    value: string
  ) => Effect.Effect<string | Erased, PersonalDataError>
  /**
   * Re-wraps every live data key not under the current KEK with it, in batches, while the ledger
   * keeps running (each replacement a compare-and-set: an erasure meanwhile is never undone).
   * Reports what it did and what `remaining` keys are still under an old KEK (0 when complete).
   */
  readonly rotateKek: (options?: {
    readonly batchSize?: number
  }) => Effect.Effect<RewrapReport, PrivacyKeysNotConfigured | KeyError | RegistryError>
}

/**
 * @since 0.1.0
 * @category tags
 */
export class ParticipantRegistry extends Context.Tag("training-ledger/ParticipantRegistry")<
  ParticipantRegistry,
  ParticipantRegistryService
>() {}
