/**
 * docs/read-models.md tells the truth: every column of every table is documented with its type,
 * and every example query runs (and finds rows) on the founding case, on SQLite and PostgreSQL.
 */
import { SqlClient } from "@effect/sql"
import { DateTime, Effect, Layer, ManagedRuntime } from "effect"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { foundingCase } from "../../src/demo/cipinangBatik2024.js"
import * as Postgres from "../../src/adapters/sql/Postgres.js"
import * as Sqlite from "../../src/adapters/sql/Sqlite.js"
import * as Program from "../../src/domain/Program.js"
import * as Engine from "../../src/engine/Engine.js"
import * as Ledger from "../../src/ledger/Ledger.js"
import { fromDomain } from "../../src/ledger/Requests.js"
import * as Catalog from "../../src/projections/Catalog.js"
import * as Stores from "../../src/stores/Stores.js"
import { actorFor, castOf } from "../../src/demo/Cast.js"
import { ParticipantRegistry } from "../../src/ports/ParticipantRegistry.js"
import * as PrivacyKeys from "../../src/privacy/PrivacyKeys.js"
import { createSchema } from "../support/pgSchema.js"
import { postgres } from "../support/postgres.js"

const doc = readFileSync(new URL("../../docs/read-models.md", import.meta.url), "utf8")
const queries = Array.from(doc.matchAll(/```sql\n([\s\S]*?)```/g), (m) => m[1]!.trim())
  // the custom report's table exists only where its example registered it (test/examples.test.ts)
  .filter((q) => !q.includes("report_certified_by_facility_year"))

/** Records the founding case (and a correction typed in later) at `url`, with every read model current. */
const record = async (url: string) => {
  const runtime = ManagedRuntime.make(Stores.layerLedger(url, { privacy: PrivacyKeys.random() }))
  const scenario = foundingCase({ verificationCodeHash: () => "0".repeat(64) })
  // each command by the role the access policy names for it (src/demo/Cast.ts)
  const context = (tag: string, commandId: string) => ({
    actor: actorFor(tag, "LPCIP"),
    source: "user" as const,
    commandId
  })
  await runtime.runPromise(
    Effect.gen(function* () {
      const ledger = yield* Ledger.Ledger
      const registry = yield* ParticipantRegistry
      for (const p of scenario.participants)
        yield* registry.register(
          { participantId: p.participantId, kind: p.kind, facility: "LPCIP", fullName: p.displayName },
          castOf("LPCIP").officer
        )
      for (const [i, c] of scenario.commands.entries()) yield* ledger.execute(fromDomain(c), context(c._tag, `c-${i}`))
      yield* ledger.execute(
        fromDomain(
          new Program.CorrectAttendance({
            programId: scenario.programId,
            occurredAt: DateTime.unsafeMake("2024-09-05T05:00:00Z"),
            sessionId: `${scenario.programId}-s5` as Program.CorrectAttendance["sessionId"],
            participantId: "cip-batik-2024-p02" as Program.CorrectAttendance["participantId"],
            outcome: "present",
            correctionReason: "the paper register shows a signature"
          })
        ),
        context("CorrectAttendance", "correction")
      )
      yield* (yield* Engine.ProjectionEngine).catchUp()
    })
  )
  await runtime.dispose()
}

const runQueries = (client: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  Effect.runPromise(
    Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      return yield* Effect.forEach(queries, (q) =>
        Effect.map(sql.unsafe(q), (rows) => ({ query: q.split("\n")[0], rows: rows.length }))
      )
    }).pipe(Effect.provide(client), Effect.scoped)
  )

describe("docs/read-models.md", () => {
  it("documents every column of every built-in table, with its type", () => {
    for (const table of Catalog.builtIn.flatMap((p) => p.tables)) {
      expect(doc).toContain(`### \`${table.name}\``)
      for (const column of table.columns)
        expect(doc).toContain(`| \`${column.name}\` | ${column.type}${column.nullable ? ", null" : ""} |`)
    }
    expect(queries.length).toBeGreaterThanOrEqual(11)
  })

  const dir = mkdtempSync(join(tmpdir(), "training-ledger-docs-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it("every example query runs on SQLite and finds rows", async () => {
    const filename = join(dir, "docs.sqlite")
    await record(`sqlite:${filename}`)
    const results = await runQueries(Sqlite.layerClient({ filename }))
    for (const r of results) expect(r, r.query).toMatchObject({ rows: expect.any(Number) })
    expect(results.filter((r) => r.rows === 0)).toEqual([])
  }, 120_000)

  it.skipIf(!postgres.available)(
    "every example query runs on PostgreSQL and finds rows",
    async () => {
      const schema = await createSchema(postgres.url, "tl_docs")
      try {
        await record(schema.url)
        const results = await runQueries(Postgres.layerClient({ url: schema.url }))
        expect(results.filter((r) => r.rows === 0)).toEqual([])
      } finally {
        await schema.drop()
      }
    },
    120_000
  )
})
