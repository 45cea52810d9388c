import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Redacted from "effect/Redacted"
import { wipe } from "../../src/privacy/DataKeys.js"
import { erased, isErased } from "../../src/privacy/Erased.js"
import * as PersonalField from "../../src/privacy/PersonalField.js"
import { dataKey } from "./support.js"

const name = "Pujiati Citra Sari"

const refused = (result: Either.Either<unknown, PersonalField.FieldDecryptionFailed>) =>
  Either.isLeft(result) ? result.left.reason : "decrypted"

describe("PersonalField", () => {
  it.effect("decrypts what it encrypted, for the same person, field and key", () =>
    Effect.gen(function* () {
      const key = dataKey("WBP-0001")
      const value = yield* PersonalField.encrypt("WBP-0001", "fullName", name, key)
      expect(PersonalField.decrypt("WBP-0001", "fullName", value, key)).toEqual(Either.right(name))
    })
  )

  it.effect("is one JSON-safe string in the documented format that does not contain the value", () =>
    Effect.gen(function* () {
      const key = dataKey("WBP-0001")
      const value = yield* PersonalField.encrypt("WBP-0001", "fullName", name, key)
      expect(value).toMatch(/^enc:v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+:[A-Za-z0-9_-]{22}$/)
      expect(JSON.parse(JSON.stringify({ value }))).toEqual({ value })
      expect(value).not.toContain("Pujiati")
      expect(PersonalField.isEncrypted(value)).toBe(true)
      expect(PersonalField.isEncrypted(name)).toBe(false)
    })
  )

  it.effect("encrypts the same value differently each time", () =>
    Effect.gen(function* () {
      const key = dataKey("p")
      const a = yield* PersonalField.encrypt("p", "fullName", name, key)
      const b = yield* PersonalField.encrypt("p", "fullName", name, key)
      expect(a).not.toBe(b)
    })
  )

  it.effect("pads to 32-byte blocks: names of similar length give ciphertexts of one length", () =>
    Effect.gen(function* () {
      const key = dataKey("p")
      const lengths = new Set<number>()
      for (const n of ["Ani", "Budi Santoso", "Pujiati Citra Sari", "a".repeat(31)]) {
        lengths.add((yield* PersonalField.encrypt("p", "fullName", n, key)).length)
      }
      expect(lengths.size).toBe(1)
      const longer = yield* PersonalField.encrypt("p", "fullName", "a".repeat(32), key)
      expect(longer.length).toBeGreaterThan([...lengths][0]!)
    })
  )

  it.effect("refuses another person's key, another person's id, another field, another key, and altered bytes", () =>
    Effect.gen(function* () {
      const key = dataKey("WBP-0001")
      const value = yield* PersonalField.encrypt("WBP-0001", "fullName", name, key)
      // The right key for another person's id: the associated data differs.
      const moved = { ...key, personId: "WBP-0002" }
      expect(refused(PersonalField.decrypt("WBP-0002", "fullName", value, moved))).toBe("authentication-failed")
      expect(refused(PersonalField.decrypt("WBP-0001", "inmateNumber", value, key))).toBe("authentication-failed")
      expect(refused(PersonalField.decrypt("WBP-0001", "fullName", value, dataKey("WBP-0001")))).toBe(
        "authentication-failed"
      )
      expect(refused(PersonalField.decrypt("WBP-0001", "fullName", value, dataKey("WBP-0002")))).toBe(
        "key-of-another-person"
      )
      const [, , iv, body, tag] = value.split(":")
      const flipped = Buffer.from(body!, "base64url")
      flipped[0] ^= 0x01
      const altered = `enc:v1:${iv}:${flipped.toString("base64url")}:${tag}`
      expect(refused(PersonalField.decrypt("WBP-0001", "fullName", altered, key))).toBe("authentication-failed")
      expect(refused(PersonalField.decrypt("WBP-0001", "fullName", "enc:v1:nonsense", key))).toBe("malformed")
      expect(refused(PersonalField.decrypt("WBP-0001", "fullName", name, key))).toBe("malformed")
    })
  )

  it.effect("answers Erased once the key is gone, not an error", () =>
    Effect.gen(function* () {
      const key = dataKey("WBP-0001")
      const value = yield* PersonalField.encrypt("WBP-0001", "fullName", name, key)
      const result = PersonalField.decrypt("WBP-0001", "fullName", value, erased)
      expect(Either.isRight(result) && isErased(result.right)).toBe(true)
      expect(String(erased)).toBe("[erased]")
    })
  )

  it.effect("cannot use a wiped key any more (a defect, as any use after wipe is a bug)", () =>
    Effect.gen(function* () {
      const key = dataKey("p")
      const value = yield* PersonalField.encrypt("p", "fullName", name, key)
      const copy = { personId: "p", bytes: Redacted.make(new Uint8Array(Redacted.value(key.bytes))) }
      const bytes = Redacted.value(key.bytes)
      wipe(key)
      expect(bytes.every((b) => b === 0)).toBe(true)
      expect(() => PersonalField.decrypt("p", "fullName", value, key)).toThrow()
      expect(PersonalField.decrypt("p", "fullName", value, copy)).toEqual(Either.right(name))
    })
  )

  it.effect("dies when given another person's key to encrypt (a programming error)", () =>
    Effect.gen(function* () {
      const exit = yield* Effect.exit(PersonalField.encrypt("WBP-0001", "fullName", name, dataKey("WBP-0002")))
      expect(exit._tag === "Failure" && exit.cause._tag).toBe("Die")
    })
  )
})
