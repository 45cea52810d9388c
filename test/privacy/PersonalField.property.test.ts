import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as PersonalField from "../../src/privacy/PersonalField.js"
import { dataKey } from "./support.js"

const key = dataKey("WBP-0001")
const encrypt = (text: string, field = "fullName") =>
  Effect.runSync(PersonalField.encrypt("WBP-0001", field, text, key))

// Names and numbers as people type them: any Unicode (astral planes, combining marks, spaces).
const text = fc.string({ unit: "grapheme", maxLength: 80 })
const field = fc.constantFrom("fullName", "nik", "nip", "inmateNumber", "certificate.holderName")

describe("PersonalField (properties)", () => {
  it("decrypt(encrypt(x)) = x for any Unicode text and field", () => {
    fc.assert(
      fc.property(text, field, (x, f) => {
        expect(PersonalField.decrypt("WBP-0001", f, encrypt(x, f), key)).toEqual(Either.right(x))
      }),
      { numRuns: 500 }
    )
  })

  // Short values (1-5 characters) can occur by chance inside any base64url string; from 6 on the
  // chance is below 1e-9 per run, so a hit means the value leaked.
  it("the encrypted string never contains the value, nor its UTF-8 bytes in base64url or hex", () => {
    fc.assert(
      fc.property(
        text.filter((x) => x.length >= 6),
        (x) => {
          const value = encrypt(x)
          expect(value).not.toContain(x)
          expect(value).not.toContain(Buffer.from(x, "utf8").toString("base64url").slice(0, 8))
          expect(value).not.toContain(Buffer.from(x, "utf8").toString("hex").slice(0, 12))
        }
      ),
      { numRuns: 500 }
    )
  })

  it("a value never decrypts for another field", () => {
    fc.assert(
      fc.property(text, field, field, (x, f, g) => {
        fc.pre(f !== g)
        expect(Either.isLeft(PersonalField.decrypt("WBP-0001", g, encrypt(x, f), key))).toBe(true)
      }),
      { numRuns: 200 }
    )
  })
})
