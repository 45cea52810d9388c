import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import { DataKeyStore, type DataKeyStoreService } from "../../src/privacy/DataKeyStore.js"
import * as DataKeys from "../../src/privacy/DataKeys.js"
import { isErased } from "../../src/privacy/Erased.js"
import * as Kek from "../../src/privacy/KeyEncryptionKey.js"
import * as MemoryDataKeyStore from "../../src/privacy/MemoryDataKeyStore.js"
import * as PersonalField from "../../src/privacy/PersonalField.js"
import { keyring, randomKek } from "./support.js"

const service = (ring: Kek.Keyring, store: DataKeyStoreService) =>
  Effect.provide(
    DataKeys.make,
    Layer.merge(Layer.succeed(Kek.KeyringService, ring), Layer.succeed(DataKeyStore, store))
  )

const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a failure")
  return exit.cause.error
}

/** Decrypts a person's field through the service: the name, or "[erased]". */
const read = (keys: DataKeys.DataKeysService, personId: string, value: string) =>
  Effect.map(keys.lookup(personId), (key) =>
    Either.getOrThrow(Either.map(PersonalField.decrypt(personId, "fullName", value, key), String))
  )

describe("DataKeys", () => {
  it.effect("creates one key per person, stored wrapped, that decrypts what it encrypted", () =>
    Effect.gen(function* () {
      const store = yield* MemoryDataKeyStore.make
      const ring = keyring(randomKek())
      const keys = yield* service(ring, store)
      const key = yield* keys.create("WBP-0001")
      const name = yield* PersonalField.encrypt("WBP-0001", "fullName", "Siti Aminah", key)
      expect(yield* read(keys, "WBP-0001", name)).toBe("Siti Aminah")
      const entry = yield* store.get("WBP-0001")
      expect(Option.isSome(entry) && entry.value._tag === "Live" && entry.value.wrapped.kekId).toBe(ring.current.id)
      expect(failure(yield* Effect.exit(keys.create("WBP-0001")))._tag).toBe("DataKeyExists")
      expect(failure(yield* Effect.exit(keys.lookup("WBP-9999")))._tag).toBe("DataKeyNotFound")
    })
  )

  it.effect(
    "after destroy, lookup answers Erased and the person's values decrypt to Erased; a new key is refused",
    () =>
      Effect.gen(function* () {
        const keys = yield* service(keyring(randomKek()), yield* MemoryDataKeyStore.make)
        const key = yield* keys.create("WBP-0001")
        const name = yield* PersonalField.encrypt("WBP-0001", "fullName", "Siti Aminah", key)
        expect(yield* keys.destroy("WBP-0001")).toBe(true)
        expect(yield* keys.destroy("WBP-0001")).toBe(false)
        const gone = yield* keys.lookup("WBP-0001")
        expect(isErased(gone)).toBe(true)
        expect(yield* read(keys, "WBP-0001", name)).toBe("[erased]")
        // A new key would not bring the old values back, and the person is erased: refused.
        expect(failure(yield* Effect.exit(keys.create("WBP-0001")))._tag).toBe("DataKeyExists")
      })
  )

  it.effect(
    "KEK rotation: live keys re-wrapped under the new KEK still decrypt after the old KEK is gone; an erased person's backed-up wrapped key no longer unwraps",
    () =>
      Effect.gen(function* () {
        const store = yield* MemoryDataKeyStore.make
        const kekA = randomKek()
        const before = yield* service(keyring(kekA), store)
        const people = Array.from({ length: 25 }, (_, i) => `WBP-${String(i + 1).padStart(4, "0")}`)
        const names = new Map<string, string>()
        for (const id of people) {
          names.set(id, yield* PersonalField.encrypt(id, "fullName", `Nama ${id}`, yield* before.create(id)))
        }

        // A backup taken before the erasure holds the erased person's wrapped key.
        const erasedId = "WBP-0007"
        const entry = yield* store.get(erasedId)
        if (Option.isNone(entry) || entry.value._tag !== "Live") throw new Error("no live key")
        const backup = entry.value.wrapped
        yield* before.destroy(erasedId)

        // Until the old KEK is destroyed, that copy is still readable by whoever holds the KEK.
        const stillReadable = yield* DataKeys.unwrap(keyring(kekA), erasedId, backup)
        expect(PersonalField.decrypt(erasedId, "fullName", names.get(erasedId)!, stillReadable)).toEqual(
          Either.right(`Nama ${erasedId}`)
        )

        // Rotation without downtime: B current, A previous; everything reads during the re-wrap.
        const kekB = randomKek()
        const during = yield* service(keyring(kekB, kekA), store)
        expect(yield* read(during, "WBP-0001", names.get("WBP-0001")!)).toBe("Nama WBP-0001")
        const report = yield* during.rewrapAll({ batchSize: 4 })
        expect(report).toEqual({
          currentKekId: kekB.id,
          rewrapped: 24,
          skipped: 0,
          retirable: [kekA.id],
          remaining: 0
        })
        expect(yield* store.countByKek()).toEqual(new Map([[kekB.id, 24]]))

        // A is destroyed: the keyring holds only B.
        const after = yield* service(keyring(kekB), store)
        for (const id of people) {
          expect(yield* read(after, id, names.get(id)!)).toBe(id === erasedId ? "[erased]" : `Nama ${id}`)
        }
        const restored = failure(yield* Effect.exit(DataKeys.unwrap(keyring(kekB), erasedId, backup)))
        expect(restored._tag).toBe("UnknownKek")
        // Relabelling the copy with B's id does not help: B did not wrap it.
        const relabelled = failure(
          yield* Effect.exit(DataKeys.unwrap(keyring(kekB), erasedId, { ...backup, kekId: kekB.id }))
        )
        expect(relabelled._tag).toBe("KeyUnwrapFailed")
      })
  )

  it.effect("a re-wrap never brings back a key destroyed meanwhile (compare and set)", () =>
    Effect.gen(function* () {
      const memory = yield* MemoryDataKeyStore.make
      const kekA = randomKek()
      const keys = yield* service(keyring(kekA), memory)
      yield* keys.create("p1")
      yield* keys.create("p2")
      // An erasure of p1 lands between the re-wrap's read of the batch and its replacement.
      const racing: DataKeyStoreService = {
        ...memory,
        replace: (personId, expected, next) =>
          Effect.zipRight(
            personId === "p1" ? memory.destroy("p1", new Date()) : Effect.void,
            memory.replace(personId, expected, next)
          )
      }
      const kekB = randomKek()
      const report = yield* (yield* service(keyring(kekB, kekA), racing)).rewrapAll()
      expect(report.rewrapped).toBe(1)
      expect(report.skipped).toBe(1)
      expect(report.remaining).toBe(0)
      expect(isErased(yield* keys.lookup("p1"))).toBe(true)
      expect(Option.map(yield* memory.get("p1"), (e) => e._tag)).toEqual(Option.some("Destroyed"))
    })
  )

  it.effect("a re-wrap over a store that never replaces ends and reports what remains", () =>
    Effect.gen(function* () {
      const memory = yield* MemoryDataKeyStore.make
      const kekA = randomKek()
      const keys = yield* service(keyring(kekA), memory)
      for (const id of ["p1", "p2", "p3"]) yield* keys.create(id)
      const stuck: DataKeyStoreService = { ...memory, replace: () => Effect.succeed(false) }
      const report = yield* (yield* service(keyring(randomKek(), kekA), stuck)).rewrapAll({ batchSize: 2 })
      expect(report.rewrapped).toBe(0)
      expect(report.remaining).toBe(3)
      expect(report.retirable).toEqual([])
    })
  )

  it.effect("a re-wrap stops on a key that no KEK of the keyring opens, naming the KEK", () =>
    Effect.gen(function* () {
      const store = yield* MemoryDataKeyStore.make
      yield* (yield* service(keyring(randomKek()), store)).create("p1")
      const error = failure(yield* Effect.exit((yield* service(keyring(randomKek()), store)).rewrapAll()))
      expect(error._tag).toBe("UnknownKek")
    })
  )

  it.effect("is a layer over the keyring and the store", () =>
    Effect.gen(function* () {
      const keys = yield* DataKeys.DataKeys
      const key = yield* keys.create("p")
      expect(key.personId).toBe("p")
      expect(String(key.bytes)).toBe("<redacted>")
    }).pipe(
      Effect.provide(
        DataKeys.layer.pipe(
          Layer.provide(Layer.merge(Layer.succeed(Kek.KeyringService, keyring(randomKek())), MemoryDataKeyStore.layer))
        )
      )
    )
  )
})
