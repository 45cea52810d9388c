import { describe, expect, it } from "vitest"
import { escapeMarkdown, renderMarkdown } from "../../src/reports/Markdown.js"
import { foundingReport, hostileNames } from "./fixture.js"

/** The tables of a Markdown text: runs of lines that start with "|". */
const tables = (markdown: string): ReadonlyArray<ReadonlyArray<string>> => {
  const found: Array<Array<string>> = []
  let current: Array<string> | undefined
  for (const line of markdown.split("\n")) {
    if (line.startsWith("|")) {
      if (current === undefined) found.push((current = []))
      current.push(line)
    } else current = undefined
  }
  return found
}

/** Cells of a table line, split at pipes that are not escaped. */
const cellsOf = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/)

describe("the Markdown report", () => {
  const data = foundingReport({ names: hostileNames, namesShown: true, previous: true })

  it.each(["id", "en"] as const)("has well-formed tables (%s)", (lang) => {
    const markdown = renderMarkdown(data, { lang })
    const found = tables(markdown)
    expect(found.length).toBeGreaterThanOrEqual(10)
    for (const table of found) {
      const width = cellsOf(table[0]!).length
      expect(table[1]).toMatch(/^\|( (---|---:|:---:) \|)+$/)
      for (const line of table) {
        expect(line.endsWith("|")).toBe(true)
        expect(cellsOf(line), line).toHaveLength(width)
      }
    }
  })

  it("has the report's sections", () => {
    const markdown = renderMarkdown(data, { lang: "id" })
    const headings = markdown.split("\n").filter((l) => l.startsWith("## "))
    expect(headings).toEqual([
      "## Ringkasan program",
      "## Kehadiran",
      "## Daftar peserta",
      "## Hasil penilaian",
      "## Register sertifikat",
      "## Bahan evaluasi",
      "## Keterlacakan"
    ])
    expect(markdown).toContain("| Tingkat kehadiran | 87,1% |")
  })

  it("escapes names so they stay text: no markup, no broken rows, masks kept literally", () => {
    const markdown = renderMarkdown(data, { lang: "en" })
    expect(markdown).not.toContain("<script")
    expect(markdown).toContain("&lt;script&gt;")
    expect(markdown).toContain("Line one<br>Line two")
    const roster = tables(markdown).find((t) => t[0]!.includes("Enrolled by"))!
    expect(roster).toHaveLength(2 + data.roster.length)
    const masked = renderMarkdown(foundingReport(), { lang: "id" })
    expect(masked).toContain("P\\*\\*\\*\\*\\*\\* C\\*\\*\\*\\*\\* S\\*\\*\\*")
    expect(escapeMarkdown("a|b_c*d`e[f]g#h~i\\j")).toBe("a\\|b\\_c\\*d\\`e\\[f\\]g\\#h\\~i\\\\j")
  })
})
