import { afterAll, describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Exit from "effect/Exit"
import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import * as Kek from "../../src/privacy/KeyEncryptionKey.js"
import * as KeyMaterial from "../../src/privacy/KeyMaterial.js"
import { keyring, randomKek, tempDir } from "./support.js"

const temp = tempDir()
afterAll(temp.remove)

const dek = () => new Uint8Array(randomBytes(32))
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b))
const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a failure")
  return exit.cause.error
}

describe("a local KEK", () => {
  it.effect("unwraps what it wrapped, for the same context", () =>
    Effect.gen(function* () {
      const kek = randomKek()
      const key = dek()
      const wrapped = yield* kek.wrap(key, "WBP-0001")
      expect(wrapped.kekId).toBe(kek.id)
      expect(same(yield* kek.unwrap(wrapped, "WBP-0001"), key)).toBe(true)
    })
  )

  it.effect("wraps the same key differently each time (random IV) and never shows it", () =>
    Effect.gen(function* () {
      const kek = randomKek()
      const key = dek()
      const a = yield* kek.wrap(key, "p")
      const b = yield* kek.wrap(key, "p")
      expect(a.ciphertext).not.toBe(b.ciphertext)
      expect(Buffer.from(a.ciphertext, "base64url").includes(Buffer.from(key))).toBe(false)
    })
  )

  it.effect("refuses a wrapped key moved to another person, altered, or opened by another key under the same id", () =>
    Effect.gen(function* () {
      const kek = randomKek()
      const wrapped = yield* kek.wrap(dek(), "WBP-0001")

      const moved = failure(yield* Effect.exit(kek.unwrap(wrapped, "WBP-0002")))
      expect(moved._tag).toBe("KeyUnwrapFailed")

      const bytes = Buffer.from(wrapped.ciphertext, "base64url")
      bytes[20] ^= 1
      const altered = failure(
        yield* Effect.exit(kek.unwrap({ ...wrapped, ciphertext: bytes.toString("base64url") }, "WBP-0001"))
      )
      expect(altered._tag).toBe("KeyUnwrapFailed")

      const impostor = Kek.local(yield* KeyMaterial.fromBytes(dek()), kek.id)
      const wrongKey = failure(yield* Effect.exit(impostor.unwrap(wrapped, "WBP-0001")))
      expect(wrongKey._tag).toBe("KeyUnwrapFailed")
      if (wrongKey._tag === "KeyUnwrapFailed") expect(wrongKey.reason).toBe("authentication-failed")

      const otherId = failure(yield* Effect.exit(randomKek().unwrap(wrapped, "WBP-0001")))
      expect(otherId.message).toContain(`the key names KEK ${kek.id}`)
    })
  )

  it.effect("takes the key's fingerprint as its id: same key, same id; different keys, different ids", () =>
    Effect.gen(function* () {
      const material = yield* KeyMaterial.fromBytes(dek())
      expect(Kek.local(material).id).toMatch(/^kek-[0-9a-f]{16}$/)
      expect(Kek.local(material).id).toBe(Kek.local(material).id)
      expect(randomKek().id).not.toBe(randomKek().id)
      expect(Kek.local(material, "arn:aws:kms:ap-southeast-3:1:key/abc").id).toBe(
        "arn:aws:kms:ap-southeast-3:1:key/abc"
      )
    })
  )

  it.effect("comes from a file written by generateKekFile, or from an environment variable, with the same id", () =>
    Effect.gen(function* () {
      const path = temp.path("kek.key")
      yield* Kek.generateKekFile(path)
      const fromFile = yield* Kek.fromFile(path)
      const text = readFileSync(path, "utf8")
      const provider = ConfigProvider.fromMap(new Map([["TRAINING_LEDGER_KEK", text.trim()]]))
      const fromEnv = yield* Kek.fromEnv("TRAINING_LEDGER_KEK").pipe(Effect.withConfigProvider(provider))
      expect(fromEnv.id).toBe(fromFile.id)
      const wrapped = yield* fromFile.wrap(dek(), "p")
      expect((yield* fromEnv.unwrap(wrapped, "p")).length).toBe(32)
      expect(failure(yield* Effect.exit(Kek.generateKekFile(path)))._tag).toBe("KeyFileExists")
    })
  )
})

describe("a keyring", () => {
  it.effect("wraps with the current KEK and unwraps with the KEK each wrapped key names", () =>
    Effect.gen(function* () {
      const old = randomKek()
      const next = randomKek()
      const underOld = yield* old.wrap(dek(), "p1")
      const ring = keyring(next, old)
      expect(ring.ids).toEqual([next.id, old.id])
      const underNew = yield* ring.wrap(dek(), "p2")
      expect(underNew.kekId).toBe(next.id)
      expect((yield* ring.unwrap(underOld, "p1")).length).toBe(32)
      expect((yield* ring.unwrap(underNew, "p2")).length).toBe(32)
    })
  )

  it.effect("answers UnknownKek for a key wrapped by a KEK it does not hold", () =>
    Effect.gen(function* () {
      const retired = randomKek()
      const wrapped = yield* retired.wrap(dek(), "p")
      const error = failure(yield* Effect.exit(keyring(randomKek()).unwrap(wrapped, "p")))
      expect(error._tag).toBe("UnknownKek")
      expect(error.message).toContain(retired.id)
    })
  )

  it("refuses two keys with one id", () => {
    const kek = randomKek()
    const result = Kek.makeKeyring(kek, [kek])
    expect(Either.isLeft(result) && result.left._tag).toBe("InvalidKeyring")
  })

  it.effect("is built by the layer from files and variables", () =>
    Effect.gen(function* () {
      const current = temp.path("current.key")
      yield* Kek.generateKekFile(current)
      const previous = randomBytes(32).toString("hex")
      const provider = ConfigProvider.fromMap(new Map([["OLD_KEK", previous]]))
      const ring = yield* Effect.provide(
        Kek.KeyringService,
        Kek.layer({ current: { file: current }, previous: [{ env: "OLD_KEK" }] })
      ).pipe(Effect.withConfigProvider(provider))
      expect(ring.ids).toHaveLength(2)
      expect(ring.current.id).toBe((yield* Kek.fromFile(current)).id)
    })
  )
})
