/**
 * The value schemas at the boundary (issue 13, classes 1, 2, 6, 7): instants, local dates, time
 * zones, numbers, text and ids, and the messages they refuse with.
 */
import * as DateTime from "effect/DateTime"
import * as Either from "effect/Either"
import { FastCheck as fc } from "effect"
import * as ParseResult from "effect/ParseResult"
import * as Schema from "effect/Schema"
import { describe, expect, it } from "vitest"
import { daysInMonth, FacilityCode, LocalDate, LocalTime, ParticipantId } from "../../src/domain/Identifiers.js"
import { Instant, parseInstant } from "../../src/domain/Instant.js"
import { FiniteNumber, Integer } from "../../src/domain/Numbers.js"
import { AbsenceReasonCode, absenceOutcome, ParticipantKind, PartnerRole } from "../../src/domain/ReferenceData.js"
import { isCleanText } from "../../src/domain/Text.js"
import { TimeZone } from "../../src/domain/TimeZone.js"
import { Reason, Text } from "../../src/domain/program/Values.js"

/** The refusal message of a value, or "ok". */
const verdict =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (u: unknown): string =>
    Either.match(Schema.decodeUnknownEither(schema)(u), {
      onLeft: (e) => ParseResult.ArrayFormatter.formatErrorSync(e)[0]!.message,
      onRight: () => "ok"
    })

const instantForm = "must be an ISO-8601 instant with an offset or Z, e.g. 2024-09-03T08:00:00+07:00"

describe("Instant", () => {
  const instant = verdict(Instant)
  const decode = Schema.decodeUnknownSync(Instant)

  it("reads ISO-8601 with Z or an offset, with or without seconds and fractions", () => {
    expect(decode("2024-09-03T08:00:00+07:00").epochMillis).toBe(Date.UTC(2024, 8, 3, 1))
    expect(decode("2024-09-03T08:00+07:00").epochMillis).toBe(Date.UTC(2024, 8, 3, 1))
    expect(decode("2024-09-03T01:00:00Z").epochMillis).toBe(Date.UTC(2024, 8, 3, 1))
    expect(decode("2024-09-03T01:00:00.5Z").epochMillis).toBe(Date.UTC(2024, 8, 3, 1, 0, 0, 500))
    expect(decode("2024-09-03T01:00:00.123456789Z").epochMillis).toBe(Date.UTC(2024, 8, 3, 1, 0, 0, 123))
    expect(decode("2024-09-02T20:30:00-04:30").epochMillis).toBe(Date.UTC(2024, 8, 3, 1))
    expect(decode("2024-09-03T15:00:00+14:00").epochMillis).toBe(Date.UTC(2024, 8, 3, 1))
    expect(decode("2024-02-29T00:00:00Z").epochMillis).toBe(Date.UTC(2024, 1, 29))
  })

  it("decodes what Schema.DateTimeUtc stored, and encodes to the same form", () => {
    const stored = "2024-09-03T01:00:00.000Z"
    expect(Schema.encodeSync(Instant)(decode(stored))).toBe(stored)
    expect(Schema.encodeSync(Instant)(decode("2024-09-03T08:00:00+07:00"))).toBe(stored)
    expect(Schema.encodeSync(Instant)(decode(stored))).toBe(
      Schema.encodeSync(Schema.DateTimeUtc)(Schema.decodeSync(Schema.DateTimeUtc)(stored))
    )
  })

  it("refuses impossible calendar values, naming the value and the form", () => {
    expect(instant("2024-02-30T00:00:00Z")).toBe(`2024-02-30 is not a calendar date: ${instantForm}`)
    expect(instant("2023-02-29T00:00:00Z")).toContain("2023-02-29 is not a calendar date")
    expect(instant("2024-13-01T00:00:00Z")).toContain("is not a calendar date")
    expect(instant("2024-09-00T00:00:00Z")).toContain("is not a calendar date")
    expect(instant("2024-09-03T24:00:00Z")).toContain("is not a time of day")
    expect(instant("2024-09-03T23:60:00Z")).toContain("is not a time of day")
    expect(instant("2024-09-03T23:59:60Z")).toContain("is not a time of day")
    expect(instant("2024-09-03T08:00:00+14:01")).toContain("is not a UTC offset")
    expect(instant("2024-09-03T08:00:00+07:60")).toContain("is not a UTC offset")
    expect(instant("0000-01-01T00:00:00Z")).toBe("must be between the years 0001 and 9999 in UTC")
  })

  it("refuses every other form with the form to use", () => {
    for (const s of [
      "01/09/2024 08:00",
      "01/09/2024",
      "2024-09-03",
      "2024-09-03T08:00:00",
      "2024-09-03 08:00:00Z",
      "2024-09-03t08:00:00z",
      "2024-9-3T08:00:00Z",
      "2024-09-03T8:00:00Z",
      "2024-09-03T08:00:00+0700",
      "2024-09-03T08:00:00+07",
      "Tue, 03 Sep 2024 01:00:00 GMT",
      "1725325200000",
      "",
      " 2024-09-03T01:00:00Z",
      "2024-09-03T01:00:00Z\n",
      "+002024-09-03T01:00:00Z"
    ])
      expect(instant(s), s).toBe(instantForm)
    for (const u of [1725325200000, null, undefined, new Date(), DateTime.unsafeMake(0), {}, NaN])
      expect(instant(u), String(u)).toBe(instantForm)
  })

  it("reads every instant of years 0001-9999 written with any offset as that instant (property)", () => {
    const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0")
    fc.assert(
      fc.property(
        // 0001-01-02 to 9999-12-30, so that the local time with any offset has a four-digit year
        fc.integer({ min: -62135596800000 + 86_400_000, max: 253402300799999 - 86_400_000 }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (millis, offset) => {
          const local = new Date(millis + offset * 60_000)
          const iso =
            `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
            `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
            `.${pad(local.getUTCMilliseconds(), 3)}` +
            `${offset < 0 ? "-" : "+"}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
          expect(parseInstant(iso)).toBe(millis)
          expect(Schema.encodeSync(Instant)(decode(iso))).toBe(new Date(millis).toISOString())
        }
      ),
      { numRuns: 2000 }
    )
  })

  it("refuses a day past the end of its month (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        const last = daysInMonth(year, month)
        const y = String(year).padStart(4, "0")
        const m = String(month).padStart(2, "0")
        expect(parseInstant(`${y}-${m}-${last}T12:00:00Z`)).toBeTypeOf("number")
        for (let day = last + 1; day <= 31; day++)
          expect(instant(`${y}-${m}-${day}T12:00:00Z`)).toBe(`${y}-${m}-${day} is not a calendar date: ${instantForm}`)
      })
    )
  })

  it("refuses dates written day/month/year or month/day/year (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1990, max: 2100 }),
        fc.constantFrom("/", "-", "."),
        fc.option(fc.constantFrom(" 08:00", " 08:00:00", "T08:00:00Z"), { nil: "" }),
        (d, m, y, sep, time) => {
          const dd = String(d).padStart(2, "0")
          const mm = String(m).padStart(2, "0")
          expect(instant(`${dd}${sep}${mm}${sep}${y}${time}`)).toBe(instantForm)
          expect(verdict(LocalDate)(`${dd}${sep}${mm}${sep}${y}`)).toBe(
            "must be a calendar date YYYY-MM-DD, e.g. 2024-09-03"
          )
        }
      )
    )
  })
})

describe("LocalDate, LocalTime, FacilityCode, TimeZone", () => {
  it("a local date is a calendar date YYYY-MM-DD", () => {
    const date = verdict(LocalDate)
    expect(date("2024-09-03")).toBe("ok")
    expect(date("2024-02-29")).toBe("ok")
    expect(date("2023-02-29")).toBe(
      "2023-02-29 is not a calendar date: must be a calendar date YYYY-MM-DD, e.g. 2024-09-03"
    )
    expect(date("03/09/2024")).toBe("must be a calendar date YYYY-MM-DD, e.g. 2024-09-03")
    expect(date(20240903)).toBe("must be a calendar date YYYY-MM-DD, e.g. 2024-09-03")
  })

  it("a local time is HH:mm on the 24-hour clock", () => {
    const time = verdict(LocalTime)
    expect(time("08:00")).toBe("ok")
    for (const s of ["8:00", "24:00", "08:60", "08:00:00", "8am", 800])
      expect(time(s)).toBe("must be a time of day HH:mm on the 24-hour clock, e.g. 08:00")
  })

  it("a facility code is upper case", () => {
    expect(verdict(FacilityCode)("LPCIP")).toBe("ok")
    expect(verdict(FacilityCode)("lpcip")).toContain("upper-case")
  })

  it("a time zone is an IANA zone", () => {
    const zone = verdict(TimeZone)
    for (const z of ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"]) expect(zone(z)).toBe("ok")
    for (const z of ["WIB", "Mars/Olympus", "Asia/Jakarta\u0000"]) expect(zone(z)).toMatch(/IANA time zone|U\+0000/)
    expect(zone("x".repeat(65))).toBe("must be at most 64 characters long")
  })
})

describe("numbers", () => {
  it("refuses NaN and ±Infinity, which JSON cannot hold", () => {
    for (const schema of [FiniteNumber, Integer])
      for (const n of [NaN, Infinity, -Infinity])
        expect(verdict(schema)(n)).toBe("must be a finite number (NaN and Infinity cannot be recorded)")
    expect(verdict(FiniteNumber)(0.8)).toBe("ok")
    expect(verdict(Integer)(1.5)).toBe("must be a whole number")
    expect(verdict(Integer)(2 ** 53)).toBe("must be a whole number")
    expect(verdict(Integer)("3")).toBe("must be a number")
  })

  it("accepts every finite double and refuses everything else (property)", () => {
    fc.assert(
      fc.property(fc.double(), (n) => {
        expect(verdict(FiniteNumber)(n) === "ok").toBe(Number.isFinite(n))
      }),
      { numRuns: 2000 }
    )
  })
})

describe("text", () => {
  const text = verdict(Text)
  const rule = "must be text without U+0000 or lone surrogates"

  it("refuses U+0000 and lone surrogates, keeps pairs (emoji, rare CJK)", () => {
    for (const s of ["a\u0000b", "\u0000", "\ud800", "a\udc00", "\udc00\ud800", "x\ud83d"]) expect(text(s)).toBe(rule)
    for (const s of ["Batik 🧵", "𠀀", "Kepala Lapas", "a\u0001b"]) expect(text(s)).toBe("ok")
  })

  it("is bounded: 2,000 characters", () => {
    expect(text("x".repeat(2000))).toBe("ok")
    expect(text("x".repeat(2001))).toBe("must be at most 2000 characters long")
    expect(text("")).toBe("must not be empty")
    expect(verdict(Reason)("")).toBe("ok")
    expect(verdict(Reason)("x".repeat(2001))).toBe("must be at most 2000 characters long")
    expect(text(42)).toBe("must be text (a string)")
  })

  it("accepts a string iff it is well-formed UTF-16 without U+0000 (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 40 }), (s) => {
        const wellFormed = Either.isRight(Either.try(() => encodeURIComponent(s)))
        expect(isCleanText(s)).toBe(wellFormed && !s.includes("\u0000"))
      }),
      { numRuns: 5000 }
    )
  })
})

describe("ids", () => {
  const id = verdict(ParticipantId)

  it("accepts the names of Object.prototype properties", () => {
    for (const s of ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf"])
      expect(id(s)).toBe("ok")
  })

  it("refuses empty, over-long, unclean, control characters, line breaks and spaces at the ends", () => {
    expect(id("x".repeat(128))).toBe("ok")
    expect(id("x".repeat(129))).toBe("must be at most 128 characters long")
    expect(id("")).toBe("must not be empty")
    expect(id("p\u0000")).toBe("must be text without U+0000 or lone surrogates")
    expect(id("p\ud800")).toBe("must be text without U+0000 or lone surrogates")
    for (const s of ["p\u0001", "p\u001f1", "p\u007f", "p\n1", "p\u20281"])
      expect(id(s)).toBe("must not contain control characters or line breaks")
    expect(id(" p1")).toBe("must not begin or end with a space")
    expect(id("p 1")).toBe("ok")
  })
})

describe("codes", () => {
  it("a refused code lists the codes to choose from", () => {
    expect(verdict(ParticipantKind)("wbp")).toBe("must be one of: inmate, detainee, officer")
    expect(verdict(PartnerRole)(null)).toBe("must be one of: trainer, funder, assessor")
    expect(verdict(AbsenceReasonCode)("constructor")).toBe(
      "must be one of: sick, court-hearing, family-visit, schedule-clash, security-regime, temporary-absence, on-duty, refused, other"
    )
  })

  it("reference data is read by code, not by object key", () => {
    expect(absenceOutcome("court-hearing")).toBe("excused-absence")
    expect(absenceOutcome("constructor" as never)).toBe("unexcused-absence")
  })
})
