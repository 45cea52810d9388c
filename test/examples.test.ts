/**
 * The runnable examples, run as a user runs them: `npm run demo`, the Promise embedding and the
 * custom report.
 */
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"

const run = promisify(execFile)
const tsx = (script: string, ...args: Array<string>) =>
  run(process.execPath, ["--import", "tsx", script, ...args], { cwd: process.cwd(), timeout: 120_000 })

describe("examples", () => {
  const dir = mkdtempSync(join(tmpdir(), "training-ledger-demo-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("the demo refuses a store that already holds events, unless asked to start afresh", async () => {
    const db = `sqlite:${join(dir, "kept.sqlite")}`
    await tsx("examples/cipinang-batik-2024.ts", "--db", db)
    const refused = await tsx("examples/cipinang-batik-2024.ts", "--db", db).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error
    )
    expect(refused?.code).toBe(1)
    expect(refused?.stderr).toMatch(/already holds 29\d events: the demo records only into a new or empty store/)
  })

  it("the demo records the founding case and prints its summary, twice in a row on the same file", async () => {
    const db = `sqlite:${join(dir, "demo.sqlite")}`
    for (let round = 0; round < 2; round++) {
      const { stdout } = await tsx("examples/cipinang-batik-2024.ts", "--db", db, "--fresh")
      expect(stdout).toContain(`Basis data / database: ${db}`)
      expect(stdout).toContain("Surat / letter: B-535/IKMA.3/IND/VII/2024")
      expect(stdout).toContain("Mitra / partner: Yayasan Batik Indonesia (trainer)")
      expect(stdout).toContain("Penutupan / closed: 2024-09-07 10:00 WIB")
      expect(stdout).toMatch(/Peserta \/ participants: 25 \(WBP \/ inmates \d+, petugas \/ officers \d+/)
      expect(stdout).toContain("Sertifikat / certificates: 3 (petugas / officers 1, WBP / inmates 2)")
      for (const n of ["001", "002", "003"]) expect(stdout).toContain(`${n}/SERT-BLK/LPCIP/IX/2024`)
      expect(stdout).toMatch(/001\/SERT-BLK\/LPCIP\/IX\/2024 {2}petugas/)
      expect(stdout).toMatch(/Verifikasi rantai hash \/ hash chain: UTUH \/ INTACT \(\d+ events/)
      expect(stdout).not.toMatch(/Warga Binaan Contoh \d/) // names are masked
    }
  })

  it("the custom report (certified inmates per facility per year) is built from the log and queried in SQL", async () => {
    const { stdout } = await tsx("examples/custom-report.ts")
    const lines = stdout.split("\n").map((l) => l.trim().split(/\s+/))
    expect(lines).toContainEqual(["LPCIP", "2024", "2", "1"])
    expect(lines).toContainEqual(["LPPTNG", "2025", "3", "0"])
    expect(stdout).toMatch(/report checkpoint: position (\d+) of \1/)
  })

  it("the Promise embedding example runs and shows a rule's rejection", async () => {
    const { stdout } = await tsx("examples/embed-promise.ts")
    expect(stdout).toContain("rejected (AttendanceAlreadyRecorded)")
    expect(stdout).toContain("verify: Intact")
  })
})
