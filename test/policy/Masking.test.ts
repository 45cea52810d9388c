import { describe, expect, it } from "@effect/vitest"
import { FastCheck as fc } from "effect"
import { Hidden, mask, present } from "../../src/policy/Masking.js"
import { erased } from "../../src/privacy/Erased.js"

describe("mask", () => {
  it("keeps the first letter of each word and stars the rest", () => {
    expect(mask("Pujiati Citra Sari")).toBe("P****** C**** S***")
    // punctuation stays, so a word in brackets keeps its first letter too
    expect(mask("Petugas Contoh Satu (fiktif)")).toBe("P****** C***** S*** (f*****)")
    expect(mask("Warga Binaan Contoh 1 (fiktif)")).toBe("W**** B***** C***** 1 (f*****)")
    expect(mask("  Siti   Aminah ")).toBe("S*** A*****")
    expect(mask("I")).toBe("I")
    expect(mask("")).toBe("")
  })

  it("counts Unicode code points, not UTF-16 units", () => {
    expect(mask("Ñoño 𝒜bc")).toBe("Ñ*** 𝒜**")
  })

  it("leaves the erased marker as it is", () => {
    expect(mask("[erased]")).toBe("[erased]")
  })

  it("never shows more than the first letter of any word (property)", () => {
    const word = fc.stringMatching(/^[A-Za-z]{2,12}$/)
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (words) => {
        const masked = mask(words.join(" ")).split(" ")
        expect(masked).toHaveLength(words.length)
        masked.forEach((m, i) => expect(m).toBe(words[i]![0] + "*".repeat(words[i]!.length - 1)))
      })
    )
  })
})

describe("present", () => {
  it("shows a field in clear when visible, masks a name, hides a number, and shows [erased]", () => {
    expect(present("fullName", "Siti Aminah", ["fullName"])).toBe("Siti Aminah")
    expect(present("fullName", "Siti Aminah", [])).toBe("S*** A*****")
    expect(present("nik", "3171234567890001", ["fullName"])).toBe(Hidden)
    expect(present("nik", "3171234567890001", ["nik"])).toBe("3171234567890001")
    expect(present("fullName", erased, ["fullName"])).toBe("[erased]")
    expect(present("inmateNumber", erased, [])).toBe("[erased]")
  })
})
