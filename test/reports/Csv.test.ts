import { FastCheck as fc } from "effect"
import { describe, expect, it } from "vitest"
import { csvCell, csvTables, renderCsv, writeCsv } from "../../src/reports/Csv.js"
import { printer, table } from "../../src/reports/Tables.js"
import { foundingReport, hostileNames } from "./fixture.js"
import { parseCsv, unguard } from "./rfc4180.js"

const names = [...hostileNames, "Ni Luh Putu Ayu Wulandari", "Wayan Ñoman, S.E.", "Siti 'Aisyah"]
const data = foundingReport({ names, namesShown: true, findings: 'Catatan: "baik", dengan koma;\nbaris kedua' })

describe("CSV export", () => {
  it.each(csvTables)("%s: BOM, CRLF, a header, and rows that parse back to the table's cells", (name) => {
    for (const lang of ["id", "en"] as const) {
      const csv = renderCsv(name, data, { lang })
      expect(csv.startsWith("\uFEFF")).toBe(true)
      expect(csv.endsWith("\r\n")).toBe(true)
      // no bare LF or CR outside quoted fields: every LF is part of a CRLF or inside quotes
      const parsed = parseCsv(csv)
      expect(parsed.bom).toBe(true)
      const expected = table(name, data, printer(data, lang, "data"))
      expect(parsed.records[0]).toEqual(expected.columns.map((c) => c.header))
      expect(parsed.records.slice(1).map((r) => r.map(unguard))).toEqual(expected.rows)
      for (const record of parsed.records) expect(record).toHaveLength(expected.columns.length)
    }
  })

  it("keeps names with accents, commas, quotes and newlines intact in the roster", () => {
    const parsed = parseCsv(renderCsv("roster", data, { lang: "id" }))
    const header = parsed.records[0]!
    const nameColumn = header.indexOf("Nama")
    expect(nameColumn).toBeGreaterThan(0)
    const written = parsed.records.slice(1).map((r) => unguard(r[nameColumn]!))
    expect(written.slice(0, names.length)).toEqual(names)
    expect(written).toContain("José Ñúñez")
    expect(written).toContain("Line one\nLine two")
    expect(written).toContain(`O'Brien & "Sons", Ltd.`)
  })

  it("writes Indonesian headers and labels in id, English in en", () => {
    const id = parseCsv(renderCsv("attendance", data, { lang: "id" }))
    const en = parseCsv(renderCsv("attendance", data, { lang: "en" }))
    expect(id.records[0]).toContain("Dicatat pada")
    expect(en.records[0]).toContain("Recorded at")
    expect(id.records.some((r) => r.includes("Sidang pengadilan"))).toBe(true)
    expect(en.records.some((r) => r.includes("Court hearing"))).toBe(true)
    // instants in the facility's zone, rates in the language's style
    expect(id.records.some((r) => r.includes("2024-09-04 11:30 WIB"))).toBe(true)
    const sessions = parseCsv(renderCsv("sessions", data, { lang: "id" }))
    expect(sessions.records[1]).toContain("91,7%")
    expect(parseCsv(renderCsv("sessions", data, { lang: "en" })).records[1]).toContain("91.7%")
  })

  it("neutralises cells a spreadsheet would run as formulas", () => {
    const parsed = parseCsv(renderCsv("roster", data, { lang: "en" }))
    const cells = parsed.records.flat()
    expect(cells).toContain(`'=HYPERLINK("http://evil")`)
    expect(cells).toContain("'+62 812 3456")
    expect(cells).toContain("'-Minus")
    expect(cells).toContain("'@Sum(A1)")
    for (const cell of cells) expect(cell).not.toMatch(/^[=+\-@]/)
  })

  it("writes a semicolon-delimited file when asked, quoting semicolons", () => {
    const csv = renderCsv("roster", data, { lang: "id", delimiter: ";" })
    const parsed = parseCsv(csv, ";")
    expect(parsed.records[0]![0]).toBe("No.")
    expect(parsed.records.slice(1).map((r) => unguard(r[2]!))).toContain("Ayu Ningsih, S.Pd.")
    expect(csvCell("a;b", ";")).toBe('"a;b"')
  })

  it("round-trips any text through a cell (property)", () => {
    const text = fc.string({ unit: "binary", maxLength: 40 })
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 3, maxLength: 3 }), { maxLength: 5 }), (rows) => {
        const t = {
          columns: ["a", "b", "c"].map((header) => ({ header, align: "left" as const, kind: "text" as const })),
          rows
        }
        const parsed = parseCsv(writeCsv(t))
        expect(parsed.records.slice(1).map((r) => r.map(unguard))).toEqual(rows)
      }),
      { numRuns: 200 }
    )
  })
})
