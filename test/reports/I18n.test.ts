import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import {
  AbsenceReasonCode,
  AttendanceOutcome,
  CertificateType,
  DocumentKind,
  EndReason,
  Instrument,
  ParticipantKind,
  PartnerRole,
  Recommendation,
  RevokeReason
} from "../../src/domain/ReferenceData.js"
import {
  formatDateRange,
  formatDecimal,
  formatInteger,
  formatLocalDate,
  formatPercent,
  formatPointChange,
  label,
  labels
} from "../../src/reports/I18n.js"
import { CertificateStatus, EnrollmentStatus, ProgramStatus } from "../../src/reports/ReportData.js"

const tables = [
  ["kinds", ParticipantKind.literals],
  ["kindsLong", ParticipantKind.literals],
  ["outcomes", AttendanceOutcome.literals],
  ["outcomesShort", AttendanceOutcome.literals],
  ["symbols", AttendanceOutcome.literals],
  ["absenceReasons", AbsenceReasonCode.literals],
  ["endReasons", EndReason.literals],
  ["enrollmentStatuses", EnrollmentStatus.literals],
  ["programStatuses", ProgramStatus.literals],
  ["certificateStatuses", CertificateStatus.literals],
  ["certificateTypes", CertificateType.literals],
  ["revokeReasons", RevokeReason.literals],
  ["recommendations", Recommendation.literals],
  ["documentKinds", DocumentKind.literals],
  ["partnerRoles", PartnerRole.literals],
  ["instruments", Instrument.literals]
] as const

describe("labels", () => {
  it.each(tables)("every %s code has a label in Indonesian and in English, and the two differ", (table, codes) => {
    for (const code of codes) {
      const id = labels("id")[table].get(code)
      const en = labels("en")[table].get(code)
      expect(id, `id ${table} ${code}`).toBeTruthy()
      expect(en, `en ${table} ${code}`).toBeTruthy()
      if (table !== "kinds" && table !== "kindsLong") continue
      expect(id).not.toBe(en)
    }
    expect(labels("id")[table].size).toBe(codes.length)
    expect(labels("en")[table].size).toBe(codes.length)
  })

  it("names the participant kinds as the facility does", () => {
    expect(label(labels("id").kinds, "inmate")).toBe("WBP")
    expect(label(labels("id").kinds, "detainee")).toBe("Tahanan")
    expect(label(labels("id").kinds, "officer")).toBe("Petugas")
  })

  it("uses H/T/I/A in Indonesian and P/L/E/U in English for the register", () => {
    expect(AttendanceOutcome.literals.map((o) => label(labels("id").symbols, o)).join("")).toBe("HTIA")
    expect(AttendanceOutcome.literals.map((o) => label(labels("en").symbols, o)).join("")).toBe("PLEU")
  })

  it("prints an unknown code as itself, and a caller string cannot reach an object's prototype", () => {
    expect(label(labels("id").endReasons, "a-new-reason")).toBe("a-new-reason")
    expect(label(labels("id").endReasons, "constructor")).toBe("constructor")
    expect(label(labels("id").endReasons, "__proto__")).toBe("__proto__")
  })
})

describe("numbers and dates per language", () => {
  it("formats percentages and integers", () => {
    expect(formatPercent(0.871, "id")).toBe("87,1%")
    expect(formatPercent(0.871, "en")).toBe("87.1%")
    expect(formatPercent(1, "id")).toBe("100,0%")
    expect(formatPercent(null, "id")).toBe("—")
    expect(formatInteger(1234, "id")).toBe("1.234")
    expect(formatInteger(1234, "en")).toBe("1,234")
    expect(formatInteger(1234567, "id")).toBe("1.234.567")
    expect(formatInteger(-3, "en")).toBe("−3")
    expect(formatDecimal(1234.5, "id", 2)).toBe("1.234,50")
    expect(formatPointChange(0.526, 0.4706, "id")).toBe("+5,5 pp")
    expect(formatPointChange(0.4, 0.5, "en")).toBe("−10.0 pp")
  })

  it("writes a grouped integer that reads back to itself (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (n) => {
        expect(Number(formatInteger(n, "id").replace(/\./g, ""))).toBe(n)
        expect(Number(formatInteger(n, "en").replace(/,/g, ""))).toBe(n)
      })
    )
  })

  it("formats dates and periods", () => {
    expect(formatLocalDate("2024-09-07", "id")).toBe("7 September 2024")
    expect(formatLocalDate("2024-08-28", "id", "short")).toBe("28 Agu 2024")
    expect(formatLocalDate("2024-08-28", "en", "short")).toBe("28 Aug 2024")
    expect(formatLocalDate("2024-12-01", "id", "day")).toBe("1 Des")
    expect(formatDateRange("2024-09-03", "2024-09-07", "id")).toBe("3–7 September 2024")
    expect(formatDateRange("2024-08-30", "2024-09-02", "id")).toBe("30 Agustus – 2 September 2024")
    expect(formatDateRange("2024-12-30", "2025-01-02", "en")).toBe("30 December 2024 – 2 January 2025")
    expect(formatDateRange("2024-09-07", "2024-09-07", "en")).toBe("7 September 2024")
  })
})
