/**
 * Where the privacy keys come from (options, environment, random for memory, none) and what a
 * store does with each: a misconfiguration is refused when the store opens, with its own error.
 */
import { afterAll, describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Exit, Layer, Option } from "effect"
import { statSync } from "node:fs"
import { join } from "node:path"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import * as Stores from "../../src/stores/Stores.js"
import { tempDir } from "./support.js"

const temp = tempDir()
afterAll(temp.remove)

const withEnv = (vars: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(vars))))
const failure = <A, E>(exit: Exit.Exit<A, E>): E => {
  if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error(`expected a failure, got ${exit}`)
  return exit.cause.error
}
const officer = { id: "officer-1", role: "program-officer", facility: "LPCIP" }

describe("PrivacyKeys", () => {
  it.effect("generates two key files (0600, in a 0700 directory) once, and reuses them after", () =>
    Effect.gen(function* () {
      const dir = join(temp.dir, "demo.keys")
      const first = yield* PrivacyKeys.generateFiles(dir)
      expect(first.created).toHaveLength(2)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      for (const file of first.created) expect(statSync(file).mode & 0o777).toBe(0o600)
      const again = yield* PrivacyKeys.generateFiles(dir)
      expect(again.created).toEqual([])
      const [a, b] = [yield* PrivacyKeys.load(first), yield* PrivacyKeys.load(again)]
      expect(b.keyring.current.id).toBe(a.keyring.current.id)
      expect(b.blindIndex.keyId).toBe(a.blindIndex.keyId)
      expect(a.keyring.current.id).toMatch(/^kek-/)
      expect(a.blindIndex.keyId).toMatch(/^bik-/)
    })
  )

  it.effect("reads the environment: files or values, previous KEKs; none set is none", () =>
    Effect.gen(function* () {
      const { blindIndexKey, kek } = yield* PrivacyKeys.generateFiles(join(temp.dir, "env.keys"))
      const files = { kek: (kek as { file: string }).file, bik: (blindIndexKey as { file: string }).file }
      expect(yield* PrivacyKeys.fromEnv.pipe(withEnv({}))).toEqual(Option.none())
      expect(yield* PrivacyKeys.fromEnv.pipe(withEnv({ TRAINING_LEDGER_KEK_FILE: "  " }))).toEqual(Option.none())
      const fromFiles = yield* PrivacyKeys.fromEnv.pipe(
        withEnv({
          TRAINING_LEDGER_KEK_FILE: files.kek,
          TRAINING_LEDGER_BLIND_INDEX_KEY_FILE: files.bik,
          TRAINING_LEDGER_PREVIOUS_KEK_FILES: " /a/old.key, /b/older.key ",
          TRAINING_LEDGER_PREVIOUS_KEK: "x"
        })
      )
      expect(fromFiles).toEqual(
        Option.some({
          kek: { file: files.kek },
          previousKeks: [{ file: "/a/old.key" }, { file: "/b/older.key" }, { env: "TRAINING_LEDGER_PREVIOUS_KEK" }],
          blindIndexKey: { file: files.bik }
        })
      )
      const fromValues = yield* PrivacyKeys.fromEnv.pipe(
        withEnv({ TRAINING_LEDGER_KEK: "k", TRAINING_LEDGER_BLIND_INDEX_KEY: "b" })
      )
      expect(fromValues).toEqual(
        Option.some({
          kek: { env: "TRAINING_LEDGER_KEK" },
          previousKeks: [],
          blindIndexKey: { env: "TRAINING_LEDGER_BLIND_INDEX_KEY" }
        })
      )
    })
  )

  it.effect("refuses half a configuration in the environment, saying what is missing", () =>
    Effect.gen(function* () {
      const cases: ReadonlyArray<readonly [Record<string, string>, string]> = [
        [
          { TRAINING_LEDGER_KEK: "k" },
          "neither TRAINING_LEDGER_BLIND_INDEX_KEY_FILE nor TRAINING_LEDGER_BLIND_INDEX_KEY"
        ],
        [{ TRAINING_LEDGER_BLIND_INDEX_KEY: "b" }, "but no KEK"],
        [{ TRAINING_LEDGER_KEK: "k", TRAINING_LEDGER_KEK_FILE: "/k", TRAINING_LEDGER_BLIND_INDEX_KEY: "b" }, "set one"],
        [{ TRAINING_LEDGER_PREVIOUS_KEK: "p" }, "no current KEK"]
      ]
      for (const [env, detail] of cases) {
        const error = failure(yield* Effect.exit(PrivacyKeys.fromEnv.pipe(withEnv(env))))
        expect(error._tag).toBe("PrivacyKeysNotConfigured")
        expect(error.message).toContain(detail)
      }
    })
  )

  it.effect("refuses a KEK and a blind-index key read from the same file", () =>
    Effect.gen(function* () {
      const { kek } = yield* PrivacyKeys.generateFiles(join(temp.dir, "same.keys"))
      const error = failure(yield* Effect.exit(PrivacyKeys.load({ kek, blindIndexKey: kek as { file: string } })))
      expect(error).toMatchObject({ _tag: "InvalidKeyring" })
      expect(error.message).toContain("must be different keys")
    })
  )

  it.effect("a store opened with a wrong key fails to open with the key's own error, not a generic one", () =>
    Effect.gen(function* () {
      const url = `sqlite:${join(temp.dir, "wrong.sqlite")}`
      const keys = PrivacyKeys.random()
      const register = Effect.flatMap(ParticipantRegistry, (r) =>
        r.register({ participantId: "W", kind: "inmate", facility: "LPCIP", fullName: "W" }, officer)
      )
      yield* Effect.provide(register, Stores.layer(url, { privacy: keys }))
      const mismatch = failure(
        yield* Effect.exit(
          Effect.provide(
            register,
            Stores.layer(url, { privacy: { ...keys, blindIndexKey: PrivacyKeys.random().blindIndexKey } })
          )
        )
      )
      expect(mismatch).toMatchObject({ _tag: "BlindIndexKeyMismatch" })
      const missingFile = failure(
        yield* Effect.exit(
          Effect.provide(
            register,
            Stores.layer(url, { privacy: { ...keys, kek: { file: join(temp.dir, "nope.key") } } })
          )
        )
      )
      expect(missingFile).toMatchObject({ _tag: "InvalidKeyMaterial" })
      // Without keys the store still opens; the registry says how to configure them.
      const bare = failure(yield* Effect.exit(Effect.provide(register, Stores.layer(url))))
      expect(bare).toMatchObject({ _tag: "PrivacyKeysNotConfigured" })
    })
  )

  it.effect("memory: stores use random keys unless given some", () =>
    Effect.gen(function* () {
      const registered = yield* Effect.provide(
        Effect.flatMap(ParticipantRegistry, (r) =>
          r.register({ participantId: "M", kind: "inmate", facility: "LPCIP", fullName: "M" }, officer)
        ),
        Stores.layer("memory:")
      )
      expect(registered.status).toBe("registered")
      expect(Layer.isLayer(PrivacyKeys.layerNone)).toBe(true)
    })
  )
})
