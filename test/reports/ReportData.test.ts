import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import { describe, expect, it } from "vitest"
import { maskName } from "../../src/reports/Mask.js"
import { decode } from "../../src/reports/ReportData.js"
import { encodedReport } from "./fixture.js"

const decodeEither = (input: unknown) => Effect.runSync(Effect.either(decode(input)))

describe("report data", () => {
  it("decodes the founding case", () => {
    const result = decodeEither(encodedReport())
    expect(Either.isRight(result)).toBe(true)
    if (Either.isRight(result)) {
      expect(result.right.roster).toHaveLength(25)
      expect(result.right.summary.figures.certified).toBe(3)
    }
  })

  it("refuses bad input naming the field and the rule", () => {
    const bad = encodedReport()
    const input = {
      ...bad,
      summary: {
        ...bad.summary,
        facility: { ...bad.summary.facility, timeZone: "Asia/Atlantis" },
        figures: { ...bad.summary.figures, attendanceRate: 1.5 }
      },
      sessions: bad.sessions.map((s, i) => (i === 0 ? { ...s, date: "2024-02-30" } : s))
    }
    const result = decodeEither(input)
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left._tag).toBe("ReportDataInvalid")
      expect(result.left.message).toContain("timeZone")
      expect(result.left.message).toContain("not an IANA time zone: Asia/Atlantis")
      expect(result.left.message).toContain("attendanceRate")
      expect(result.left.message).toMatch(/sessions\[0\]\.date: .*YYYY-MM-DD/)
    }
  })
})

describe("masked names", () => {
  it("keeps each word's first letter and its length", () => {
    expect(maskName("Petugas Contoh Satu")).toBe("P****** C***** S***")
    expect(maskName("  Imam Syafi'i ")).toBe("I*** S****'*")
    expect(maskName("José Ñúñez")).toBe("J*** Ñ****")
    expect(maskName("(fiktif) Ayu")).toBe("(f*****) A**")
  })
})
