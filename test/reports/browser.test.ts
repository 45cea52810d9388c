/**
 * The HTML report in a real browser: headless Chromium (Debian's `chromium`) driven by
 * playwright-core. Checks that each chart renders, that the session chart has one bar per held
 * session, that the numbers on the page are the data's, that nothing is fetched and nothing
 * overflows the printed page; saves a full-page screenshot, the HTML and a PDF print under
 * test-artifacts/ for a person to look at.
 *
 * Skipped, with the reason in its name, only when no Chromium binary can be found.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { renderHtml } from "../../src/reports/Html.js"
import { formatInteger, formatPercent } from "../../src/reports/I18n.js"
import { heldSessions } from "../../src/reports/ReportData.js"
import { type Context, executablePath, launch, titled } from "./chromium.js"
import { foundingReport } from "./fixture.js"

// The callbacks below run in the page; the project's TypeScript has no DOM library, so the little
// they use is declared here.
interface Rect {
  readonly left: number
  readonly right: number
  readonly top: number
  readonly bottom: number
}
interface PageElement {
  readonly className: string
  readonly textContent: string | null
  getBoundingClientRect(): Rect
  getAttribute(name: string): string | null
  querySelector(selector: string): PageElement | null
  querySelectorAll(selector: string): ArrayLike<PageElement>
}
declare const document: PageElement

const title = titled("the HTML report in headless Chromium")

const artifacts = resolve("test-artifacts")

describe.skipIf(executablePath === undefined)(title, () => {
  const profile = mkdtempSync(join(tmpdir(), "training-ledger-chromium-"))
  let context: Context

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    context = await launch(profile)
  })

  afterAll(async () => {
    await context?.close()
    rmSync(profile, { recursive: true, force: true })
  })

  it.each(["id", "en"] as const)(
    "renders the charts, one bar per session and the data's numbers, fetching nothing (%s)",
    async (lang) => {
      const data = foundingReport()
      const html = await renderHtml(data, { lang })
      const file = join(artifacts, `report-${lang}.html`)
      writeFileSync(file, html)

      const page = await context.newPage()
      const requests: Array<string> = []
      page.on("request", (request) => requests.push(request.url()))
      await page.route("**/*", (route) =>
        route.request().url().startsWith("file:") ? route.continue() : route.abort("blockedbyclient")
      )
      await page.setViewportSize({ width: 900, height: 1200 })
      await page.goto(pathToFileURL(file).href)
      expect(requests).toEqual([pathToFileURL(file).href])
      expect(await page.getAttribute("html", "lang")).toBe(lang)

      // each chart: a visible, non-empty SVG whose texts stay inside it
      for (const chart of ["attendancePerSession", "attendanceByKind", "resultsPerAssessment", "certificationFunnel"]) {
        const svg = page.locator(`figure[data-chart="${chart}"] svg`)
        await expect(svg.count()).resolves.toBe(1)
        expect(await svg.isVisible()).toBe(true)
        const box = (await svg.boundingBox())!
        expect(box.width, chart).toBeGreaterThan(200)
        expect(box.height, chart).toBeGreaterThan(60)
        const outside = await svg.evaluate((element: PageElement) => {
          const frame = element.getBoundingClientRect()
          return Array.from(element.querySelectorAll("text"))
            .filter((t) => (t.textContent ?? "").trim() !== "")
            .map((t) => ({ text: t.textContent, r: t.getBoundingClientRect() }))
            .filter(
              ({ r }) =>
                r.left < frame.left - 1 ||
                r.right > frame.right + 1 ||
                r.top < frame.top - 1 ||
                r.bottom > frame.bottom + 1
            )
            .map(({ text }) => text)
        })
        expect(outside, `${chart}: texts outside the chart`).toEqual([])
        expect(await svg.locator("path, rect, line").count()).toBeGreaterThan(5)
      }
      const bars = page.locator('figure[data-chart="attendancePerSession"] svg g.session_marks > path')
      expect(await bars.count()).toBe(heldSessions(data).length)
      for (const bar of await bars.all()) expect((await bar.boundingBox())!.height).toBeGreaterThan(10)

      // the key numbers on the page are the data's
      const figure = (name: string) => page.locator(`[data-figure="${name}"] .v`).innerText()
      const f = data.summary.figures
      expect(await figure("enrolled")).toBe(formatInteger(f.enrolled, lang))
      expect(await figure("completed")).toBe(formatInteger(f.completed, lang))
      expect(await figure("passed")).toBe(formatInteger(f.passed, lang))
      expect(await figure("certified")).toBe(formatInteger(f.certified, lang))
      expect(await figure("attendanceRate")).toBe(formatPercent(f.attendanceRate, lang))
      expect(await figure("sessionsHeld")).toBe(formatInteger(f.sessionsHeld, lang))
      const rates = await page.locator('table[data-table="sessions"] tbody tr td:last-child').allInnerTexts()
      expect(rates).toEqual(data.sessions.map((s) => formatPercent(s.rate, lang)))
      expect(await page.locator('table[data-table="certificates"] tbody tr').count()).toBe(data.certificates.length)
      expect(await page.locator('table[data-table="register"] td.m[data-outcome]').count()).toBe(data.attendance.length)

      await page.screenshot({ path: join(artifacts, `report-${lang}.png`), fullPage: true })

      // printed on A4 (182 mm between the margins, 688 CSS px): no table wider than the page
      await page.emulateMedia({ media: "print" })
      await page.setViewportSize({ width: 688, height: 1000 })
      const overflowing = await page.evaluate(() => {
        const report = document.querySelector(".report")!.getBoundingClientRect()
        return Array.from(document.querySelectorAll("table, figure, .tiles, .facts"))
          .filter((element) => element.getBoundingClientRect().right > report.right + 1)
          .map((element) => element.getAttribute("data-table") ?? element.className)
      })
      expect(overflowing).toEqual([])
      await page.pdf({ path: join(artifacts, `report-${lang}.pdf`), preferCSSPageSize: true, printBackground: true })
      await page.close()
    }
  )
})
