/**
 * The participant registry in memory, for tests and quick starts. It stores what the SQL
 * registry stores (personal fields encrypted, NIK and NIP as blind-index values, data keys
 * wrapped), so that a test on memory sees the same behaviour; nothing survives the process.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { ParticipantRegistry, type ParticipantRegistryService } from "../../ports/ParticipantRegistry.js"
import * as MemoryDataKeyStore from "../../privacy/MemoryDataKeyStore.js"
import * as PrivacyKeys from "../../privacy/PrivacyKeys.js"
import * as EncryptedRegistry from "../registry/EncryptedRegistry.js"

/**
 * @since 0.2.0
 * @category models
 */
export interface Options {
  /** The keys; from the environment, else random ones that live as long as the store, when not given. */
  readonly privacy?: PrivacyKeys.Options | undefined
}

/**
 * The registry with the keys in context.
 *
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<ParticipantRegistryService, never, PrivacyKeys.PrivacyKeys> = Effect.gen(function* () {
  const privacy = yield* PrivacyKeys.PrivacyKeys
  const keyStore = yield* MemoryDataKeyStore.make
  const byId = new Map<string, EncryptedRegistry.SealedEntry>()
  const byIndex = new Map<string, string>()
  // One writer at a time: a write checks, then changes the entries and the keys together.
  const lock = yield* Effect.makeSemaphore(1)
  const indexKey = (field: string, value: string) => `${field}\u0000${value}`

  const entries: EncryptedRegistry.EntryStore = {
    insert: (entry, wrapped) =>
      lock.withPermits(1)(
        Effect.gen(function* () {
          if (byId.has(entry.participantId)) {
            return { _tag: "Conflict", field: "participantId", registeredAs: entry.participantId } as const
          }
          for (const field of ["nik", "nip"] as const) {
            const value = field === "nik" ? entry.nikIndex : entry.nipIndex
            const holder = value === null ? undefined : byIndex.get(indexKey(field, value))
            if (holder !== undefined) return { _tag: "Conflict", field, registeredAs: holder } as const
          }
          const inserted = yield* Effect.either(keyStore.insert(entry.participantId, wrapped))
          if (inserted._tag === "Left") {
            return { _tag: "Conflict", field: "participantId", registeredAs: entry.participantId } as const
          }
          byId.set(entry.participantId, entry)
          if (entry.nikIndex !== null) byIndex.set(indexKey("nik", entry.nikIndex), entry.participantId)
          if (entry.nipIndex !== null) byIndex.set(indexKey("nip", entry.nipIndex), entry.participantId)
          return { _tag: "Inserted" } as const
        })
      ),
    find: (participantId) => Effect.sync(() => Option.fromNullable(byId.get(participantId))),
    findByIndex: (field, value) =>
      Effect.sync(() => Option.fromNullable(byId.get(byIndex.get(indexKey(field, value)) ?? "\u0000"))),
    erase: (participantId, record) =>
      lock.withPermits(1)(
        Effect.gen(function* () {
          const entry = byId.get(participantId)
          if (entry === undefined) return Option.none()
          if (entry.erasure !== null) return Option.some(entry)
          yield* Effect.orDie(keyStore.destroy(participantId, record.erasedAt))
          if (entry.nikIndex !== null) byIndex.delete(indexKey("nik", entry.nikIndex))
          if (entry.nipIndex !== null) byIndex.delete(indexKey("nip", entry.nipIndex))
          const erased: EncryptedRegistry.SealedEntry = {
            ...entry,
            fullName: null,
            nik: null,
            nip: null,
            inmateNumber: null,
            nikIndex: null,
            nipIndex: null,
            erasure: record
          }
          byId.set(participantId, erased)
          return Option.some(erased)
        })
      )
  }
  return yield* EncryptedRegistry.make(entries, keyStore, privacy)
})

/**
 * The registry with the keys in context.
 *
 * @since 0.2.0
 * @category layers
 */
export const layerWithKeys: Layer.Layer<ParticipantRegistry, never, PrivacyKeys.PrivacyKeys> = Layer.effect(
  ParticipantRegistry,
  make
)

/**
 * The registry with the keys of `options.privacy`, else of the environment, else random keys for
 * the life of the store.
 *
 * @since 0.1.0
 * @category layers
 */
export const layer = (
  options: Options = {}
): Layer.Layer<ParticipantRegistry, PrivacyKeys.LoadError | PrivacyKeys.PrivacyKeysNotConfigured> =>
  layerWithKeys.pipe(Layer.provide(PrivacyKeys.layerResolved(options.privacy, { ephemeral: true })))
