import { describe, expect, it } from "vitest"
import { abbreviation, describeZone, formatInstant, isTimeZone, toLocal } from "../../src/reports/Time.js"

const closing = new Date("2024-09-07T03:00:00Z") // the founding case's closing, 10:00 WIB

describe("instants in the facility's zone", () => {
  it("prints the closing as 10.00 WIB in Jakarta, 11.00 WITA in Makassar, 12.00 WIT in Jayapura", () => {
    expect(formatInstant(closing, "Asia/Jakarta", { lang: "id" })).toBe("7 September 2024 pukul 10.00 WIB")
    expect(formatInstant(closing, "Asia/Makassar", { lang: "id" })).toBe("7 September 2024 pukul 11.00 WITA")
    expect(formatInstant(closing, "Asia/Jayapura", { lang: "id" })).toBe("7 September 2024 pukul 12.00 WIT")
    expect(formatInstant(closing, "Asia/Jakarta", { lang: "en" })).toBe("7 September 2024, 10:00 WIB")
  })

  it("has a short style for tables and a compact one for CSV and terminals", () => {
    expect(formatInstant(closing, "Asia/Jakarta", { lang: "id", style: "short" })).toBe("7 Sep 2024 10.00 WIB")
    expect(formatInstant(new Date("2024-08-28T00:00:00Z"), "Asia/Jakarta", { lang: "id", style: "short" })).toBe(
      "28 Agu 2024 07.00 WIB"
    )
    expect(formatInstant(closing, "Asia/Makassar", { style: "compact" })).toBe("2024-09-07 11:00 WITA")
    expect(formatInstant(closing, "Asia/Jakarta", { style: "compact", offset: true })).toBe(
      "2024-09-07 10:00 WIB (UTC+07:00)"
    )
  })

  it("shows the offset for zones without an Indonesian abbreviation, daylight saving included", () => {
    expect(formatInstant(closing, "Asia/Kolkata", { lang: "en", style: "compact" })).toBe("2024-09-07 08:30 UTC+05:30")
    expect(formatInstant(new Date("2024-01-15T12:00:00Z"), "Europe/Berlin", { style: "compact" })).toBe(
      "2024-01-15 13:00 UTC+01:00"
    )
    expect(formatInstant(new Date("2024-07-15T12:00:00Z"), "Europe/Berlin", { style: "compact" })).toBe(
      "2024-07-15 14:00 UTC+02:00"
    )
    expect(formatInstant(closing, "UTC", { style: "compact" })).toBe("2024-09-07 03:00 UTC")
  })

  it("crosses the date line into the local date", () => {
    // 20:00 UTC on 6 September is already 7 September in Jayapura
    expect(toLocal(new Date("2024-09-06T20:00:00Z"), "Asia/Jayapura")).toEqual({
      date: "2024-09-07",
      time: "05:00",
      seconds: 0,
      offset: "+09:00",
      zone: "WIT"
    })
  })

  it("reads an unknown zone as UTC and says so", () => {
    expect(isTimeZone("Asia/Atlantis")).toBe(false)
    expect(toLocal(closing, "Asia/Atlantis")).toEqual({
      date: "2024-09-07",
      time: "03:00",
      seconds: 0,
      offset: "+00:00",
      zone: "UTC"
    })
  })

  it("describes a zone with its abbreviation and offset", () => {
    expect(abbreviation("Asia/Makassar")).toBe("WITA")
    expect(abbreviation("Asia/Kolkata")).toBeUndefined()
    expect(describeZone("Asia/Jakarta", closing)).toBe("Asia/Jakarta (WIB, UTC+07:00)")
    expect(describeZone("Asia/Kolkata", closing)).toBe("Asia/Kolkata (UTC+05:30)")
  })
})
