/**
 * The participant registry's behaviour, shared by the memory and SQL stores: what is encrypted
 * with which key, how a NIK or NIP is indexed, what an erasure clears and records. The stores
 * supply only the storage ({@link EntryStore}: entries and their keys, each write atomic) and
 * the data-key store; everything personal reaches them already encrypted.
 *
 * @since 0.2.0
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import type { ParticipantKind } from "../../domain/ReferenceData.js"
import {
  IdentityNumberTaken,
  ParticipantAlreadyRegistered,
  ParticipantErased,
  ParticipantNotFound,
  ParticipantRegistry,
  type ParticipantRegistryService,
  RegistryError
} from "../../ports/ParticipantRegistry.js"
import type { IndexedField } from "../../privacy/BlindIndex.js"
import { DataKeyStore, type DataKeyStoreError, type DataKeyStoreService } from "../../privacy/DataKeyStore.js"
import * as DataKeys from "../../privacy/DataKeys.js"
import { type Erased, isErased } from "../../privacy/Erased.js"
import { KeyringService, type WrappedKey } from "../../privacy/KeyEncryptionKey.js"
import * as PersonalField from "../../privacy/PersonalField.js"
import * as PrivacyKeys from "../../privacy/PrivacyKeys.js"
import * as Participant from "../../registry/Participant.js"

/**
 * The stored form of an entry: personal fields as `enc:v1:` strings (NULL once erased), NIK and
 * NIP only as blind-index values.
 *
 * @internal
 */
export interface SealedEntry {
  readonly participantId: string
  readonly kind: ParticipantKind
  readonly facility: string
  readonly fullName: string | null
  readonly nik: string | null
  readonly nip: string | null
  readonly inmateNumber: string | null
  readonly nikIndex: string | null
  readonly nipIndex: string | null
  readonly registeredAt: Date
  readonly registeredBy: string
  readonly erasure: Participant.ErasureRecord | null
}

/** @internal */
export type InsertOutcome =
  | { readonly _tag: "Inserted" }
  | { readonly _tag: "Conflict"; readonly field: "participantId" | IndexedField; readonly registeredAs: string }

/**
 * What a store provides. Each method is atomic: `insert` stores the entry and the person's wrapped
 * key together (or neither, reporting the first unique field in conflict); `erase` destroys the
 * key, clears the entry's personal fields and indexes and records the erasure together.
 *
 * @internal
 */
export interface EntryStore {
  readonly insert: (entry: SealedEntry, wrapped: WrappedKey) => Effect.Effect<InsertOutcome, RegistryError>
  readonly find: (participantId: string) => Effect.Effect<Option.Option<SealedEntry>, RegistryError>
  readonly findByIndex: (field: IndexedField, value: string) => Effect.Effect<Option.Option<SealedEntry>, RegistryError>
  /** None when there is no such entry; an entry erased before is answered as it is. */
  readonly erase: (
    participantId: string,
    record: Participant.ErasureRecord
  ) => Effect.Effect<Option.Option<SealedEntry>, RegistryError>
}

const personalFields = ["fullName", "nik", "nip", "inmateNumber"] as const

const storeError = (method: string) => (error: DataKeyStoreError) => new RegistryError({ method, cause: error })

const erasedView = (entry: SealedEntry, erasure: Participant.ErasureRecord): Participant.Participant => ({
  status: "erased",
  participantId: entry.participantId,
  kind: entry.kind,
  facility: entry.facility,
  registeredAt: entry.registeredAt,
  registeredBy: entry.registeredBy,
  erasedAt: erasure.erasedAt,
  erasure
})

/**
 * The registry on an entry store and a data-key store, with the operator's keys (or none: then
 * every operation that needs a key fails with `PrivacyKeysNotConfigured`; erasure needs none).
 *
 * @internal
 */
export const make = (
  entries: EntryStore,
  keyStore: DataKeyStoreService,
  privacy: PrivacyKeys.PrivacyKeysService
): Effect.Effect<ParticipantRegistryService> =>
  Effect.gen(function* () {
    const dataKeys = yield* Effect.transposeOption(
      Option.map(privacy.keys, (keys) =>
        DataKeys.make.pipe(
          Effect.provide(
            Layer.merge(Layer.succeed(KeyringService, keys.keyring), Layer.succeed(DataKeyStore, keyStore))
          )
        )
      )
    )
    const keys = (operation: string) =>
      Effect.map(PrivacyKeys.require(privacy, operation), (k) => ({ ...k, dataKeys: Option.getOrThrow(dataKeys) }))
    const now = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

    const lookup = (method: string, personId: string) =>
      Effect.flatMap(keys(method), (k) => widen(method)(k.dataKeys.lookup(personId)))

    /** Decrypts an entry; an erased one needs no key. */
    const open = (method: string, entry: SealedEntry) =>
      Effect.gen(function* () {
        if (entry.erasure !== null) return erasedView(entry, entry.erasure)
        const key = yield* lookup(method, entry.participantId)
        const clear = new Map<string, string>()
        let failed: PersonalField.FieldDecryptionFailed | undefined
        for (const field of personalFields) {
          const value = entry[field]
          if (value === null) continue
          const text = PersonalField.decrypt(entry.participantId, field, value, key)
          if (Either.isLeft(text)) {
            failed = text.left
            break
          }
          clear.set(field, isErased(text.right) ? Participant.ErasedName : text.right)
        }
        if (!isErased(key)) DataKeys.wipe(key)
        if (failed !== undefined) return yield* failed
        const optional = (field: "nik" | "nip" | "inmateNumber") =>
          clear.has(field) ? { [field]: clear.get(field)! } : {}
        return {
          status: "registered",
          participantId: entry.participantId,
          kind: entry.kind,
          facility: entry.facility,
          fullName: clear.get("fullName") ?? Participant.ErasedName,
          ...optional("nik"),
          ...optional("nip"),
          ...optional("inmateNumber"),
          registeredAt: entry.registeredAt,
          registeredBy: entry.registeredBy
        } as Participant.Participant
      })

    const register: ParticipantRegistryService["register"] = (input, registeredBy) =>
      Effect.gen(function* () {
        const registration = yield* Participant.validate(input)
        const { blindIndex, keyring } = yield* keys("Registering a participant")
        const personId = registration.participantId
        const key = yield* DataKeys.generate(personId)
        const sealed = yield* Effect.gen(function* () {
          const encrypt = (field: (typeof personalFields)[number], value: string | undefined) =>
            value === undefined ? Effect.succeed(null) : PersonalField.encrypt(personId, field, value, key)
          const index = (field: IndexedField, value: string | undefined) =>
            value === undefined ? Either.right(null) : blindIndex.compute(field, value)
          const entry: SealedEntry = {
            participantId: personId,
            kind: registration.kind,
            facility: registration.facility,
            fullName: yield* encrypt("fullName", registration.fullName),
            nik: yield* encrypt("nik", registration.nik),
            nip: yield* encrypt("nip", registration.nip),
            inmateNumber: yield* encrypt("inmateNumber", registration.inmateNumber),
            nikIndex: yield* index("nik", registration.nik),
            nipIndex: yield* index("nip", registration.nip),
            registeredAt: yield* now,
            registeredBy: registeredBy.id,
            erasure: null
          }
          return { entry, wrapped: yield* DataKeys.wrap(keyring, key) }
        }).pipe(Effect.ensuring(Effect.sync(() => DataKeys.wipe(key))))
        const outcome = yield* entries.insert(sealed.entry, sealed.wrapped)
        if (outcome._tag === "Conflict") {
          return yield* outcome.field === "participantId"
            ? new ParticipantAlreadyRegistered({ participantId: personId })
            : new IdentityNumberTaken({
                field: outcome.field,
                participantId: personId,
                registeredAs: outcome.registeredAs
              })
        }
        const participant: Participant.Participant = {
          ...(input as Participant.RegistrationInput),
          status: "registered",
          registeredAt: sealed.entry.registeredAt,
          registeredBy: registeredBy.id
        }
        return participant
      })

    const status: ParticipantRegistryService["status"] = (participantId) =>
      Effect.map(
        entries.find(participantId),
        Option.map((e) => ({
          participantId: e.participantId,
          kind: e.kind,
          facility: e.facility,
          status: e.erasure === null ? ("registered" as const) : ("erased" as const)
        }))
      )

    const get: ParticipantRegistryService["get"] = (participantId) =>
      Effect.flatMap(entries.find(participantId), (entry) =>
        Effect.transposeOption(Option.map(entry, (e) => open("Reading a participant", e)))
      )

    const findBy =
      (field: IndexedField): ParticipantRegistryService["findByNik"] =>
      (value) =>
        Effect.gen(function* () {
          const { blindIndex } = yield* keys(`Finding a participant by ${field.toUpperCase()}`)
          const index = yield* blindIndex.compute(field, value)
          const entry = yield* entries.findByIndex(field, index)
          return yield* Effect.transposeOption(Option.map(entry, (e) => open("Reading a participant", e)))
        })

    const erase: ParticipantRegistryService["erase"] = (participantId, request) =>
      Effect.gen(function* () {
        const { lawfulBasis, reference } = yield* Participant.validateErasure({
          lawfulBasis: request.lawfulBasis,
          ...(request.reference !== undefined ? { reference: request.reference } : {})
        })
        const record: Participant.ErasureRecord = {
          erasedAt: yield* now,
          erasedBy: { id: request.actor.id, role: request.actor.role, facility: request.actor.facility },
          lawfulBasis,
          ...(reference !== undefined ? { reference } : {})
        }
        const entry = yield* entries.erase(participantId, record)
        if (Option.isNone(entry)) return yield* new ParticipantNotFound({ participantId })
        return erasedView(entry.value, entry.value.erasure ?? record)
      })

    const sealHolderName: ParticipantRegistryService["sealHolderName"] = (participantId) =>
      Effect.gen(function* () {
        const operation = "Issuing a certificate"
        const entry = yield* entries.find(participantId)
        if (Option.isNone(entry)) return yield* new ParticipantNotFound({ participantId })
        if (entry.value.erasure !== null || entry.value.fullName === null) {
          return yield* new ParticipantErased({ participantId, operation })
        }
        const key = yield* lookup(operation, participantId)
        if (isErased(key)) return yield* new ParticipantErased({ participantId, operation })
        const name = entry.value.fullName
        return yield* Effect.gen(function* () {
          const clear = yield* PersonalField.decrypt(participantId, "fullName", name, key)
          if (isErased(clear)) return yield* new ParticipantErased({ participantId, operation })
          // A fresh encryption (its own IV) under the same key: erasing the person erases it too.
          return yield* PersonalField.encrypt(participantId, "fullName", clear, key)
        }).pipe(Effect.ensuring(Effect.sync(() => DataKeys.wipe(key))))
      })

    const openField: ParticipantRegistryService["openField"] = (participantId, field, value) =>
      Effect.gen(function* () {
        const key = yield* lookup("Reading a personal field", participantId)
        const result = PersonalField.decrypt(participantId, field, value, key)
        if (!isErased(key)) DataKeys.wipe(key)
        return yield* result as Either.Either<string | Erased, PersonalField.FieldDecryptionFailed>
      })

    const rotateKek: ParticipantRegistryService["rotateKek"] = (options) =>
      Effect.flatMap(keys("Rotating the key-encryption key"), (k) => widen("rotateKek")(k.dataKeys.rewrapAll(options)))

    return ParticipantRegistry.of({
      register,
      status,
      get,
      findByNik: findBy("nik"),
      findByNip: findBy("nip"),
      erase,
      sealHolderName,
      openField,
      rotateKek
    })
  })

/** A data-key store failure becomes the registry's own error; the key errors pass as they are. */
const widen =
  (method: string) =>
  <A, E, R>(
    self: Effect.Effect<A, E | DataKeyStoreError, R>
  ): Effect.Effect<A, Exclude<E, DataKeyStoreError> | RegistryError, R> =>
    Effect.catchIf(
      self,
      (e): e is DataKeyStoreError => (e as { _tag?: unknown })._tag === "DataKeyStoreError",
      (e) => Effect.fail(storeError(method)(e))
    ) as Effect.Effect<A, Exclude<E, DataKeyStoreError> | RegistryError, R>
