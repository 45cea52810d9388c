/**
 * Per-person data keys (DEK): 32 random bytes per person, which encrypt that person's personal
 * fields (`PersonalField.ts`), stored only wrapped by the keyring's current KEK and bound to the
 * person's id. Destroying a person's key is the erasure: every ciphertext made with it, wherever a
 * copy lies, can no longer be decrypted (docs/privacy.md says under which conditions for copies).
 *
 * @since 0.2.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { randomBytes } from "node:crypto"
import { type DataKeyExists, DataKeyStore, type DataKeyStoreError } from "./DataKeyStore.js"
import { type Erased, erased } from "./Erased.js"
import {
  type KekUnavailable,
  type Keyring,
  KeyringService,
  type KeyUnwrapFailed,
  type UnknownKek,
  type WrappedKey
} from "./KeyEncryptionKey.js"
import { KeyLength } from "./KeyMaterial.js"

/**
 * A person's data key in clear, in memory only, for as long as a decryption needs it. The bytes are
 * `Redacted`: they never print.
 *
 * @since 0.2.0
 * @category models
 */
export interface DataKey {
  readonly personId: string
  readonly bytes: Redacted.Redacted<Uint8Array>
}

/**
 * No data key was ever created for this person (unlike an erased person, whose key was destroyed).
 *
 * @since 0.2.0
 * @category errors
 */
export class DataKeyNotFound extends Schema.TaggedError<DataKeyNotFound>()("DataKeyNotFound", {
  personId: Schema.String
}) {
  override get message() {
    return `Person ${this.personId} has no data key: register the person before storing personal data`
  }
}

/**
 * A fresh random data key for a person.
 *
 * @since 0.2.0
 * @category constructors
 */
export const generate = (personId: string): Effect.Effect<DataKey> =>
  Effect.sync(() => ({ personId, bytes: Redacted.make(new Uint8Array(randomBytes(KeyLength))) }))

/**
 * Wraps a data key with the keyring's current KEK, bound to its person.
 *
 * @since 0.2.0
 * @category combinators
 */
export const wrap = (keyring: Keyring, key: DataKey): Effect.Effect<WrappedKey, KekUnavailable> =>
  keyring.wrap(Redacted.value(key.bytes), key.personId)

/**
 * Unwraps a person's data key with the KEK its wrapping names.
 *
 * @since 0.2.0
 * @category combinators
 */
export const unwrap = (
  keyring: Keyring,
  personId: string,
  wrapped: WrappedKey
): Effect.Effect<DataKey, UnknownKek | KeyUnwrapFailed | KekUnavailable> =>
  Effect.map(keyring.unwrap(wrapped, personId), (bytes) => ({ personId, bytes: Redacted.make(bytes) }))

/**
 * Overwrites a data key's bytes in memory with zeros (best effort: JavaScript gives no guarantee
 * that no other copy exists in the heap) and drops it from the `Redacted` registry.
 *
 * @since 0.2.0
 * @category combinators
 */
export const wipe = (key: DataKey): void => {
  Redacted.value(key.bytes).fill(0)
  Redacted.unsafeWipe(key.bytes)
}

/**
 * What a re-wrap did: keys moved to the current KEK, keys skipped because they changed meanwhile
 * (destroyed by an erasure, or re-wrapped by another worker), and the KEKs that no live key needs
 * any more (they can be removed from the keyring and destroyed).
 *
 * @since 0.2.0
 * @category models
 */
export interface RewrapReport {
  readonly currentKekId: string
  readonly rewrapped: number
  readonly skipped: number
  readonly retirable: ReadonlyArray<string>
  /** Live keys still under another KEK than the current one (0 after a complete re-wrap). */
  readonly remaining: number
}

/**
 * @since 0.2.0
 * @category models
 */
export interface DataKeysService {
  /** A new person's key, generated and stored wrapped. One per person, for life. */
  readonly create: (personId: string) => Effect.Effect<DataKey, DataKeyExists | KekUnavailable | DataKeyStoreError>
  /** The person's key, or {@link Erased} once destroyed. */
  readonly lookup: (
    personId: string
  ) => Effect.Effect<
    DataKey | Erased,
    DataKeyNotFound | UnknownKek | KeyUnwrapFailed | KekUnavailable | DataKeyStoreError
  >
  /** Destroys the person's key: their personal data becomes unreadable. True when a live key was destroyed. */
  readonly destroy: (personId: string) => Effect.Effect<boolean, DataKeyStoreError>
  /**
   * Re-wraps every live key not under the current KEK with the current KEK, in batches, while
   * the ledger keeps running (each replacement is a compare-and-set, so an erasure that happens
   * meanwhile wins).
   */
  readonly rewrapAll: (options?: {
    readonly batchSize?: number
  }) => Effect.Effect<RewrapReport, UnknownKek | KeyUnwrapFailed | KekUnavailable | DataKeyStoreError>
}

/**
 * @since 0.2.0
 * @category tags
 */
export class DataKeys extends Context.Tag("training-ledger/privacy/DataKeys")<DataKeys, DataKeysService>() {}

/**
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<DataKeysService, never, KeyringService | DataKeyStore> = Effect.gen(function* () {
  const keyring = yield* KeyringService
  const store = yield* DataKeyStore

  const create: DataKeysService["create"] = (personId) =>
    Effect.gen(function* () {
      const key = yield* generate(personId)
      yield* store.insert(personId, yield* wrap(keyring, key))
      return key
    })

  const lookup: DataKeysService["lookup"] = (personId) =>
    Effect.gen(function* () {
      const entry = yield* store.get(personId)
      if (Option.isNone(entry)) return yield* new DataKeyNotFound({ personId })
      if (entry.value._tag === "Destroyed") return erased
      return yield* unwrap(keyring, personId, entry.value.wrapped)
    })

  const destroy: DataKeysService["destroy"] = (personId) =>
    Effect.flatMap(Clock.currentTimeMillis, (ms) => store.destroy(personId, new Date(ms)))

  const rewrapAll: DataKeysService["rewrapAll"] = (options = {}) =>
    Effect.gen(function* () {
      const batchSize = Math.max(1, options.batchSize ?? 500)
      const currentKekId = keyring.current.id
      let rewrapped = 0
      let skipped = 0
      // Every key of a batch leaves the set "not under the current KEK": replaced here, or changed
      // by someone else (destroyed, or re-wrapped). A batch identical to the one before means no
      // progress (a store that does not replace): stop rather than loop, and report what remains.
      let previous = ""
      while (true) {
        const batch = yield* store.notWrappedBy(currentKekId, batchSize)
        const signature = batch.map((k) => `${k.personId}\0${k.wrapped.ciphertext}`).join("\n")
        if (batch.length === 0 || signature === previous) break
        previous = signature
        // Between batches the process's other work runs (a synchronous driver would not yield):
        // the ledger keeps running during a re-wrap.
        yield* Effect.yieldNow()
        for (const { personId, wrapped } of batch) {
          const key = yield* unwrap(keyring, personId, wrapped)
          const next = yield* wrap(keyring, key)
          wipe(key)
          if (yield* store.replace(personId, wrapped, next)) rewrapped++
          else skipped++
        }
      }
      const counts = yield* store.countByKek()
      let remaining = 0
      for (const [kekId, n] of counts) if (kekId !== currentKekId) remaining += n
      const retirable = keyring.ids.filter((id) => id !== currentKekId && (counts.get(id) ?? 0) === 0)
      return { currentKekId, rewrapped, skipped, retirable, remaining }
    })

  return DataKeys.of({ create, lookup, destroy, rewrapAll })
})

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<DataKeys, never, KeyringService | DataKeyStore> = Layer.effect(DataKeys, make)
