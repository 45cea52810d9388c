import { describe, expect, it } from "vitest"
import { renderHtml } from "../../src/reports/Html.js"
import { formatInteger, formatPercent } from "../../src/reports/I18n.js"
import { heldSessions } from "../../src/reports/ReportData.js"
import { foundingReport, hostileNames } from "./fixture.js"
import { markItems, tagsOf } from "./svg.js"

const tableRows = (html: string, name: string): ReadonlyArray<string> => {
  const table = new RegExp(`<table\\b[^>]*data-table="${name}"[^>]*>(.*?)</table>`, "s").exec(html)
  if (table === null) return []
  const body = /<tbody>(.*?)<\/tbody>/s.exec(table[1]!)
  return body?.[1]!.match(/<tr\b[^>]*>.*?<\/tr>/gs) ?? []
}
const cells = (row: string) =>
  Array.from(row.matchAll(/<td\b[^>]*>(.*?)<\/td>/gs)).map((m) => m[1]!.replace(/<[^>]+>/g, ""))
const figureValue = (html: string, figure: string) =>
  new RegExp(`<div class="tile" data-figure="${figure}"><div class="v[^"]*">(.*?)</div>`).exec(html)?.[1]

describe("the HTML report", () => {
  it.each(["id", "en"] as const)(
    "is one self-contained document in %s, without script or outside reference",
    async (lang) => {
      const html = await renderHtml(foundingReport(), { lang })
      expect(html.startsWith("<!doctype html>")).toBe(true)
      expect(html).toContain(`<html lang="${lang}">`)
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'`)
      const { attributes, elements } = tagsOf(html)
      for (const forbidden of ["script", "link", "img", "iframe", "object", "embed", "foreignobject"])
        expect(elements.has(forbidden), forbidden).toBe(false)
      expect([...attributes].filter((a) => a.startsWith("on") || a === "src" || a.endsWith("href"))).toEqual([])
      expect(html).not.toMatch(/url\(|@import|@font-face/)
      expect(html).toContain("@page")
      expect(html).toContain("size: A4")
    }
  )

  it("shows the key figures of the data", async () => {
    const data = foundingReport()
    const html = await renderHtml(data, { lang: "id" })
    const f = data.summary.figures
    expect(figureValue(html, "enrolled")).toBe("25")
    expect(figureValue(html, "certified")).toBe("3")
    expect(figureValue(html, "completed")).toBe(formatInteger(f.completed, "id"))
    expect(figureValue(html, "passed")).toBe(formatInteger(f.passed, "id"))
    expect(figureValue(html, "attendanceRate")).toBe(formatPercent(f.attendanceRate, "id"))
    expect(figureValue(html, "attendanceRate")).toMatch(/^\d+,\d%$/)
    expect(figureValue(html, "sessionsHeld")).toBe("9")
    const byKind = tableRows(html, "by-kind").map(cells)
    expect(byKind.map((r) => r[0])).toEqual(["Petugas", "Warga binaan (WBP)", "Jumlah"])
    expect(byKind.map((r) => r[4])).toEqual(["1", "2", "3"])
    expect(html).toContain("B-535/IKMA.3/IND/VII/2024")
    expect(html).toContain("7 September 2024 pukul 10.00 WIB")
    expect(html).toContain("Yayasan Batik Indonesia")
  })

  it("prints each session's counts and rate as the session summary has them", async () => {
    const data = foundingReport()
    const html = await renderHtml(data, { lang: "en" })
    const rows = tableRows(html, "sessions").map(cells)
    expect(rows).toHaveLength(data.sessions.length)
    rows.forEach((row, i) => {
      const s = data.sessions[i]!
      expect(row.slice(4)).toEqual(
        [s.enrolled, s.present, s.late, s.excused, s.unexcused, s.notRecorded]
          .map(String)
          .concat(formatPercent(s.rate, "en"))
      )
    })
    const chart = /<figure class="chart full" data-chart="attendancePerSession">(.*?)<\/figure>/s.exec(html)![1]!
    expect(markItems(chart, "session")).toHaveLength(heldSessions(data).length)
  })

  it("draws the register grid with one symbol per mark and a legend", async () => {
    const data = foundingReport()
    const html = await renderHtml(data, { lang: "id" })
    const rows = tableRows(html, "register")
    expect(rows).toHaveLength(data.roster.length)
    const marks = html.match(/<td class="m (present|late|excused|unexcused)"/g) ?? []
    expect(marks).toHaveLength(data.attendance.length)
    const unexcused = data.attendance.filter((a) => a.outcome === "unexcused-absence").length
    expect(html.match(/data-outcome="unexcused-absence">A</g)).toHaveLength(unexcused)
    expect(html).toContain("Alpa (tidak hadir tanpa alasan sah)")
    expect(html).toMatch(/T<sup>\*<\/sup>/) // the corrected late arrival
  })

  it("escapes every string: names, titles and findings cannot become markup", async () => {
    const data = foundingReport({
      names: hostileNames,
      namesShown: true,
      title: `Bimtek <b>"Batik"</b> & 'Tenun' </style><script>x()</script>`,
      assessmentTitles: [`<img src=x onerror=alert(1)>`, "Rencana & usaha"],
      findings: `<script>alert("findings")</script>\nbaris kedua`
    })
    for (const lang of ["id", "en"] as const) {
      const html = await renderHtml(data, { lang })
      const { elements, attributes } = tagsOf(html)
      expect(elements.has("script")).toBe(false)
      expect(elements.has("img")).toBe(false)
      expect(html).toContain("Bimtek &lt;b&gt;&quot;Batik&quot;&lt;/b&gt; &amp; &#39;Tenun&#39;")
      expect([...attributes].filter((a) => a.startsWith("on"))).toEqual([])
      // the style element is closed once, by the report itself
      expect(html.match(/<\/style>/g)).toHaveLength(1)
      expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Budi")
      expect(html).toContain("O&#39;Brien &amp; &quot;Sons&quot;, Ltd.")
      expect(html).toContain("José Ñúñez")
      // a name that tries to close the table leaves every table whole
      expect(tableRows(html, "roster")).toHaveLength(data.roster.length)
      expect(tableRows(html, "register")).toHaveLength(data.roster.length)
      expect(html).toContain("Wayan Sudarmá &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;")
    }
  })

  it("says when there is no previous iteration, and compares when there is", async () => {
    const alone = await renderHtml(foundingReport(), { lang: "en" })
    expect(alone).toContain("No previous iteration in this series yet.")
    const html = await renderHtml(foundingReport({ previous: true }), { lang: "en" })
    const rows = tableRows(html, "comparison").map(cells)
    expect(rows[0]).toEqual(["Enrolled", "25", "20", "+5"])
    expect(rows[3]).toEqual(["Certified", "3", "5", "−2"])
    expect(rows[6]).toEqual(["Attendance rate", "87.1%", "84.2%", "+2.9 pp"])
  })
})
