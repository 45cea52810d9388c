/**
 * The DataKeyStore contract: one suite, run on memory, a SQLite file and PostgreSQL. A person has
 * one key for life; a re-wrap replaces a key only if it is still the one read (compare-and-set),
 * so an erasure that happens meanwhile is never undone.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Exit, Layer, Option, Redacted, type Scope } from "effect"
import { isErased } from "../../src/privacy/Erased.js"
import { DataKeyStore, type DataKeyStoreService } from "../../src/privacy/DataKeyStore.js"
import * as DataKeys from "../../src/privacy/DataKeys.js"
import * as Kek from "../../src/privacy/KeyEncryptionKey.js"
import { keyring, randomKek } from "./support.js"

export type MakeStore = Effect.Effect<DataKeyStoreService, unknown, Scope.Scope>

const wrapped = (kekId: string, n: number) => ({ kekId, ciphertext: `c${n}-${kekId}`.replace(/[^A-Za-z0-9_-]/g, "_") })

const keysOn = (ring: Kek.Keyring, store: DataKeyStoreService) =>
  Effect.provide(
    DataKeys.make,
    Layer.merge(Layer.succeed(Kek.KeyringService, ring), Layer.succeed(DataKeyStore, store))
  )

export const suite = (name: string, make: MakeStore) =>
  describe(`DataKeyStore contract: ${name}`, () => {
    it.scoped("stores one key per person for life: a second insert is refused, also after destruction", () =>
      Effect.gen(function* () {
        const store = yield* make
        yield* store.insert("WBP-1", wrapped("kek-a", 1))
        expect(yield* store.get("WBP-1")).toEqual(Option.some({ _tag: "Live", wrapped: wrapped("kek-a", 1) }))
        expect(yield* store.get("WBP-2")).toEqual(Option.none())
        const again = yield* Effect.exit(store.insert("WBP-1", wrapped("kek-a", 2)))
        expect(Exit.isFailure(again) && JSON.stringify(again.cause)).toContain("DataKeyExists")
        expect(yield* store.destroy("WBP-1", new Date("2024-10-01T00:00:00.000Z"))).toBe(true)
        expect(yield* store.destroy("WBP-1", new Date("2024-10-02T00:00:00.000Z"))).toBe(false)
        expect(yield* store.destroy("WBP-404", new Date())).toBe(false)
        expect(yield* store.get("WBP-1")).toEqual(
          Option.some({ _tag: "Destroyed", destroyedAt: new Date("2024-10-01T00:00:00.000Z") })
        )
        const reborn = yield* Effect.exit(store.insert("WBP-1", wrapped("kek-a", 3)))
        expect(Exit.isFailure(reborn)).toBe(true)
      })
    )

    it.scoped("replaces a key only if it is still the one expected, and never brings back a destroyed one", () =>
      Effect.gen(function* () {
        const store = yield* make
        yield* store.insert("WBP-1", wrapped("kek-a", 1))
        expect(yield* store.replace("WBP-1", wrapped("kek-a", 9), wrapped("kek-b", 1))).toBe(false)
        expect(yield* store.replace("WBP-1", wrapped("kek-a", 1), wrapped("kek-b", 1))).toBe(true)
        expect(yield* store.get("WBP-1")).toEqual(Option.some({ _tag: "Live", wrapped: wrapped("kek-b", 1) }))
        // A second re-wrap that read the old key loses.
        expect(yield* store.replace("WBP-1", wrapped("kek-a", 1), wrapped("kek-c", 1))).toBe(false)
        yield* store.destroy("WBP-1", new Date())
        expect(yield* store.replace("WBP-1", wrapped("kek-b", 1), wrapped("kek-c", 1))).toBe(false)
        expect(Option.getOrThrow(yield* store.get("WBP-1"))._tag).toBe("Destroyed")
        expect(yield* store.replace("WBP-404", wrapped("kek-a", 1), wrapped("kek-b", 1))).toBe(false)
      })
    )

    it.scoped("lists live keys under other KEKs in batches, and counts live keys per KEK", () =>
      Effect.gen(function* () {
        const store = yield* make
        for (let i = 0; i < 7; i++) yield* store.insert(`A-${i}`, wrapped("kek-a", i))
        for (let i = 0; i < 3; i++) yield* store.insert(`B-${i}`, wrapped("kek-b", i))
        yield* store.destroy("A-0", new Date())
        const batch = yield* store.notWrappedBy("kek-b", 4)
        expect(batch).toHaveLength(4)
        for (const k of batch) expect(k.wrapped.kekId).toBe("kek-a")
        expect(batch.map((k) => k.personId)).not.toContain("A-0")
        expect((yield* store.notWrappedBy("kek-b", 100)).map((k) => k.personId).sort()).toEqual([
          "A-1",
          "A-2",
          "A-3",
          "A-4",
          "A-5",
          "A-6"
        ])
        expect(yield* store.notWrappedBy("kek-c", 100)).toHaveLength(9)
        expect(yield* store.countByKek()).toEqual(
          new Map([
            ["kek-a", 6],
            ["kek-b", 3]
          ])
        )
      })
    )

    it.scoped("a re-wrap moves every live key to the current KEK; a key destroyed meanwhile stays destroyed", () =>
      Effect.gen(function* () {
        const store = yield* make
        const [a, b] = [randomKek(), randomKek()]
        const before = yield* keysOn(keyring(a), store)
        const created = new Map<string, DataKeys.DataKey>()
        for (let i = 0; i < 12; i++) created.set(`P-${i}`, yield* before.create(`P-${i}`))
        // An erasure lands between the re-wrap's read and its write of P-5.
        const racing: DataKeyStoreService = {
          ...store,
          replace: (personId, expected, next) =>
            personId === "P-5"
              ? Effect.zipRight(store.destroy(personId, new Date()), store.replace(personId, expected, next))
              : store.replace(personId, expected, next)
        }
        const after = yield* keysOn(keyring(b, a), racing)
        const report = yield* after.rewrapAll({ batchSize: 5 })
        expect(report).toMatchObject({ currentKekId: b.id, rewrapped: 11, skipped: 1, remaining: 0 })
        expect(report.retirable).toEqual([a.id])
        expect(Option.getOrThrow(yield* store.get("P-5"))._tag).toBe("Destroyed")
        // With the old KEK gone, every live key still opens, and to the same bytes.
        const onlyB = yield* keysOn(keyring(b), store)
        for (const [person, key] of created) {
          const found = yield* onlyB.lookup(person)
          if (person === "P-5") expect(isErased(found)).toBe(true)
          else
            expect(Buffer.from(Redacted.value((found as DataKeys.DataKey).bytes))).toEqual(
              Buffer.from(Redacted.value(key.bytes))
            )
        }
      })
    )
  })
