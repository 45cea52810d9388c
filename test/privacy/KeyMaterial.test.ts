import { afterAll, describe, expect, it } from "@effect/vitest"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Redacted from "effect/Redacted"
import { randomBytes } from "node:crypto"
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs"
import * as KeyMaterial from "../../src/privacy/KeyMaterial.js"
import { tempDir } from "./support.js"

const temp = tempDir()
afterAll(temp.remove)

const bytesOf = (key: KeyMaterial.KeyMaterial) => Buffer.from(Redacted.value(key.bytes))
const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a failure")
  return exit.cause.error
}

describe("KeyMaterial.parse", () => {
  const raw = randomBytes(32)

  it.effect("reads hex, standard base64 and url-safe base64 of 32 bytes, ignoring surrounding white space", () =>
    Effect.gen(function* () {
      for (const text of [
        raw.toString("hex"),
        raw.toString("base64"),
        raw.toString("base64url"),
        `  ${raw.toString("base64")}\n`
      ]) {
        const key = yield* KeyMaterial.parse(text, "test")
        expect(bytesOf(key).equals(raw)).toBe(true)
      }
    })
  )

  it.effect("refuses anything that is not exactly 32 bytes, without echoing the value", () =>
    Effect.gen(function* () {
      for (const text of ["", randomBytes(16).toString("hex"), randomBytes(33).toString("base64"), "zz".repeat(32)]) {
        const error = failure(yield* Effect.exit(KeyMaterial.parse(text, "env:X")))
        expect(error._tag).toBe("InvalidKeyMaterial")
        expect(error.source).toBe("env:X")
        if (text !== "") expect(error.message).not.toContain(text)
      }
    })
  )

  it("never prints the key bytes", () => {
    const key = Effect.runSync(KeyMaterial.fromBytes(new Uint8Array(raw)))
    expect(String(key.bytes)).not.toContain(raw.toString("hex"))
    expect(JSON.stringify(key)).not.toContain(raw.toString("base64"))
  })
})

describe("KeyMaterial files", () => {
  it.effect("generateFile writes a 32-byte key with mode 0600 that fromFile reads back", () =>
    Effect.gen(function* () {
      const path = temp.path("kek-1.key")
      yield* KeyMaterial.generateFile(path)
      expect(statSync(path).mode & 0o777).toBe(0o600)
      const key = yield* KeyMaterial.fromFile(path)
      expect(bytesOf(key).equals(Buffer.from(readFileSync(path, "utf8").trim(), "base64"))).toBe(true)
      expect(key.source).toBe(`file:${path}`)
    })
  )

  it.effect("generateFile refuses to overwrite an existing file and leaves it as it was", () =>
    Effect.gen(function* () {
      const path = temp.path("kek-2.key")
      yield* KeyMaterial.generateFile(path)
      const before = readFileSync(path, "utf8")
      const error = failure(yield* Effect.exit(KeyMaterial.generateFile(path)))
      expect(error._tag).toBe("KeyFileExists")
      expect(readFileSync(path, "utf8")).toBe(before)
    })
  )

  it.effect("fromFile refuses a key file that group or others may read, unless allowed", () =>
    Effect.gen(function* () {
      const path = temp.path("shared.key")
      writeFileSync(path, randomBytes(32).toString("hex"))
      chmodSync(path, 0o644)
      const error = failure(yield* Effect.exit(KeyMaterial.fromFile(path)))
      expect(error._tag).toBe("InvalidKeyMaterial")
      expect(error.message).toContain("chmod 600")
      const key = yield* KeyMaterial.fromFile(path, { allowGroupOrWorldReadable: true })
      expect(bytesOf(key).length).toBe(32)
    })
  )

  it.effect("fromFile names a missing file", () =>
    Effect.gen(function* () {
      const error = failure(yield* Effect.exit(KeyMaterial.fromFile(temp.path("missing.key"))))
      expect(error.rule).toContain("ENOENT")
    })
  )
})

describe("KeyMaterial.fromEnv", () => {
  it.effect("reads the variable through Config, and names a missing one", () =>
    Effect.gen(function* () {
      const raw = randomBytes(32)
      const provider = ConfigProvider.fromMap(new Map([["TL_KEK", raw.toString("base64")]]))
      const key = yield* KeyMaterial.fromEnv("TL_KEK").pipe(Effect.withConfigProvider(provider))
      expect(bytesOf(key).equals(raw)).toBe(true)
      const error = failure(
        yield* Effect.exit(KeyMaterial.fromEnv("TL_OTHER").pipe(Effect.withConfigProvider(provider)))
      )
      expect(error.message).toBe("Key from env:TL_OTHER cannot be used: the variable is not set")
    })
  )
})
