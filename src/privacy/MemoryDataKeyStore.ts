/**
 * The data-key store in memory, for tests and quick starts.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { DataKeyExists, DataKeyStore, type DataKeyStoreService, type KeyEntry } from "./DataKeyStore.js"
import type { WrappedKey } from "./KeyEncryptionKey.js"

const same = (a: WrappedKey, b: WrappedKey) => a.kekId === b.kekId && a.ciphertext === b.ciphertext

/**
 * @since 0.2.0
 * @category constructors
 */
export const make: Effect.Effect<DataKeyStoreService> = Effect.sync(() => {
  const entries = new Map<string, KeyEntry>()
  return DataKeyStore.of({
    insert: (personId, wrapped) =>
      entries.has(personId)
        ? Effect.fail(new DataKeyExists({ personId }))
        : Effect.sync(() => void entries.set(personId, { _tag: "Live", wrapped })),
    get: (personId) => Effect.sync(() => Option.fromNullable(entries.get(personId))),
    replace: (personId, expected, next) =>
      Effect.sync(() => {
        const entry = entries.get(personId)
        if (entry?._tag !== "Live" || !same(entry.wrapped, expected)) return false
        entries.set(personId, { _tag: "Live", wrapped: next })
        return true
      }),
    destroy: (personId, at) =>
      Effect.sync(() => {
        const entry = entries.get(personId)
        if (entry?._tag !== "Live") return false
        entries.set(personId, { _tag: "Destroyed", destroyedAt: at })
        return true
      }),
    notWrappedBy: (kekId, limit) =>
      Effect.sync(() => {
        const batch: Array<{ personId: string; wrapped: WrappedKey }> = []
        for (const [personId, entry] of entries) {
          if (batch.length >= limit) break
          if (entry._tag === "Live" && entry.wrapped.kekId !== kekId) batch.push({ personId, wrapped: entry.wrapped })
        }
        return batch
      }),
    countByKek: () =>
      Effect.sync(() => {
        const counts = new Map<string, number>()
        for (const entry of entries.values()) {
          if (entry._tag === "Live") counts.set(entry.wrapped.kekId, (counts.get(entry.wrapped.kekId) ?? 0) + 1)
        }
        return counts
      })
  })
})

/**
 * @since 0.2.0
 * @category layers
 */
export const layer: Layer.Layer<DataKeyStore> = Layer.effect(DataKeyStore, make)
