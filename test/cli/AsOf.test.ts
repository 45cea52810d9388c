/**
 * The cutoffs of --as-of and --recorded-by: parsed symbolically, resolved in the program's zone.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Option } from "effect"
import * as AsOf from "../../src/cli/AsOf.js"

const parse = (asOf?: string, recordedBy?: string) =>
  Effect.runSync(Effect.either(AsOf.parse(Option.fromNullable(asOf), Option.fromNullable(recordedBy))))

const resolve = (timeZone: string, asOf?: string, recordedBy?: string) => {
  const parsed = parse(asOf, recordedBy)
  if (parsed._tag === "Left") throw parsed.left
  return AsOf.resolve(parsed.right, timeZone)
}

const event = (position: number, occurredAt: string, recordedAt = occurredAt) => ({
  position,
  occurredAt: new Date(occurredAt),
  recordedAt: new Date(recordedAt)
})

describe("AsOf", () => {
  it("a date is the end of that local day in the facility's zone (WIB, WITA, WIT)", () => {
    expect(resolve("Asia/Jakarta", "2024-09-04").occurredBefore?.toISOString()).toBe("2024-09-04T17:00:00.000Z")
    expect(resolve("Asia/Makassar", "2024-09-04").occurredBefore?.toISOString()).toBe("2024-09-04T16:00:00.000Z")
    expect(resolve("Asia/Jayapura", "2024-12-31").occurredBefore?.toISOString()).toBe("2024-12-31T15:00:00.000Z")
    const cutoff = resolve("Asia/Jakarta", "2024-09-04")
    // 23:59 WIB on the 4th is in; 00:00 WIB on the 5th is out
    expect(AsOf.includes(cutoff)(event(1, "2024-09-04T16:59:00Z"))).toBe(true)
    expect(AsOf.includes(cutoff)(event(2, "2024-09-04T17:00:00Z"))).toBe(false)
  })

  it("a back-dated event is in by business time and out by record time", () => {
    const backDated = event(9, "2024-09-03T02:00:00Z", "2024-09-10T02:00:00Z")
    expect(AsOf.includes(resolve("Asia/Jakarta", "2024-09-04"))(backDated)).toBe(true)
    expect(AsOf.includes(resolve("Asia/Jakarta", undefined, "2024-09-04"))(backDated)).toBe(false)
    expect(AsOf.includes(resolve("Asia/Jakarta", "2024-09-04", "2024-09-10 09:00"))(backDated)).toBe(true)
    expect(AsOf.includes(resolve("Asia/Jakarta", "2024-09-04", "2024-09-10 08:59"))(backDated)).toBe(false)
  })

  it("positions, local times and instants", () => {
    expect(resolve("Asia/Jakarta", "#150")).toMatchObject({ toPosition: 150 })
    expect(resolve("Asia/Jakarta", "150")).toMatchObject({ toPosition: 150 })
    expect(AsOf.includes(resolve("Asia/Jakarta", "150"))(event(150, "2030-01-01T00:00:00Z"))).toBe(true)
    expect(AsOf.includes(resolve("Asia/Jakarta", "150"))(event(151, "2000-01-01T00:00:00Z"))).toBe(false)
    // a local time is read in the zone; an instant carries its own offset; both inclusive
    const local = resolve("Asia/Jakarta", "2024-09-05 10:00")
    expect(AsOf.includes(local)(event(1, "2024-09-05T03:00:00Z"))).toBe(true)
    expect(AsOf.includes(local)(event(1, "2024-09-05T03:00:00.001Z"))).toBe(false)
    expect(resolve("Asia/Jakarta", "2024-09-05T10:00+07:00").occurredBefore).toEqual(local.occurredBefore)
    expect(resolve("Asia/Jakarta", "2024-09-05T03:00Z").occurredBefore).toEqual(local.occurredBefore)
  })

  it("refuses what is none of the forms, naming the option and the rule", () => {
    for (const [asOf, recordedBy, option, rule] of [
      ["2024-02-30", undefined, "as-of", "no such date"],
      ["yesterday", undefined, "as-of", "use a date"],
      ["0", undefined, "as-of", "a whole number from 1"],
      ["2024-09-05 25:00", undefined, "as-of", "no such date or time"],
      [undefined, "150", "recorded-by", "a log position is not a time here"],
      [undefined, "2024-09-05T10:00+7", "recorded-by", "use a date"]
    ] as const) {
      const result = parse(asOf, recordedBy)
      expect(result._tag).toBe("Left")
      if (result._tag === "Left") {
        expect(result.left).toMatchObject({ _tag: "InvalidAsOf", option })
        expect(result.left.message).toContain(rule)
      }
    }
  })

  it("describes the cutoff in words, in the zone", () => {
    const parsed = parse("2024-09-04", "2024-09-06T12:00Z")
    if (parsed._tag === "Left") throw parsed.left
    expect(AsOf.describe(parsed.right, "Asia/Jakarta")).toBe(
      "as of business time 2024-09-04 (to the end of that day in Asia/Jakarta (WIB, +07:00)); " +
        "recorded by 2024-09-06 19:00 WIB (+07:00)"
    )
    expect(AsOf.describe(AsOf.now, "Asia/Jakarta")).toBe("as recorded now")
  })
})
