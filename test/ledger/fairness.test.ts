/**
 * No writer starves on PostgreSQL: two processes, each with 8 executors, record 1,600 attendance
 * marks on one program (`bench/fairness.ts`, which also measures each process's p99 for the
 * benchmark notes; nothing here is timed). Before the stream's turn and the first-come lock, one
 * executor could lose 20 races in a row and give up with ConcurrencyRetriesExhausted.
 */
import { Effect, ManagedRuntime } from "effect"
import { execFile } from "node:child_process"
import { promisify } from "node:util"
import { afterAll, describe, expect, it } from "vitest"
import * as Ledger from "../../src/ledger/Ledger.js"
import * as Stores from "../../src/stores/Stores.js"
import { createSchema } from "../support/pgSchema.js"
import { postgres, postgresSuiteName } from "../support/postgres.js"

const run = promisify(execFile)

describe.skipIf(!postgres.available)(postgresSuiteName("PostgreSQL"), () => {
  const cleanups: Array<() => Promise<unknown>> = []
  afterAll(() => Promise.all(cleanups.map((c) => c())))

  it("two processes x 8 executors on one program: every command recorded once, none gives up", async () => {
    const schema = await createSchema(postgres.url, "tl_fair")
    cleanups.push(schema.drop)
    const { stdout } = await run(process.execPath, ["--import", "tsx", "bench/fairness.ts", schema.url, "80", "20"], {
      timeout: 120_000
    })
    const summary = JSON.parse(stdout.trim().split("\n").pop()!) as {
      programId: string
      results: ReadonlyArray<{ commands: number }>
    }
    expect(summary.results.map((r) => r.commands)).toEqual([800, 800])
    const runtime = ManagedRuntime.make(Stores.layerLedger(schema.url))
    const history = await runtime.runPromise(Effect.flatMap(Ledger.Ledger, (l) => l.history(summary.programId)))
    await runtime.dispose()
    const marks = history.filter((e) => e.event._tag === "AttendanceRecorded")
    expect(marks).toHaveLength(1600)
    expect(
      new Set(marks.map((e) => JSON.stringify([(e.event as any).sessionId, (e.event as any).participantId]))).size
    ).toBe(1600)
  }, 150_000)
})
