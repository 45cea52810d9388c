/**
 * The HTML report as a user gets it: the command line built from source (`dist/cli/main.js`, as
 * the command-line tests run it) records the founding case on a temporary SQLite file and writes
 * `report --format html --out <file>`; headless Chromium opens the file. Checks the page's key
 * numbers against the founding case (25 enrolled, 3 certified: one officer, two inmates), that
 * the four charts render, that the names are masked and that nothing is fetched; saves a
 * full-page screenshot and the HTML under test-artifacts/ for a person to look at.
 *
 * Skipped, with the reason in its name, only when no Chromium binary can be found.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { cli, ensureBuilt } from "../cli/support/bin.js"
import { type Context, executablePath, launch, titled } from "./chromium.js"

const artifacts = resolve("test-artifacts")
const program = "cip-batik-2024"

describe.skipIf(executablePath === undefined)(titled("the command line's HTML report in headless Chromium"), () => {
  const dir = mkdtempSync(join(tmpdir(), "training-ledger-cli-html-"))
  const profile = join(dir, "chromium-profile")
  const file = join(dir, "penutupan.html")
  let context: Context

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    await ensureBuilt()
    const db = ["--db", `sqlite:${join(dir, "founding.sqlite")}`]
    const demo = await cli(["demo", ...db])
    expect(demo.code).toBe(0)
    const keys = ["--keys", /privacy keys: (.+?) \(/.exec(demo.stdout)![1]!]
    const report = await cli(["report", program, ...db, ...keys, "--format", "html", "--lang", "en", "--out", file])
    expect(report.stderr).toBe("")
    expect(report.code).toBe(0)
    expect(report.stdout).toBe(`Program ${program}: html -> ${file}\n`)
    copyFileSync(file, join(artifacts, "cli-report-en.html"))
    context = await launch(profile)
  }, 240_000)

  afterAll(async () => {
    await context?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it("shows the founding case's numbers, its charts and masked names, fetching nothing", async () => {
    const html = readFileSync(file, "utf8")
    expect(html).toMatch(/^<!doctype html>/)
    expect(html).not.toMatch(/Petugas Contoh|Warga Binaan Contoh/)

    const page = await context.newPage()
    const requests: Array<string> = []
    page.on("request", (request) => requests.push(request.url()))
    await page.route("**/*", (route) =>
      route.request().url().startsWith("file:") ? route.continue() : route.abort("blockedbyclient")
    )
    await page.setViewportSize({ width: 900, height: 1200 })
    await page.goto(pathToFileURL(file).href)
    expect(requests).toEqual([pathToFileURL(file).href])
    expect(await page.getAttribute("html", "lang")).toBe("en")

    const figure = (name: string) => page.locator(`[data-figure="${name}"] .v`).innerText()
    expect(await figure("enrolled")).toBe("25")
    expect(await figure("certified")).toBe("3")
    expect(await figure("sessionsHeld")).toBe("9")

    for (const chart of ["attendancePerSession", "attendanceByKind", "resultsPerAssessment", "certificationFunnel"]) {
      const svg = page.locator(`figure[data-chart="${chart}"] svg`)
      await expect(svg.count()).resolves.toBe(1)
      expect(await svg.isVisible(), chart).toBe(true)
      expect((await svg.boundingBox())!.width, chart).toBeGreaterThan(200)
    }
    // one bar per held session: the nine of the founding case
    expect(await page.locator('figure[data-chart="attendancePerSession"] svg g.session_marks > path').count()).toBe(9)

    // the certificate register: three, one officer and two inmates, holders masked
    const certificates = await page.locator('table[data-table="certificates"] tbody tr').allInnerTexts()
    expect(certificates).toHaveLength(3)
    for (const [i, row] of certificates.entries()) expect(row).toContain(`00${i + 1}/SERT-BLK/LPCIP/IX/2024`)
    expect(certificates.filter((row) => row.includes("Officer"))).toHaveLength(1)
    expect(certificates.filter((row) => row.includes("Inmate"))).toHaveLength(2)
    for (const row of certificates) expect(row).toMatch(/\*\*\*/)
    expect(await page.locator('table[data-table="roster"] tbody tr').count()).toBe(25)

    await page.screenshot({ path: join(artifacts, "cli-report-en.png"), fullPage: true })
    await page.close()
  })
})
