import { describe, expect, it } from "vitest"
import { charts } from "../../src/reports/Charts.js"
import { formatLocalDate, formatLocalTime } from "../../src/reports/I18n.js"
import { heldSessions } from "../../src/reports/ReportData.js"
import { foundingReport } from "./fixture.js"
import { axisLabels, markItems, tagsOf } from "./svg.js"

describe("charts", () => {
  it.each(["id", "en"] as const)(
    "draws one bar per held session, labelled with its date and time (%s)",
    async (lang) => {
      const data = foundingReport()
      const { attendancePerSession } = await charts(data, lang)
      const sessions = heldSessions(data)
      expect(sessions).toHaveLength(9)
      expect(markItems(attendancePerSession, "session")).toHaveLength(9)
      expect(markItems(attendancePerSession, "rate")).toHaveLength(9)
      const labels = axisLabels(attendancePerSession)
      for (const s of sessions)
        expect(labels).toContain(`${formatLocalDate(s.date, lang, "day")} ${formatLocalTime(s.start, lang)}`)
    }
  )

  it("leaves a cancelled session out of the bars", async () => {
    const data = foundingReport({ cancelSession: 3 })
    expect(data.summary.figures.sessionsCancelled).toBe(1)
    const { attendancePerSession } = await charts(data, "id")
    expect(markItems(attendancePerSession, "session")).toHaveLength(8)
  })

  it("prints each session's rate, the funnel's counts and the kinds' rates from the data", async () => {
    const data = foundingReport()
    const c = await charts(data, "id")
    const rates = markItems(c.attendancePerSession, "rate").map((t) => t.replace(/<[^>]+>/g, ""))
    expect(rates).toEqual(heldSessions(data).map((s) => `${Math.round((s.rate ?? 0) * 100)}%`))
    const funnel = markItems(c.certificationFunnel, "stagetotal").map((t) => t.replace(/<[^>]+>/g, ""))
    expect(funnel).toEqual(["25 (100%)", "19 (76%)", "10 (40%)", "3 (12%)"])
    expect(markItems(c.certificationFunnel, "stage")).toHaveLength(4 * data.summary.byKind.length)
    const kinds = markItems(c.attendanceByKind, "kindrate").map((t) => t.replace(/<[^>]+>/g, ""))
    expect(kinds).toEqual(["84,4%", "87,8%"])
    expect(markItems(c.resultsPerAssessment, "assessment")).toHaveLength(2 * data.assessments.length)
    const counts = markItems(c.resultsPerAssessment, "assessmentcount").map((t) => t.replace(/<[^>]+>/g, ""))
    expect(counts).toEqual(["14", "5", "15", "4"])
  })

  it("escapes hostile assessment titles and contains no script, link or foreign content", async () => {
    const data = foundingReport({ assessmentTitles: [`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`] })
    const c = await charts(data, "en")
    const allowed = new Set(["svg", "g", "path", "rect", "line", "text", "tspan"])
    for (const svg of Object.values(c)) {
      expect(svg.startsWith("<svg")).toBe(true)
      const { attributes, elements } = tagsOf(svg)
      expect([...elements].filter((name) => !allowed.has(name))).toEqual([])
      expect(
        [...attributes].filter((name) => name.startsWith("on") || name.endsWith("href") || name === "src")
      ).toEqual([])
      // every "<" in the markup opens one of the allowed elements or closes one
      expect(svg.match(/<(?!\/?(svg|g|path|rect|line|text|tspan)[\s>/])/g)).toBeNull()
    }
    expect(c.resultsPerAssessment).toContain("&lt;script&gt;")
  })

  it("renders without the canvas package: text is measured from the font's widths", async () => {
    await expect(import("canvas" as string)).rejects.toThrow()
    const { certificationFunnel } = await charts(foundingReport(), "id")
    // Vega's fallback guess (0.8 em per character) would push the plot far to the right of the
    // longest stage label; with DejaVu Sans widths the plot starts just after it.
    const plot = /<g class="mark-group role-frame root"[^>]*><g transform="translate\((\d+(?:\.\d+)?),/.exec(
      certificationFunnel
    )
    const width = /<svg[^>]*\swidth="(\d+)"/.exec(certificationFunnel)
    expect(plot).not.toBeNull()
    expect(Number(width![1])).toBeLessThan(400)
    // "Lulus penilaian" at 10 px is about 75 px wide in DejaVu Sans; the guess would be 120 px.
    const offset = /transform="translate\((\d+(?:\.\d+)?),\d+(?:\.\d+)?\)"><g class="mark-group role-frame root"/.exec(
      certificationFunnel
    )
    expect(Number(offset![1])).toBeLessThan(110)
  })
})
