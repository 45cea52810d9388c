/**
 * The auditors' command line against a real SQLite file: an intact log verifies, a seal checks,
 * and a row changed behind the ledger's back is named by position (exit code 1).
 */
import { SqlClient } from "@effect/sql"
import { SqliteClient } from "@effect/sql-sqlite-node"
import { Effect } from "effect"
import { execFile } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"
import { openLedger } from "../src/promise.js"
import { setupJson } from "../examples/scenario/attendanceProgram.js"

const cli = (...args: Array<string>) =>
  promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    timeout: 60_000
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (error: { code: number; stdout: string; stderr: string }) => error
  )

describe("training-ledger command line", () => {
  const dir = mkdtempSync(join(tmpdir(), "training-ledger-cli-"))
  const file = join(dir, "ledger.sqlite")
  const db = `sqlite:${file}`
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("verifies, seals, shows a timeline, and names the position of a tampered row", async () => {
    const ledger = await openLedger({ url: db })
    for (const command of setupJson("cli-program", 3, 2)) {
      await ledger.execute(command, {
        actor: { id: "officer-1", role: "program-officer", facility: "LPCIP" },
        source: "user",
        commandId: crypto.randomUUID()
      })
    }
    await ledger.close()

    const intact = await cli("verify", "--db", db)
    expect(intact.code).toBe(0)
    expect(intact.stdout).toMatch(/^intact: 9 events, head #9 [0-9a-f]{64}/)

    const seal = JSON.parse((await cli("seal", "--db", db)).stdout)
    expect(seal.position).toBe(9)
    const unchanged = await cli("check-seal", "--db", db, "--position", "9", "--hash", seal.hash)
    expect(unchanged.code).toBe(0)

    const timeline = await cli("history", "cli-program", "--db", db)
    expect(timeline.stdout.split("\n")[0]).toMatch(
      /^#1 v1 ProgramDrafted occurred 2024-08-20T02:00:00.000Z .* by officer-1/
    )

    // Someone drops the append-only trigger and edits the capacity of the program in the file directly.
    await Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* sql`DROP TRIGGER events_no_update`
      yield* sql`UPDATE events SET data = replace(data, '"capacity":3', '"capacity":30') WHERE position = 1`
    }).pipe(Effect.provide(SqliteClient.layer({ filename: file })), Effect.runPromise)

    const broken = await cli("verify", "--db", db)
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain("BROKEN at position 1")
    const sealed = await cli("check-seal", "--db", db, "--position", "9", "--hash", seal.hash)
    expect(sealed.code).toBe(1)
    expect(sealed.stderr).toContain("the log was changed: BROKEN at position 1")
  })
})
