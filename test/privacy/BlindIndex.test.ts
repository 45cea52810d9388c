import { afterAll, describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import * as BlindIndex from "../../src/privacy/BlindIndex.js"
import * as KeyMaterial from "../../src/privacy/KeyMaterial.js"
import { tempDir } from "./support.js"

const temp = tempDir()
afterAll(temp.remove)

const index = () => BlindIndex.make(Effect.runSync(KeyMaterial.fromBytes(new Uint8Array(randomBytes(32)))))
const value = (bi: BlindIndex.BlindIndex, field: BlindIndex.IndexedField, text: string) =>
  Either.getOrThrow(bi.compute(field, text))

const nik = "3171234567890001"
const nip = "198001012005011001"

describe("BlindIndex", () => {
  it("is stable: the same number under the same key always gives the same 64 hex digits", () => {
    const bi = index()
    expect(value(bi, "nik", nik)).toMatch(/^[0-9a-f]{64}$/)
    expect(value(bi, "nik", nik)).toBe(value(bi, "nik", nik))
  })

  it("normalises: spaces, dots, hyphens and full-width digits index as the plain number", () => {
    const bi = index()
    const plain = value(bi, "nip", nip)
    for (const written of [
      "19800101 200501 1 001",
      " 19800101.200501.1.001 ",
      "19800101-200501-1-001",
      "１９８００１０１２００５０１１００１"
    ]) {
      expect(value(bi, "nip", written)).toBe(plain)
    }
    expect(Either.getOrThrow(BlindIndex.normalise("nik", "3171 2345 6789 0001"))).toBe(nik)
  })

  it("is distinct: other numbers, the other field, and another key give other values", () => {
    const bi = index()
    const values = new Set([
      value(bi, "nik", nik),
      value(bi, "nik", "3171234567890002"),
      value(bi, "nip", "317123456789000100"),
      value(index(), "nik", nik)
    ])
    expect(values.size).toBe(4)
    expect(value(bi, "nik", nik)).not.toContain(nik)
  })

  it("gives distinct values to distinct NIKs (property)", () => {
    const bi = index()
    const digits = fc.stringMatching(/^[0-9]{16}$/)
    fc.assert(
      fc.property(digits, digits, (a, b) => {
        fc.pre(a !== b)
        expect(value(bi, "nik", a)).not.toBe(value(bi, "nik", b))
      }),
      { numRuns: 200 }
    )
  })

  it("refuses what is not 16 (NIK) or 18 (NIP) digits, naming the field and not the value", () => {
    const bi = index()
    for (const [field, bad] of [
      ["nik", "317123456789000"],
      ["nik", "31712345678900011"],
      ["nik", "3171a34567890001"],
      ["nip", nik],
      ["nik", "٣١٧١٢٣٤٥٦٧٨٩٠٠٠١"]
    ] as const) {
      const result = bi.compute(field, bad)
      expect(Either.isLeft(result)).toBe(true)
      if (Either.isLeft(result)) {
        expect(result.left._tag).toBe("InvalidParticipantData")
        expect(result.left.field).toBe(field)
        expect(result.left.message).not.toContain(bad)
      }
    }
  })

  it.effect("has a key id of its own, and reads its key from a file or a variable alike", () =>
    Effect.gen(function* () {
      const path = temp.path("index.key")
      yield* KeyMaterial.generateFile(path)
      const fromFile = yield* Effect.provide(BlindIndex.BlindIndexService, BlindIndex.layer({ file: path }))
      expect(fromFile.keyId).toMatch(/^bik-[0-9a-f]{16}$/)
      const provider = ConfigProvider.fromMap(new Map([["TL_INDEX_KEY", readFileSync(path, "utf8")]]))
      const fromEnv = yield* Effect.provide(
        BlindIndex.BlindIndexService,
        BlindIndex.layer({ env: "TL_INDEX_KEY" })
      ).pipe(Effect.withConfigProvider(provider))
      expect(fromEnv.keyId).toBe(fromFile.keyId)
      expect(value(fromEnv, "nik", nik)).toBe(value(fromFile, "nik", nik))
    })
  )
})
